"""Exports: Excel mirrors the grid (openpyxl, LibreOffice when present), CSV has the documented
columns, JSON is the contract, HTML draws the grid over the scan."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from models.record import Document
from service.batch.scan import ScanOptions, run_scan
from service.batch.work import ExtractorSpec
from service.export.run import run_export
from service.storage import FormQuery, Store, apply_correction, list_forms
from tests.service.conftest import write_scan

DOCS = Path(__file__).resolve().parents[2] / "docs" / "exports.md"


@pytest.fixture
def scanned(sqlite_store: Store, tmp_path: Path) -> Store:
    root = tmp_path / "scans"
    for i in range(4):
        write_scan(root / ("a" if i < 2 else "b") / f"s{i}.png", i)
    spec = ExtractorSpec(target="tests.service.fakes:fake_extract")
    run_scan(sqlite_store, ScanOptions(root=root, executor="inline", extractor=spec))
    return sqlite_store


def test_xlsx_mirrors_the_form_with_merges_fills_and_findings(scanned: Store, tmp_path: Path) -> None:
    with scanned.transaction() as s:
        form = list_forms(s)[0]
        apply_correction(
            s, form.id, "fields.impl_unit", "改正中心", value="改正中心", expected_version=0, author="li"
        )
    out = tmp_path / "one.xlsx"
    assert run_export(scanned, "xlsx", out, document_id=form.document_id) == [out]
    book = load_workbook(out)
    assert book.sheetnames == ["自评表", "问题", "字段"]
    sheet = book["自评表"]
    # row 1: the year printed above the grid; rows 2-6: the grid, merged as detected
    assert sheet["A1"].value.startswith("（20") and sheet["A2"].value == "项目支出绩效自评表"
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:D1", "A2:D2", "B3:D3", "A5:A6"}
    assert sheet["D4"].value == "改正中心"  # the corrected value, not the OCR text
    assert sheet["D4"].fill.fgColor.rgb.endswith("E2EFDA")  # corrected: confidence 1.0
    findings = book["问题"]
    rows = list(findings.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(form_record_findings(scanned, form.id))
    for row in rows:
        refs = [r.split("!")[1] for r in str(row[4]).split(", ") if r]
        assert refs and all(re.fullmatch(r"[A-D][2-6]", r) for r in refs)
    many = run_export(scanned, "xlsx", tmp_path / "all")
    assert len(many) == 4 and all(p.suffix == ".xlsx" for p in many)


def form_record_findings(store: Store, form_id: int) -> list[str]:
    from service.storage import get_form_record

    with store.reader() as s:
        return [f.rule for f in get_form_record(s, form_id).findings]


def test_xlsx_converts_in_libreoffice(scanned: Store, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    (workbook,) = run_export(scanned, "xlsx", tmp_path / "x", query="text=项目")[:1]
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(workbook)],
        check=True,
        timeout=120,
        capture_output=True,
    )
    assert (tmp_path / "pdf" / f"{workbook.stem}.pdf").stat().st_size > 0


def documented_columns() -> dict[str, list[str]]:
    """Column names per CSV file from the tables of docs/exports.md (`a, b` rows name several)."""
    columns: dict[str, list[str]] = {}
    current = None
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"### (\w+\.csv)", line):
            current = columns.setdefault(match.group(1), [])
        elif current is not None and line.startswith("| ") and not line.startswith(("| column", "|---")):
            current.extend(name.strip() for name in line.split("|")[1].split(","))
    return columns


def test_csv_has_the_documented_columns(scanned: Store, tmp_path: Path) -> None:
    written = run_export(scanned, "csv", tmp_path / "csv")
    assert [p.name for p in written] == ["forms.csv", "indicators.csv", "findings.csv"]
    expected = documented_columns()
    try:
        import pandas as pd
    except ImportError:
        pd = None
    for path in written:
        if pd is not None:
            frame = pd.read_csv(path, encoding="utf-8-sig")
            header, count = list(frame.columns), len(frame)
        else:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.reader(handle))
            header, count = rows[0], len(rows) - 1
        assert header == expected[path.name], path.name
        assert count > 0
    with (tmp_path / "csv" / "forms.csv").open(encoding="utf-8-sig") as handle:
        forms = list(csv.DictReader(handle))
    assert len(forms) == 4 and all(f["project_name"].startswith("项目") for f in forms)
    v3 = run_export(scanned, "csv", tmp_path / "v3", query="rule=V3")
    with v3[0].open(encoding="utf-8-sig") as handle:
        assert all("V3" in row["rules"].split(";") for row in csv.DictReader(handle))


def test_json_and_folder_selection(scanned: Store, tmp_path: Path) -> None:
    folder = str(tmp_path / "scans" / "a")
    (single,) = run_export(scanned, "json", tmp_path / "a.json", folder=folder)
    documents = [Document.model_validate(d) for d in json.loads(single.read_text(encoding="utf-8"))]
    assert sorted(Path(d.source.path).name for d in documents) == ["s0.png", "s1.png"]
    with scanned.reader() as s:
        doc_id = list_forms(s, FormQuery())[0].document_id
    (one,) = run_export(scanned, "json", tmp_path / "one.json", document_id=doc_id)
    assert Document.model_validate_json(one.read_text(encoding="utf-8")).forms


def test_html_report_draws_the_grid_over_the_thumbnails(scanned: Store, tmp_path: Path) -> None:
    (report,) = run_export(scanned, "html", tmp_path / "report.html")
    page = report.read_text(encoding="utf-8")
    assert page.count("<svg") == 4 and page.count("data:image/jpeg;base64,") == 4
    assert page.count("<rect") >= 4 * 14 and "p0t0r3c3" in page
    assert "得分应为" in page or "置信度低" in page


EVIL = '=HYPERLINK("http://evil.example","x")'


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_leading_text_is_neutralised_in_csv_and_xlsx(
    scanned: Store, tmp_path: Path, lead: str
) -> None:
    text = lead + EVIL[1:]
    with scanned.transaction() as s:
        form = list_forms(s)[0]
        apply_correction(s, form.id, "fields.impl_unit", text, value=text, expected_version=0, author="li")
        apply_correction(s, form.id, "fields.total_score", "-12.5", expected_version=1, author="li")
    written = run_export(scanned, "csv", tmp_path / "csv", document_id=form.document_id)
    forms_csv = next(p for p in written if p.stem == "forms")
    row = next(csv.DictReader(forms_csv.open(encoding="utf-8-sig", newline="")))
    assert row["impl_unit"] == "'" + text
    assert row["total_score"] == "-12.5"  # a real negative number stays a number
    out = tmp_path / "one.xlsx"
    run_export(scanned, "xlsx", out, document_id=form.document_id)
    book = load_workbook(out)
    cells = [c for ws in book.worksheets for r in ws.iter_rows() for c in r if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formula anywhere
    shown = [c.value for c in cells if isinstance(c.value, str) and c.value.endswith(EVIL[1:])]
    assert shown and all(v.startswith("'") for v in shown)  # (openpyxl writes a CR as _x000D_)
    assert all(not (isinstance(c.value, str) and c.value.startswith(("=", "@"))) for c in cells)


def test_exports_show_names_relative_to_the_scanned_folder(scanned: Store, tmp_path: Path) -> None:
    written = run_export(scanned, "csv", tmp_path / "csv")
    forms_csv = next(p for p in written if p.stem == "forms")
    paths = [r["source_path"] for r in csv.DictReader(forms_csv.open(encoding="utf-8-sig", newline=""))]
    assert sorted(paths) == ["a/s0.png", "a/s1.png", "b/s2.png", "b/s3.png"]
    html_report = run_export(scanned, "html", tmp_path / "r.html")[0].read_text(encoding="utf-8")
    assert str(tmp_path / "scans") not in html_report and "a/s0.png" in html_report


SAMPLE_TRUTH = Path(__file__).resolve().parents[2] / "sample_scans" / "anhui_town_2022_dlmh" / "truth.json"


def test_export_of_a_result_file_writes_numbers_with_number_formats(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from service.cli import app

    out = tmp_path / "form.xlsx"
    result = CliRunner().invoke(app, ["export", str(SAMPLE_TRUTH), "--format", "xlsx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    sheet = load_workbook(out)["自评表"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    formats = {(c.value, c.number_format) for c in cells if isinstance(c.value, float)}
    # the truth of this form: 202.6 万元 budget, 65.6 % execution rate, 6.56 score, total 94.56
    assert {(202.6, "#,##0.00"), (0.656, "0.00%"), (6.56, "0.##"), (94.56, "0.##")} <= formats
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert not texts & {"202.6", "65.6%", "6.56", "94.56"}  # no number left as text
    assert "—" in texts  # a dash stays the printed text
    fields = load_workbook(out)["字段"]
    rate = next(r for r in fields.iter_rows(min_row=2) if r[0].value == "funds.total.exec_rate")
    assert rate[2].value == 0.656 and rate[2].number_format == "0.00%"


@pytest.mark.parametrize("fmt", ["csv", "html", "json"])
def test_export_of_a_result_file_in_every_format(tmp_path: Path, fmt: str) -> None:
    from typer.testing import CliRunner

    from service.cli import app

    out = tmp_path / ("out.html" if fmt == "html" else "out.json" if fmt == "json" else "csv")
    result = CliRunner().invoke(app, ["export", str(SAMPLE_TRUTH), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = [Path(line) for line in result.stdout.split()]
    assert written and all(p.exists() for p in written)
    truth = Document.model_validate_json(SAMPLE_TRUTH.read_bytes())
    project = truth.forms[0].fields.project_name
    assert project is not None
    if fmt == "json":
        assert Document.model_validate_json(out.read_bytes()).forms[0].fields == truth.forms[0].fields
    else:
        assert any(project.text in p.read_text(encoding="utf-8-sig") for p in written)


def test_export_of_a_bad_result_file_exits_2(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from service.cli import app

    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["export", str(bad), "--format", "xlsx", "--out", str(tmp_path / "x.xlsx")]
    )
    assert result.exit_code == 2 and str(bad) in result.output
    both = CliRunner().invoke(
        app, ["export", str(SAMPLE_TRUTH), "--document", "1", "--format", "csv", "--out", str(tmp_path)]
    )
    assert both.exit_code == 2
