"""Real published 自评表 as cell grids (tests/fixtures/real_forms/), and how well the mapper reads them.

Each fixture is one real form (or a negative: a table that shares the vocabulary but is no
self-assessment) transcribed from a public page as rows of cell text, with the printed text of every
canonical field it shows. `pages_of` turns a fixture into the PageContent the mapper sees; `score`
compares the mapper's forms with the expected record, field by field, on printed text.
Run `python -m bench.real_forms` for a per-fixture table.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, model_validator
from pydantic import Field as PydField

from bench.grids import LEFT, UP, table_from_markers
from bench.metrics.align import align
from bench.paths import REPO_ROOT
from extraction.types import PageContent, TextBlock
from models.record import Field, Form, FormKind, IndicatorRow, Table

X0, COL_W, ROW_H, LINE_H = 100, 160, 60, 50
PAGE_W, PAGE_H = 2480, 3508
ROW_MIN_SIMILARITY = 0.3  # an indicator row pairs with a predicted one sharing at least this share of keys
FIELD_IDS = (
    "form_title",
    "fiscal_year",
    "project_name",
    "competent_dept",
    "impl_unit",
    "goal_expected",
    "goal_actual",
    "total_weight",
    "total_score",
    "grade",
)
_FUNDS_KEY = re.compile(r"^(total|fiscal_current|carryover|other)(?:\[(\d+)\])?\.(\w+)$")
_BLANK = frozenset(("", "…", "……", "/", "—", "-"))
_INDICATOR_KEYS = frozenset(
    ("level1", "level2", "level3", "op", "target", "unit", "actual", "weight", "score", "deviation")
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FixturePage(_Model):
    above: list[str] = PydField(default_factory=list)
    rows: list[list[str]]
    below: list[str] = PydField(default_factory=list)

    @model_validator(mode="after")
    def _grid(self) -> FixturePage:
        check_grid(self.rows)
        return self


class Expected(_Model):
    kind: FormKind | None
    fields: dict[str, str] = PydField(default_factory=dict)
    funds: dict[str, str] = PydField(default_factory=dict)
    indicators: list[dict[str, str]] = PydField(default_factory=list)

    @model_validator(mode="after")
    def _keys(self) -> Expected:
        unknown = [k for k in self.fields if k not in FIELD_IDS]
        unknown += [k for k in self.funds if not _FUNDS_KEY.match(k)]
        unknown += [k for row in self.indicators for k in row if k not in _INDICATOR_KEYS]
        if unknown:
            raise ValueError(f"unknown expected keys: {unknown}")
        return self


class RealForm(_Model):
    name: str = ""  # the file stem, set by load_fixture
    source: str
    publisher: str
    province: str
    year: int | None  # None: the page does not print it
    layout_note: str
    pages: list[FixturePage]
    expected: Expected

    @model_validator(mode="after")
    def _source(self) -> RealForm:
        if not self.source.startswith(("http://", "https://")):
            raise ValueError("source must be the page address")
        if not self.pages:
            raise ValueError("a fixture needs at least one page")
        return self

    @property
    def negative(self) -> bool:
        return self.expected.kind != "self_assessment"


class Wrong(_Model):
    key: str
    expected: str | None
    got: str | None


class RealFormScore(_Model):
    right: int = 0
    total: int = 0
    wrong: list[Wrong] = PydField(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0

    def check(self, key: str, expected: str | None, got: str | None, ok: bool) -> None:
        self.total += 1
        if ok:
            self.right += 1
        else:
            self.wrong.append(Wrong(key=key, expected=expected, got=got))


def check_grid(rows: list[list[str]]) -> None:
    """Rows all the same length, and every marker continues a cell that exists."""
    if not rows or not rows[0]:
        raise ValueError("empty grid")
    width = len(rows[0])
    for r, row in enumerate(rows):
        if len(row) != width:
            raise ValueError(f"row {r} has {len(row)} cells, row 0 has {width}")
        for c, text in enumerate(row):
            if (text == LEFT and c == 0) or (text == UP and r == 0):
                raise ValueError(f"marker {text!r} at r{r}c{c} has no cell to continue")


def fixtures_dir() -> Path:
    return REPO_ROOT / "tests" / "fixtures" / "real_forms"


def fixture_paths() -> list[Path]:
    return sorted(fixtures_dir().glob("*.json"))


def load_fixture(path: Path) -> RealForm:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["name"] = path.stem
    return RealForm.model_validate(data)


def build_table(rows: list[list[str]], page: int, y0: int) -> Table:
    """A Table from a marker grid: one Cell per owner slot, spans from the markers, boxes from the grid."""
    return table_from_markers(rows, page=page, x0=X0, y0=y0, col_w=COL_W, row_h=ROW_H)


def pages_of(fixture: RealForm) -> list[PageContent]:
    """What the mapper would see: each page's table, with its `above` lines over it and `below` lines under it."""
    out: list[PageContent] = []
    for index, page in enumerate(fixture.pages):
        y0 = 150 + LINE_H * len(page.above)
        table = build_table(page.rows, index, y0)
        blocks = [_block(text, 120 + LINE_H * i) for i, text in enumerate(page.above)]
        bottom = table.bbox[3] + 20
        blocks += [_block(text, bottom + LINE_H * i) for i, text in enumerate(page.below)]
        width = max(PAGE_W, table.bbox[2] + X0)
        height = max(PAGE_H, bottom + LINE_H * len(page.below) + 100)
        out.append(PageContent(page=index, width=width, height=height, tables=[table], text_blocks=blocks))
    return out


def _block(text: str, y: int) -> TextBlock:
    return TextBlock(text=text, bbox=(X0, y, X0 + 1200, y + LINE_H - 10), confidence=0.99)


def normalize(text: str | None) -> str:
    """Printed text as compared: NFKC, no whitespace, no trailing colon."""
    if text is None:
        return ""
    flat = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return flat.rstrip(":：")


def _year_text(text: str) -> str:
    flat = normalize(text).strip("()（）")
    return flat.removesuffix("年度").removesuffix("年")


# The contract keeps the year in fiscal_year: a title line `2020年度…自评表` is compared without it.
_TITLE_YEAR = re.compile(r"[(（]?(?:19|20)\d{2}年度?[)）]?")
_DASHES = frozenset("-—–―─一_")
# Glyph variants of one operator (the slanted ≧ and ⩾ of some fonts, the double-bar ═): the record
# keeps the operator, and no OCR model tells the variants apart.
_OPERATOR_GLYPHS = str.maketrans({"≧": "≥", "⩾": "≥", "≦": "≤", "⩽": "≤", "═": "=", "﹦": "="})


def field_matches(key: str, expected: str, got: Field | None) -> bool:
    if got is None:
        return False
    if key == "fields.fiscal_year":
        return _year_text(expected) in (str(got.value), _year_text(got.text))
    want = normalize(expected).translate(_OPERATOR_GLYPHS)
    have = normalize(got.text).translate(_OPERATOR_GLYPHS)
    if key == "fields.form_title":
        want, have = _TITLE_YEAR.sub("", want), _TITLE_YEAR.sub("", have)
    if want and have and set(want) <= _DASHES and set(have) <= _DASHES:
        return True  # a printed dash for "none": hyphen, em dash or its OCR reading 一 are one mark
    return want == have


def funds_field(form: Form, key: str) -> Field | None:
    found = _FUNDS_KEY.match(key)
    if found is None:
        return None
    row_id, nth, column = found.group(1), int(found.group(2) or 0), found.group(3)
    rows = [r for r in form.funds.rows if r.row == row_id]
    if nth >= len(rows):
        return None
    value: Field | None = getattr(rows[nth], column, None)
    return value


def _text(field: Field | None) -> str | None:
    return None if field is None else field.text


def _row_similarity(expected: dict[str, str], got: IndicatorRow) -> float:
    keys = [k for k in expected if normalize(expected[k])]
    if not keys:
        return 0.0
    same = sum(1 for k in keys if field_matches(k, expected[k], got.column(k)))
    return same / len(keys)


def _has_content(row: IndicatorRow) -> bool:
    """A predicted row with a value: blank template rows (指标2, ……) read as rows are not counted as extra."""
    values = (row.target, row.actual, row.weight, row.score)
    blank = {normalize(b) for b in _BLANK}
    return any(normalize(_text(v)) not in blank for v in values)


def _score_indicators(fixture: RealForm, form: Form, out: RealFormScore) -> None:
    rows = fixture.expected.indicators
    got = form.indicators
    similarity = np.array([[_row_similarity(e, g) for g in got] for e in rows], dtype=np.float64)
    pairs = align(similarity.reshape(len(rows), len(got)), ROW_MIN_SIMILARITY)
    for t, p in pairs:
        if t is None:
            if p is not None and _has_content(got[p]):
                out.check(f"indicators[extra {p}]", None, _text(got[p].level3), False)
            continue
        for key, text in rows[t].items():
            field = got[p].column(key) if p is not None else None
            out.check(f"indicators[{t}].{key}", text, _text(field), field_matches(key, text, field))


def score_form(fixture: RealForm, form: Form) -> RealFormScore:
    out = RealFormScore()
    out.check("kind", fixture.expected.kind, form.kind, form.kind == fixture.expected.kind)
    for key, text in fixture.expected.fields.items():
        field = getattr(form.fields, key)
        out.check(f"fields.{key}", text, _text(field), field_matches(f"fields.{key}", text, field))
    for key, text in fixture.expected.funds.items():
        field = funds_field(form, key)
        out.check(f"funds.{key}", text, _text(field), field_matches(f"funds.{key}", text, field))
    _score_indicators(fixture, form, out)
    return out


def score(fixture: RealForm, forms: list[Form]) -> RealFormScore:
    """Positive: the best-matching claimed form, every expected field one check; extra forms one check each.

    Negative: one check; right when no form is claimed (kind null) or every claimed form has the
    expected kind (a 目标申报表 read as target_declaration).
    """
    if fixture.negative:
        out = RealFormScore()
        kinds = [f.kind for f in forms]
        ok = not kinds if fixture.expected.kind is None else all(k == fixture.expected.kind for k in kinds)
        out.check("negative", str(fixture.expected.kind), ",".join(kinds) or None, ok)
        return out
    if not forms:
        out = RealFormScore()
        out.check("form", "self_assessment", None, False)
        return out
    scored = [score_form(fixture, f) for f in forms]
    best = max(range(len(forms)), key=lambda i: scored[i].right)
    out = scored[best]
    for i in range(len(forms)):
        if i != best:
            out.check(f"forms[extra {i}]", None, forms[i].kind, False)
    return out


class RealFormsRun(BaseModel):
    """The mapper on every real-form fixture: per fixture and in total."""

    rows: list[tuple[str, str, bool, int, int, str]] = []  # name, province, negative, right, total, note
    right: int = 0
    total: int = 0
    negatives: int = 0
    false_forms: int = 0
    provinces: list[str] = []


def run_fixtures() -> RealFormsRun:
    from extraction.mapping import map_pages

    run = RealFormsRun()
    fixtures = [load_fixture(p) for p in fixture_paths()]
    for fx in fixtures:
        result = score(fx, map_pages(pages_of(fx)))
        if fx.negative:
            run.negatives += 1
            run.false_forms += result.right == 0
        else:
            run.right, run.total = run.right + result.right, run.total + result.total
        run.rows.append((fx.name, fx.province, fx.negative, result.right, result.total, fx.layout_note))
    run.provinces = sorted({fx.province for fx in fixtures if not fx.negative})
    return run


def report(run: RealFormsRun) -> str:
    """Markdown: totals, then the fixtures below 100 % (the rest are listed by count)."""
    positives = len(run.rows) - run.negatives
    accuracy = run.right / run.total if run.total else 0.0
    lines = [
        f"Real published forms as cell grids (no OCR): **{accuracy:.1%}** field accuracy "
        f"({run.right}/{run.total}) on {positives} forms from {len(run.provinces)} provinces "
        f"({' '.join(run.provinces)}); {run.negatives} negatives, **{run.false_forms}** false forms claimed.",
        "",
        "| fixture | province | right | layout |",
        "|---|---|---:|---|",
    ]
    imperfect = [r for r in run.rows if r[3] < r[4]]
    lines += [f"| {n} | {p} | {r}/{t} | {note[:60]} |" for n, p, _, r, t, note in imperfect]
    lines.append(f"| *{len(run.rows) - len(imperfect)} more at 100 %* | | | |")
    return "\n".join(lines)


def _run() -> None:
    run = run_fixtures()
    print(f"{'fixture':38} {'prov':4} {'acc':>6} {'right':>9}  layout")
    for name, province, _, right, total, note in run.rows:
        acc = f"{right / total if total else 0:6.1%}"
        print(f"{name:38} {province:4} {acc} {right:4}/{total:<4}  {note[:70]}")
    print(
        f"\npositives: {len(run.rows) - run.negatives} from {len(run.provinces)} provinces ({' '.join(run.provinces)})"
    )
    print(
        f"overall field accuracy: {run.right}/{run.total} = {run.right / run.total if run.total else 0:.1%}"
    )
    print(f"negatives: {run.negatives}, false forms claimed: {run.false_forms}")


if __name__ == "__main__":
    _run()
