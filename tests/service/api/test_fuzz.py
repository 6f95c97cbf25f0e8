"""Fuzzing with Hypothesis: the loader on random and mutated bytes (only LoadError may escape) and
the value parser on random text (it never raises)."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from extraction.load import LoadedDocument, LoadError, LoadLimits, load_document
from models import parsing
from models.field_values import parse_for_path
from tests.service.api import inputs
from tests.service.api.conftest import png_bytes

LIMITS = LoadLimits(max_file_bytes=2_000_000, max_pixels=2_000_000, max_pages=4)  # keep decoding cheap
# Pillow warns about the damage it skips over (corrupt EXIF, oversized tags): expected here.
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")
FUZZ = settings(
    max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)


def _encoded(fmt: str, **params: object) -> bytes:
    buffer = io.BytesIO()
    Image.open(io.BytesIO(png_bytes(5, (64, 48)))).save(buffer, format=fmt, **params)
    return buffer.getvalue()


SEEDS = [
    png_bytes(1, (64, 48)),
    _encoded("JPEG", quality=70),
    _encoded("BMP"),
    _encoded("WEBP"),
    _encoded("TIFF", compression="tiff_lzw"),
    inputs.tiff("1"),
    inputs.tiff("I;16", frames=2),
    inputs.pages_pdf(2),
    inputs.encrypted_pdf(),
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        if action == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[max(at, 1) :]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 64))]
    return bytes(data)


def _load(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.bin"
        path.write_bytes(data)
        try:
            loaded = load_document(path, LIMITS, dpi=72)
        except LoadError as exc:
            assert str(exc).startswith(str(path)) and "\n" not in str(exc)
            return
    assert isinstance(loaded, LoadedDocument) and loaded.pages
    assert all(page.ndim == 3 and page.shape[2] == 3 and page.dtype.name == "uint8" for page in loaded.pages)


def test_loader_tiff_frame_without_size(tmp_path: Path) -> None:
    path = tmp_path / "frames.tif"
    path.write_bytes(inputs.tiff_frame_without_size())
    with pytest.raises(LoadError):
        load_document(path)


@FUZZ
@given(data=mutated())
def test_loader_on_mutated_files_raises_only_load_error(data: bytes) -> None:
    _load(data)


@FUZZ
@given(
    data=st.one_of(
        st.binary(max_size=2048),
        st.sampled_from([b"%PDF-", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*", b"BM"]).flatmap(
            lambda head: st.binary(max_size=512).map(lambda tail: head + tail)
        ),
    )
)
def test_loader_on_random_bytes_raises_only_load_error(data: bytes) -> None:
    _load(data)


GRAMMAR = "0123456789.,%‰≥≤><=＞＜≧≦约左右不低于高于以上以下内万元千亿个人次年月日季度前底按时及达成较好部分未无不适用/-—～~（）() \t\n"
TEXT = st.one_of(st.text(alphabet=GRAMMAR, max_size=30), st.text(max_size=30))
PATHS = [
    "funds.total.budget_initial",
    "funds.total.exec_rate",
    "funds.other.exec_score",
    "indicators[0].target",
    "indicators[0].actual",
    "indicators[0].deviation",
    "indicators[0].weight",
    "fields.fiscal_year",
    "fields.total_score",
    "level1_weights.产出指标",
    "fields.project_name",
]


@FUZZ
@given(text=TEXT, unit=st.sampled_from(["万元", "元", "千元", "", "亿元"]))
def test_value_parser_never_raises(text: str, unit: str) -> None:
    parsing.normalize_text(text)
    parsing.is_na(text)
    parsing.parse_op(text)
    parsing.normalize_unit(text)
    parsing.parse_indicator_value(text)
    parsing.combine_split(text[:3], text[3:], text[-2:])
    amount = parsing.parse_amount(text, block_unit=unit)
    assert amount is None or isinstance(amount, float)
    parsing.parse_rate(text)
    parsing.parse_rate(text, ratio_hint=True)
    parsing.parse_number(text)
    parsing.parse_year(text)
    for path in PATHS:
        parse_for_path(path, text, funds_unit=unit or "万元")
