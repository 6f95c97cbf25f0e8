"""Peer: Tesseract (chi_sim, Debian package) on the whole page, no table structure."""

from __future__ import annotations

import statistics
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.extractors.base import ExtractorUnavailable
from bench.extractors.mapped import build_document
from bench.extractors.pages import RGBImage, Timer, load_pages
from bench.extractors.pseudo import TextBox, page_content
from models.record import Document

LANG = "chi_sim"
GAP_SPLIT = 1.0  # a horizontal gap wider than this many line heights starts a new box (another cell)


def _words_to_boxes(data: dict[str, list[Any]]) -> list[TextBox]:
    """Tesseract words grouped by its (block, paragraph, line), split again at wide gaps: Tesseract
    often runs one line across several cells of a ruled row."""
    lines: dict[tuple[int, int, int], list[tuple[str, tuple[int, int, int, int], float]]] = defaultdict(list)
    for i, word in enumerate(data["text"]):
        confidence = float(data["conf"][i])
        if not str(word).strip() or confidence < 0:
            continue
        x, y, w, h = (int(data[k][i]) for k in ("left", "top", "width", "height"))
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        lines[key].append((str(word), (x, y, x + w, y + h), confidence / 100.0))
    boxes: list[TextBox] = []
    for words in lines.values():
        words.sort(key=lambda wd: wd[1][0])
        height = statistics.median(wd[1][3] - wd[1][1] for wd in words)
        group = [words[0]]
        for word in words[1:]:
            if word[1][0] - group[-1][1][2] > GAP_SPLIT * height:
                boxes.append(_box(group))
                group = []
            group.append(word)
        boxes.append(_box(group))
    return boxes


def _box(words: list[tuple[str, tuple[int, int, int, int], float]]) -> TextBox:
    bbox = (
        min(w[1][0] for w in words),
        min(w[1][1] for w in words),
        max(w[1][2] for w in words),
        max(w[1][3] for w in words),
    )
    return TextBox(text=" ".join(w[0] for w in words), bbox=bbox, score=statistics.fmean(w[2] for w in words))


class TesseractPageExtractor:
    name = "tesseract-page"

    def __init__(self, threads: int | None = None) -> None:
        # Tesseract's own threads follow OMP_THREAD_LIMIT, which bench.speed sets per worker.
        import pytesseract

        try:
            self.version = str(pytesseract.get_tesseract_version())
            languages = pytesseract.get_languages()
        except pytesseract.TesseractNotFoundError as exc:
            raise ExtractorUnavailable(f"tesseract binary not found: {exc}") from exc
        if LANG not in languages:
            raise ExtractorUnavailable(f"tesseract has no {LANG} traineddata (apt tesseract-ocr-chi-sim)")
        self._tesseract = pytesseract

    def read_page(self, image: RGBImage) -> list[TextBox]:
        data = self._tesseract.image_to_data(image, lang=LANG, output_type=self._tesseract.Output.DICT)
        return _words_to_boxes(data)

    def extract(self, path: Path) -> Document:
        timer = Timer()
        with timer.stage("load"):
            pages = load_pages(path)
        contents = []
        with timer.stage("ocr"):
            for index, image in enumerate(pages):
                contents.append(page_content(self.read_page(image), index, image.shape[1], image.shape[0]))
        description = f"tesseract {self.version} {LANG} (whole page)"
        return build_document(path, contents, f"peer:{self.name}", description, timer)
