"""Tesseract 5 (`chi_sim`) as an OCR engine: a baseline peer, slower and weaker than RapidOCR.

Runs the `tesseract` binary (the one pytesseract would find) directly, because two things matter
for speed and pytesseract can't do them: all single-line crops go to ONE process as a multi-page
image list (model loading is most of a one-crop call), and OMP_THREAD_LIMIT is set for that child
process only (OpenMP's default threads made it 5× slower on 2 shared cores).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np

from extraction.ocr.images import check_image, join_lines, to_gray
from extraction.ocr.types import TextLine

LANG = "chi_sim"
_Key = tuple[int, int, int, int]  # page, block, paragraph, line


def _command() -> str:
    try:  # honour a path configured for pytesseract, if it is installed
        import pytesseract

        configured = str(pytesseract.pytesseract.tesseract_cmd)
    except ImportError:
        configured = "tesseract"
    found = shutil.which(configured)
    if found is None:
        raise RuntimeError(
            "the tesseract OCR engine needs the tesseract binary: apt-get install tesseract-ocr tesseract-ocr-chi-sim"
        )
    return found


class TesseractEngine:
    name = "tesseract"

    def __init__(self, threads: int | None = None) -> None:
        self._cmd = _command()
        self._env = {**os.environ, "OMP_THREAD_LIMIT": str(threads or 1)}
        langs = self._run(["--list-langs"]).split()
        if LANG not in langs:
            raise RuntimeError(f"tesseract has no {LANG} data: apt-get install tesseract-ocr-chi-sim")
        first = self._run(["--version"]).splitlines()[0]  # "tesseract 5.3.0"
        self.version = f"{first.split()[-1]} / {LANG}"

    def _run(self, args: list[str]) -> str:
        done = subprocess.run(
            [self._cmd, *args], env=self._env, capture_output=True, text=True, timeout=600, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"tesseract {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}"
            )
        return done.stdout

    def _tsv(self, images: Sequence[np.ndarray], psm: int) -> dict[_Key, list[dict[str, str]]]:
        """Words of each text line, keyed by (page, block, paragraph, line); pages are 1-based."""
        with tempfile.TemporaryDirectory(prefix="formtally-tess-") as tmp:
            paths = []
            for i, image in enumerate(images):
                path = Path(tmp) / f"{i:05d}.png"
                if not cv2.imwrite(str(path), to_gray(image)):
                    raise RuntimeError(f"cannot write {path}")
                paths.append(str(path))
            listing = Path(tmp) / "images.txt"
            listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
            out = self._run([str(listing), "stdout", "-l", LANG, "--psm", str(psm), "tsv"])
        lines: dict[_Key, list[dict[str, str]]] = {}
        for row in csv.DictReader(io.StringIO(out), delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["level"] == "5" and (row["text"] or "").strip():
                key = (int(row["page_num"]), int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
                lines.setdefault(key, []).append(row)
        return lines

    @staticmethod
    def _line(words: list[dict[str, str]]) -> TextLine:
        """One line from its words: Tesseract splits Chinese into a 'word' per glyph run, so they are
        rejoined without spaces (except between Latin words); score = length-weighted word conf."""
        texts = [w["text"].strip() for w in words]
        weights = [len(t) for t in texts]
        confs = [max(0.0, float(w["conf"])) / 100.0 for w in words]
        score = sum(c * n for c, n in zip(confs, weights, strict=True)) / max(1, sum(weights))
        x0 = min(int(w["left"]) for w in words)
        y0 = min(int(w["top"]) for w in words)
        x1 = max(int(w["left"]) + int(w["width"]) for w in words)
        y1 = max(int(w["top"]) + int(w["height"]) for w in words)
        return TextLine(text=join_lines(texts), score=min(1.0, score), bbox=(x0, y0, x1, y1))

    def recognize(self, crops: Sequence[np.ndarray]) -> list[TextLine]:
        if not crops:
            return []
        for crop in crops:
            check_image(crop)
        by_page: dict[int, list[dict[str, str]]] = {}
        for key, line_words in sorted(self._tsv(crops, psm=7).items()):  # psm 7: the image is one line
            by_page.setdefault(key[0], []).extend(line_words)
        out = []
        for page, crop in enumerate(crops, start=1):
            words = by_page.get(page, [])
            full = (0, 0, crop.shape[1], crop.shape[0])
            if not words:
                out.append(TextLine(text="", score=0.0, bbox=full))
                continue
            out.append(self._line(words).model_copy(update={"bbox": full}))
        return out

    def detect_and_recognize(self, image: np.ndarray) -> list[TextLine]:
        check_image(image)
        if image.shape[0] == 0 or image.shape[1] == 0:
            return []
        lines = self._tsv([image], psm=6)  # psm 6: a uniform block of text
        return [self._line(lines[key]) for key in sorted(lines)]
