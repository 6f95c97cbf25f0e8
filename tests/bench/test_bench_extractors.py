from types import SimpleNamespace

from bench.extractors import Extractor, make_extractor
from bench.extractors.img2table_peer import convert_table
from bench.extractors.pseudo import TextBox, group_lines, page_content
from bench.extractors.tesseract import _words_to_boxes
from bench.metrics.bounds import check_bound, failed_bound
from tests.bench.helpers import document


def test_whole_page_boxes_become_a_pseudo_table():
    boxes = [
        TextBox(text="项目名称", bbox=(10, 100, 90, 120)),
        TextBox(text="社会保险经办服务", bbox=(120, 102, 300, 121)),  # same line, a little lower
        TextBox(text="项目支出绩效自评表", bbox=(100, 20, 300, 50)),  # title, above
        TextBox(text="主管部门", bbox=(10, 140, 90, 160)),
        TextBox(text="实施单位", bbox=(320, 141, 400, 159)),
        TextBox(text="某局", bbox=(120, 139, 200, 161)),
    ]
    content = page_content(boxes, page=0, width=500, height=300)
    [table] = content.tables
    assert (table.n_rows, table.n_cols) == (3, 3)
    rows = [[c.text for c in table.cells if c.row == r] for r in range(table.n_rows)]
    assert rows == [
        ["项目支出绩效自评表"],
        ["项目名称", "社会保险经办服务"],
        ["主管部门", "某局", "实施单位"],
    ]
    assert [c.id for c in table.cells if c.row == 2] == ["p0t0r2c0", "p0t0r2c1", "p0t0r2c2"]
    assert all(c.row_span == 1 and c.col_span == 1 for c in table.cells)
    assert table.bbox == (10, 20, 400, 161)
    assert [b.text for b in content.text_blocks] == [
        "项目支出绩效自评表",
        "项目名称 社会保险经办服务",
        "主管部门 某局 实施单位",
    ]


def test_empty_page_has_no_pseudo_table():
    content = page_content([], page=1, width=10, height=10)
    assert content.tables == [] and content.text_blocks == []
    assert group_lines([]) == []


def test_tesseract_words_split_at_wide_gaps():
    data = {
        "text": ["项目", "名称", "社会", "保险", ""],
        "conf": [90, 80, 70, 60, -1],
        "left": [10, 42, 200, 232, 0],
        "top": [100, 100, 101, 101, 0],
        "width": [30, 30, 30, 30, 0],
        "height": [20, 20, 20, 20, 0],
        "block_num": [1, 1, 1, 1, 1],
        "par_num": [1, 1, 1, 1, 1],
        "line_num": [1, 1, 1, 1, 1],
    }
    boxes = _words_to_boxes(data)
    assert [b.text for b in boxes] == ["项目 名称", "社会 保险"]
    assert boxes[0].bbox == (10, 100, 72, 120)
    assert abs(boxes[1].score - 0.65) < 1e-9


def test_img2table_spans_fold_back():
    def cell(x1, y1, x2, y2, value):
        return SimpleNamespace(bbox=SimpleNamespace(x1=x1, y1=y1, x2=x2, y2=y2), value=value)

    merged = cell(0, 0, 20, 10, "项目名称")
    extracted = SimpleNamespace(
        bbox=SimpleNamespace(x1=0, y1=0, x2=20, y2=20),
        content={
            0: [merged, cell(0, 0, 20, 10, "项目名称")],
            1: [cell(0, 10, 10, 20, "a"), cell(10, 10, 20, 20, None)],
        },
    )
    table = convert_table(extracted, page=0, index=0)
    assert [(c.id, c.row_span, c.col_span, c.text) for c in table.cells] == [
        ("p0t0r0c0", 1, 2, "项目名称"),
        ("p0t0r1c0", 1, 1, "a"),
        ("p0t0r1c1", 1, 1, ""),
    ]
    assert (table.n_rows, table.n_cols) == (2, 2)


def test_unknown_extractor_name():
    try:
        make_extractor("nope")
    except ValueError as exc:
        assert "formtally" in str(exc)
    else:
        raise AssertionError("expected ValueError")


def test_bounds():
    doc = document()  # one table of 4 cells, one form
    assert not check_bound("wired__table2.jpg", doc).passed
    assert check_bound("wired__wired_big_box.png", doc).passed
    no_table = check_bound("wired__no_table.jpg", doc)
    assert not no_table.passed and no_table.found.startswith("1 form")
    assert check_bound("wired__no_table.jpg", document(forms=[], tables=[])).passed
    assert failed_bound("wired__table2.jpg", "boom").found == "failed: boom"


def test_protocol_is_structural():
    class Fake:
        name = "fake"

        def extract(self, path):
            return document()

    assert isinstance(Fake(), Extractor)
