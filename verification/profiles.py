"""Rule profiles: the local conventions that change what the rules expect (form.md §4, §5).

- `national` (default): execution weighted 10, scored linearly `分值 × min(执行率, 1)`, usual
  level-1 split 产出 50 / 效益 30 / 满意度 10.
- `exec20` (Hubei platforms): execution weighted 20, scored linearly; no level-1 split convention.
- `stepped` (Jiangxi-style): execution weighted 10 and scored in steps of the execution rate
  instead of linearly — rate ≥ 90%: full weight; [80%, 90%): 80% of it; [70%, 80%): 60%;
  [60%, 70%): 40%; below 60%: 0. The steps are data (`exec_steps`): a province with other
  bands gets its own profile rather than a code change.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class ExecStep(BaseModel):
    """From `min_rate` (a fraction) upwards, the execution score is `fraction × 分值`."""

    model_config = ConfigDict(frozen=True)

    min_rate: float
    fraction: float


class RuleProfile(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    description: str
    exec_weight: float = 10.0  # 分值 of the funds block
    total_weight: float = 100.0  # 分值 of the 总分 row
    exec_scoring: Literal["linear", "stepped"] = "linear"
    exec_steps: tuple[ExecStep, ...] = ()  # highest min_rate first; used when exec_scoring is stepped
    # The usual split of the indicator weights by level-1 label; empty = no convention to check.
    level1_split: dict[str, float] = {"产出指标": 50.0, "效益指标": 30.0, "满意度指标": 10.0}
    overachieve_factor: float = 1.2  # B ≥ factor·A needs a deviation text (V8)
    low_exec_rate: float = 0.9  # an execution rate below this needs a reason (V8)

    def exec_fraction(self, rate: float) -> float:
        """Share of the execution weight earned at `rate` (a fraction)."""
        if self.exec_scoring == "linear":
            return max(0.0, min(rate, 1.0))
        return next((s.fraction for s in self.exec_steps if rate >= s.min_rate), 0.0)


JIANGXI_STEPS = (
    ExecStep(min_rate=0.9, fraction=1.0),
    ExecStep(min_rate=0.8, fraction=0.8),
    ExecStep(min_rate=0.7, fraction=0.6),
    ExecStep(min_rate=0.6, fraction=0.4),
)

PROFILES: dict[str, RuleProfile] = {
    "national": RuleProfile(
        name="national", description="财预〔2020〕10号 national form: execution 10, linear"
    ),
    "exec20": RuleProfile(
        name="exec20",
        description="Hubei platforms: execution weighted 20, linear",
        exec_weight=20.0,
        level1_split={},
    ),
    "stepped": RuleProfile(
        name="stepped",
        description="Jiangxi-style: execution 10 scored in steps (≥90% full, 80/60/40% below, <60% none)",
        exec_scoring="stepped",
        exec_steps=JIANGXI_STEPS,
    ),
}
