"""The review app in a real browser: `formtally review` on the seeded store, driven by headless
Debian Chromium through Playwright (see /work/shared/notes/browser-tests.md).

Types the reviewer's name in the queue, opens 石嘴山 seed form 1 from it, corrects 年度资金总额 · 得分
from 100 to 10 in the funds table with the scan in the same viewport (asserted from the element boxes
on a laptop-sized window), checks that findings V3 and V5 disappear, that the change is in the history
(on screen and in the corrections log), that the edited cell is the cursor on the scan and a click in
定位 mode moves it, that a reload keeps the reviewer's name, and saves screenshots to
tests/ui/artifacts/.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import FloatRect, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from service import review
from service.storage import list_corrections
from tests.ui.conftest import Seeded
from ui.tables import funds_table

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WAIT_MS = 30_000

pytestmark = pytest.mark.skipif(
    not CHROMIUM.is_file(), reason="/usr/bin/chromium is absent (apt-get install -y chromium)"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(seeded: Seeded) -> Iterator[str]:
    """`formtally review` on 127.0.0.1, a free port, the seeded data directory."""
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "service.cli",
        "review",
        "--port",
        str(port),
        "--data",
        str(seeded.data_dir),
    ]
    log = (seeded.data_dir / "review-server.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _wait_healthy(url: str, process: subprocess.Popen[bytes], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"formtally review exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)  # not listening yet
    raise TimeoutError(f"{url} did not answer within {timeout_s} s")


def _settled_box(locator: Locator) -> FloatRect:
    """The element's box once it stops moving (images and panels above it load late)."""
    previous = None
    for _ in range(50):
        box = locator.bounding_box()
        if box is not None and box == previous:
            return box
        previous = box
        time.sleep(0.2)
    raise AssertionError(f"{locator} never settled")


def edit_grid_cell(
    page: Page,
    grid: Locator,
    *,
    column: int,
    old: str,
    new: str,
    attempts: int = 3,
    while_open: Callable[[Locator], None] | None = None,
) -> None:
    """Type `new` into row 0, `column` of a data editor, checking first that the cell holds `old`.

    The grid is a canvas: click its first cell, move with the arrow keys, open the cell editor with
    Enter. On a loaded machine a key can land before the grid has focus; then cancel and retry.
    `while_open` sees the open cell editor before the new text goes in.
    """
    grid.locator("canvas").first.wait_for()
    editor = page.locator("textarea.gdg-input")
    for _ in range(attempts):
        grid.scroll_into_view_if_needed()
        box = _settled_box(grid)
        page.mouse.click(box["x"] + 20, box["y"] + 35 + 17)  # below the header row, in row 0
        page.wait_for_timeout(300)
        for _ in range(column):
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(80)
        page.keyboard.press("Enter")
        try:
            editor.wait_for(timeout=5000)
        except PlaywrightTimeout:
            continue  # the grid did not take the keys; try again
        if editor.input_value() == old:
            if while_open is not None:
                while_open(editor)
            editor.fill(new)
            editor.press("Enter")
            return
        page.keyboard.press("Escape")  # another cell: leave it unchanged
        expect(editor).to_have_count(0)
    raise AssertionError(f"could not open the cell holding {old!r} in column {column}")


def _visible_height(box: FloatRect, viewport: dict[str, int]) -> float:
    """How many pixels of the box's height are inside the viewport."""
    return max(0.0, min(box["y"] + box["height"], viewport["height"]) - max(box["y"], 0.0))


def assert_scan_beside(page: Page, editor: Locator, viewport: dict[str, int]) -> None:
    """The scan and the value being edited are on screen together (element boxes, not pixels)."""
    scan = page.locator(".st-key-scan-pane img").first
    scan_box, editor_box = _settled_box(scan), _settled_box(editor)
    assert _visible_height(editor_box, viewport) == editor_box["height"], editor_box  # wholly in view
    assert _visible_height(scan_box, viewport) >= min(300, scan_box["height"]), scan_box
    assert scan_box["x"] + scan_box["width"] <= editor_box["x"] + 1  # beside it, on the left
    page.screenshot(path=str(ARTIFACTS / "review_editing.png"))


def follow_the_cursor(page: Page) -> None:
    """The edited cell is the cursor; in 定位 mode a click on another table's cell moves it (the
    scan is redrawn with the new cell and row marked), and so does the grid's arrow-key cursor."""
    cursor = page.locator("[data-testid='stCaptionContainer']").filter(has_text="光标：")
    expect(cursor).to_have_text(re.compile("光标：年度资金总额 · 得分"))
    scan = page.locator(".st-key-scan-pane img").first
    before = scan.get_attribute("src")
    page.get_by_text("定位模式").click()
    grid = page.locator("[class*='st-key-loc-indicators-'] [data-testid='stDataFrame']")
    grid.locator("canvas").first.wait_for()
    grid.scroll_into_view_if_needed()
    box = _settled_box(grid)
    page.mouse.click(box["x"] + 90, box["y"] + 35 + 17)  # row 0, the first column after the row marker
    expect(cursor).to_have_text(re.compile("光标：指标第1行"))
    expect(scan).not_to_have_attribute("src", before or "")
    page.keyboard.press("ArrowDown")  # the grid's own cursor: the highlight follows it
    expect(cursor).to_have_text(re.compile("光标：指标第2行"))
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "review_cursor.png"))
    page.get_by_text("定位模式").click()  # back to editing


def test_correct_a_cell_in_the_browser(seeded: Seeded, server: str) -> None:
    from playwright.sync_api import sync_playwright

    form_id = seeded.forms["seed_shizuishan_1"]
    form = review.open_form(seeded.store, form_id).record
    score_column = list(funds_table(form).frame.columns).index("得分")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            viewport = {"width": 1600, "height": 1000}  # a laptop screen: the form does not fit
            page = browser.new_page(viewport=viewport)  # type: ignore[arg-type]
            page.set_default_timeout(WAIT_MS)
            # The queue: the reviewer's name, then form #1 opened from the queue.
            page.goto(server)
            reviewer = page.get_by_role("textbox", name="审核人")
            reviewer.fill("王五")
            reviewer.press("Enter")
            expect(page.get_by_text("填写审核人后才能修改和审核")).to_have_count(0)
            page.get_by_test_id("stSelectbox").filter(has_text="打开表单").click()
            page.get_by_role("option", name=f"#{form_id} 社保经办机构业务经费").click()
            open_link = page.get_by_role("link", name="打开")
            expect(open_link).to_have_attribute("href", re.compile(rf"form={form_id}\b"))  # the rerun is done
            open_link.click()

            # The review page: the name came along (editors enabled), V3 and V5 are listed.
            findings = page.locator("[class*='st-key-finding-']")
            expect(findings.filter(has_text="V3 执行率得分")).to_have_count(1)
            expect(findings.filter(has_text="V5 得分不超过分值")).to_have_count(1)
            expect(page.get_by_text("请先在左侧栏填写")).to_have_count(0)
            expect(page).to_have_url(re.compile(rf"{re.escape(server)}/review\?form={form_id}&reviewer=\S+$"))
            page.screenshot(path=str(ARTIFACTS / "review_before_edit.png"))

            # The funds editor is a canvas grid: select its first cell, walk to 得分, edit it.
            grid = page.locator("[class*='st-key-ed-funds-'] [data-testid='stDataFrame']")
            edit_grid_cell(
                page,
                grid,
                column=score_column,
                old="100",
                new="10",
                while_open=lambda editor: assert_scan_beside(page, editor, viewport),
            )

            expect(page.get_by_text("V3 执行率得分、V5 得分不超过分值 已消除")).to_be_visible()
            expect(findings.filter(has_text="V3 执行率得分")).to_have_count(0)
            expect(findings.filter(has_text="V5 得分不超过分值")).to_have_count(0)
            expect(findings.filter(has_text="V4 分值合计")).to_have_count(1)
            history = page.locator(".st-key-recent-changes")
            expect(history).to_contain_text("王五")
            expect(history).to_contain_text("年度资金总额 · 得分")
            row = history.locator("tbody tr").first
            expect(row.locator("td").nth(2)).to_have_text("100")
            expect(row.locator("td").nth(3)).to_have_text("10")
            page.wait_for_timeout(1000)  # the cell crops and the grids finish drawing
            page.screenshot(path=str(ARTIFACTS / "review_after_edit.png"), full_page=True)
            follow_the_cursor(page)

            # A reload is a new session: the name comes back from the URL, editing stays enabled.
            page.reload()
            expect(page.get_by_role("textbox", name="审核人")).to_have_value("王五")
            expect(page.get_by_text("请先在左侧栏填写")).to_have_count(0)
            expect(findings.filter(has_text="V4 分值合计")).to_have_count(1)
            page.screenshot(path=str(ARTIFACTS / "review_after_reload.png"))

            # The overview draws its charts (vega canvases) for the same data.
            page.get_by_role("link", name="总览").click()
            expect(page.get_by_role("heading", name="总览")).to_be_visible()
            expect(page.locator("[data-testid='stVegaLiteChart']")).to_have_count(5)
            page.wait_for_timeout(1000)
            page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)
        finally:
            browser.close()

    with seeded.store.reader() as session:
        (entry,) = list_corrections(session, form_id=form_id)
    assert (entry.author, entry.path, entry.old_text, entry.new_text) == (
        "王五",
        "funds.total.exec_score",
        "100",
        "10",
    )
