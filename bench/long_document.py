"""python -m bench.long_document: peak memory of a worker extracting a long report, page by page.

The born-digital report of samplegen.report (41 pages) is repeated into a PDF of `--pages` pages
(300 by default), one of its 41 pages (every kind of page once) and one of its first 10. Each goes through the scan's extraction runner
(`service.batch.work.run_item`, page checkpoints on, prepared pages encoded as JPEGs into the
checkpoint folder, as `formtally scan` runs it) in a fresh process, and that process's peak
resident set (VmHWM) is reported: with one page of pixels alive at a time, the long document's
peak stays near the short one's (`rss_at_end_mib`: what the process still holds when done). `--no-checkpoints` keeps the page images in memory instead (how Ray
workers and REST uploads run), for comparison. Born-digital pages only: 300 scanned pages take an
hour here, and their pixels per page are the same.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

from bench.paths import out_dir
from samplegen.report import build_report


def repeated_pdf(source: Path, pages: int, target: Path) -> Path:
    """`pages` pages taken from `source` in order, round and round."""
    original = pdfium.PdfDocument(source)
    count = len(original)
    out = pdfium.PdfDocument.new()
    while len(out) < pages:
        take = min(count, pages - len(out))
        out.import_pages(original, list(range(take)))
    out.save(target)
    return target


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def _measure(path: str, checkpoints: str | None, queue: multiprocessing.Queue) -> None:
    from service.batch.work import ExtractorSpec, WorkItem, build_extractor, run_item

    spec = ExtractorSpec(checkpoints=checkpoints)
    extract = build_extractor(spec)
    item = WorkItem(document_id=1, sha256=Path(path).stem, path=path, name=Path(path).name)
    started = time.perf_counter()
    outcome = run_item(extract, spec, item)
    # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a spawned child would report its
    # parent's size at the fork (here: the parent that drew the report) when that was larger
    peak_mib = _status_kib("VmHWM") / 1024
    # what is still held once the document is done (the outcome with its page images included)
    end_mib = _status_kib("VmRSS") / 1024
    document = outcome.document
    queue.put(
        {
            "file": Path(path).name,
            "pages": document.source.page_count if document else 0,
            "forms": len(document.forms) if document else 0,
            "error": outcome.error,
            "page_images": len(outcome.pages),
            "checkpoints": checkpoints is not None,
            "peak_rss_mib": round(peak_mib, 1),
            "rss_at_end_mib": round(end_mib, 1),
            "wall_s": round(time.perf_counter() - started, 1),
        }
    )


def measure(path: Path, checkpoints: bool) -> dict[str, object]:
    """Extract `path` in a fresh (spawned) process; its peak RSS and what it found."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    with tempfile.TemporaryDirectory() as folder:
        process = context.Process(target=_measure, args=(str(path), folder if checkpoints else None, queue))
        process.start()
        result: dict[str, object] = queue.get()
        process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--no-checkpoints", action="store_true", help="page images kept in memory")
    args = parser.parse_args()
    folder = out_dir() / "long_document"
    folder.mkdir(parents=True, exist_ok=True)
    report = build_report(out_dir() / "report", short=False) / "digital.pdf"  # bench.speed.documents' too
    lengths = (10, len(pdfium.PdfDocument(report)), args.pages)
    files = [repeated_pdf(report, n, folder / f"pages{n}.pdf") for n in lengths]
    results = [measure(p, not args.no_checkpoints) for p in files]
    for result in results:
        print(json.dumps(result, ensure_ascii=False))
    (folder / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
