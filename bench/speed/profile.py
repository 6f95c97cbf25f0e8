"""python -m bench.speed.profile: where one page's CPU goes, by pipeline stage and hot function
(cProfile, one intra-op thread, engine warmed on the first page before anything is counted)."""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

# functions whose cumulative time is the share of a stage worth knowing about (name substrings)
HOT = (
    "recognize",
    "detect_and_recognize",
    "_plan",
    "ink_masks",
    "isolated_specks",
    "percentile",
    "connectedComponentsWithStats",
    "median",
    "run",  # onnxruntime InferenceSession.run: the models themselves
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.speed.profile", description=__doc__)
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--top", type=int, default=0, help="also print the N top functions by cumtime")
    args = parser.parse_args(argv)
    from extraction.pipeline import ExtractOptions, extract_file

    options = ExtractOptions(threads=args.threads)
    extract_file(args.files[0], options)  # warm: model loading is not a page's cost
    print(f"load average {os.getloadavg()[0]:.1f}")
    for path in args.files:
        profiler = cProfile.Profile(time.process_time)  # CPU seconds, not wall: the machine is shared
        profiler.enable()
        document = extract_file(path, options)
        profiler.disable()
        stats = pstats.Stats(profiler)
        total = sum(v[3] for k, v in stats.stats.items() if k[2] == "extract_file")  # type: ignore[attr-defined]
        cells = {name: 0.0 for name in HOT}
        calls = {name: 0 for name in HOT}
        for (_file, _line, func), (_cc, nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
            for name in HOT:
                if (
                    func == name
                    or func.endswith(f"'{name}' of 'cv2' objects>")
                    or func == f"<built-in method {name}>"
                ):
                    cells[name] += ct
                    calls[name] += nc
        hot = ", ".join(f"{k} {v:.2f}s/{calls[k]}" for k, v in cells.items() if v)
        print(f"{path}: {total:.2f} CPU-s; {hot}; stages {document.engine.elapsed_s}")
        if args.top:
            stats.sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
