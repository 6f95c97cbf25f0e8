"""Time from opening a 2-page form to its first editable view in the review app:
`python -m bench.ui_open [--form ID] [--repeats N] [--no-browser]`. Target: ≤ 2 s.

The form is a two-page sample scan (sample_scans/<ID>/truth.json with its clean.tif pages, 2480×3508
px each), stored like `formtally scan` stores it, verified and assessed, a dozen values made
low-confidence so the cell crops are drawn too. Two timings:

- server: one run of the review page script under Streamlit's AppTest (load the form, decode the
  page images, draw the grid overlay and the cell crops, build every editor). "cold" clears the
  app's caches first (page images decoded again), "warm" reopens with them.
- browser (when /usr/bin/chromium exists): headless Chromium on `formtally review`, from the
  click on 「打开」 in the queue until the indicator editor is on screen and editable, the findings
  listed; the first open is on a fresh server (cold), the others after going back to the queue.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.paths import REPO_ROOT, out_dir, sample_scans_dir
from extraction.assess import assess_form
from models.field_values import is_numeric_path
from models.paths import iter_fields
from models.record import Document
from service.batch.render import encode_array, fitted_pages
from service.storage import FormQuery, PageImageRef, Store, list_forms, save_result, upsert_document
from verification import verify_form

DEFAULT_FORM = "hubei_university_2021_xszz"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def seed(store: Store, form_id: str) -> int:
    """Store the sample as a scanned document; returns the stored form's id."""
    folder = sample_scans_dir() / form_id
    document = Document.model_validate_json((folder / "truth.json").read_bytes())
    scan = folder / "clean.tif"
    if document.source.page_count != 2:
        raise SystemExit(f"{form_id} has {document.source.page_count} pages; pick a two-page sample")
    form = document.forms[0]
    numeric = [field for path, field in iter_fields(form) if is_numeric_path(path) and field.cells]
    for field in numeric[:12]:
        field.confidence = 0.7
    form.findings = verify_form(form)
    document.forms = [assess_form(form, {t.id: t for t in document.tables})]
    refs = [
        PageImageRef(index=p.index, sha256=store.pages.put(p.encoded), width=p.width, height=p.height)
        for p in (encode_array(i, image) for i, image in fitted_pages(scan, document))
    ]
    with store.transaction() as session:
        row, _ = upsert_document(
            session, sha256=document.source.sha256, path=str(scan), media_type="image/tiff", size_bytes=1
        )
        save_result(session, row.id, document, refs)
        doc_id = row.id
    with store.reader() as session:
        return list_forms(session, FormQuery(document_id=doc_id))[0].id


def time_server(form_id: int, repeats: int) -> dict[str, list[float]]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    times: dict[str, list[float]] = {"cold": [], "warm": []}
    for _ in range(repeats):
        st.cache_resource.clear()
        at = AppTest.from_file(str(REPO_ROOT / "ui" / "app.py"), default_timeout=60)
        at.session_state["reviewer"] = "bench"
        at.run()  # the queue page: the app and the store are open, as when a reviewer clicks 打开
        at.query_params["form"] = str(form_id)
        at.session_state["form_id"] = form_id
        for kind in ("cold", "warm"):
            at.switch_page("views/review.py")
            started = time.perf_counter()
            at.run()
            times[kind].append(time.perf_counter() - started)
            if at.exception or not at.data_editor:
                raise SystemExit(f"review page failed: {at.exception}")
            at.switch_page("views/queue.py").run()
    return times


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def time_browser(data_dir: Path, repeats: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    port = _free_port()
    env = os.environ | {"FORMTALLY_DATA": str(data_dir)}
    cli = [sys.executable, "-m", "service.cli", "review", "--port", str(port), "--data", str(data_dir)]
    server = subprocess.Popen(cli, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1600, "height": 1200})
            _wait_for_server(page, f"http://127.0.0.1:{port}/")
            reviewer = page.get_by_role("textbox", name="审核人")
            reviewer.fill("bench")
            reviewer.press("Enter")
            for _ in range(repeats):
                opener = page.get_by_role("link", name="打开")
                opener.wait_for()
                page.wait_for_timeout(500)  # let the queue settle: time the open, not the queue
                started = time.perf_counter()
                opener.click()
                page.locator(
                    "[class*='st-key-ed-indicators-'] [data-testid='stDataFrame'] canvas"
                ).first.wait_for()
                page.get_by_text("发现的问题").wait_for()
                times.append(time.perf_counter() - started)
                page.get_by_role("button", name="返回队列").click()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return times


def _wait_for_server(page: object, url: str, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            page.goto(url)  # type: ignore[attr-defined]
            return
        except Exception:  # connection refused until Streamlit listens; retried, then re-raised
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--form", default=DEFAULT_FORM, help="a two-page sample under sample_scans/")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        store = Store.open(data_dir=data_dir)
        form_id = seed(store, args.form)
        store.close()
        os.environ["FORMTALLY_DATA"] = str(data_dir)
        os.environ.pop("FORMTALLY_DB", None)
        results: dict[str, list[float]] = time_server(form_id, args.repeats)
        if not args.no_browser and CHROMIUM.is_file():
            browser = time_browser(data_dir, args.repeats)
            results |= {"browser_first": browser[:1], "browser_again": browser[1:]}
    print(f"{args.form}: 2 pages, time to the first editable view (target ≤ 2 s)")
    for name, samples in results.items():
        if samples:
            print(
                f"  {name:<14} median {statistics.median(samples):6.3f} s   max {max(samples):6.3f} s   n={len(samples)}"
            )
    path = out_dir() / f"ui_open-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps({"form": args.form, "seconds": results}, indent=2))
    print(f"  raw: {path}")


if __name__ == "__main__":
    main()
