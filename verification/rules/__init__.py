"""Rules V1–V12 of form.md §4, one small module per block of the form; each check takes the
digested form (`verification.view.FormView`) and returns its findings."""

from __future__ import annotations

from collections.abc import Callable

from models.record import Finding
from verification.rules.deviation import check_deviation
from verification.rules.funds import check_exec_score, check_rates, check_sources
from verification.rules.goals import check_goal_text
from verification.rules.indicators import check_qualitative, check_quantitative
from verification.rules.totals import check_grade, check_sums
from verification.rules.weights import (
    check_level1_weights,
    check_score_bounds,
    check_split,
    check_total_weight,
)
from verification.view import FormView

Check = Callable[[FormView], list[Finding]]

# In rule order, so that findings come out V1 … V12.
CHECKS: tuple[Check, ...] = (
    check_sources,  # V1
    check_rates,  # V2
    check_exec_score,  # V3
    check_total_weight,  # V4
    check_level1_weights,  # V4
    check_split,  # V4 (warning)
    check_score_bounds,  # V5
    check_quantitative,  # V6
    check_qualitative,  # V7
    check_deviation,  # V8
    check_sums,  # V4 sum, V9, V11
    check_grade,  # V10
    check_goal_text,  # V12
)

__all__ = ["CHECKS", "Check"]
