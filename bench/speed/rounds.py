"""Contenders interleaved round by round: one worker process each, only one working at a time, every
page of a round through one contender before the next; the order of contenders rotates per round, so
a change of machine load hits them all alike."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from pydantic import BaseModel

from bench.speed.worker import Message, worker_main

WAIT_S = 900.0  # longest wait for one answer (model loading, a slow page) before giving up


class Timing(BaseModel):
    file: str
    round: int
    cpu_s: float
    wall_s: float
    pages: int = 1
    error: str | None = None


class ContenderRun(BaseModel):
    name: str
    unavailable: str | None = None
    init_s: float = 0.0
    warm_error: str | None = None
    timings: list[Timing] = []
    peak_rss_mb: float | None = None


def _answer(conn: Connection, proc: BaseProcess) -> Message:
    if not conn.poll(WAIT_S):
        raise TimeoutError(f"no answer from worker {proc.pid} in {WAIT_S:.0f} s")
    try:
        message: Message = conn.recv()
    except EOFError:
        raise RuntimeError(f"worker {proc.pid} exited (exit code {proc.exitcode})") from None
    return message


def run_rounds(names: Sequence[str], files: Sequence[Path], rounds: int, threads: int) -> list[ContenderRun]:
    context = mp.get_context("spawn")  # fresh interpreters: each loads only its own engine
    runs = {name: ContenderRun(name=name) for name in names}
    workers: dict[str, tuple[Connection, BaseProcess]] = {}
    try:
        for name in names:  # start and warm one at a time: loading must not overlap a timing
            parent, child = context.Pipe()
            proc: BaseProcess = context.Process(
                target=worker_main, args=(name, threads, str(files[0]), child)
            )
            proc.start()
            message = _answer(parent, proc)
            if message[0] == "unavailable":
                runs[name].unavailable = str(message[1])
                proc.join(timeout=10)
                continue
            runs[name].init_s, runs[name].warm_error = float(message[1]), message[2]
            workers[name] = (parent, proc)
        ready = [n for n in names if n in workers]
        for index in range(rounds):
            shift = index % max(1, len(ready))
            for name in ready[shift:] + ready[:shift]:
                conn, worker = workers[name]
                for path in files:
                    conn.send(str(path))
                    _, cpu, wall, pages, error = _answer(conn, worker)
                    runs[name].timings.append(
                        Timing(file=str(path), round=index, cpu_s=cpu, wall_s=wall, pages=pages, error=error)
                    )
        for name, (conn, worker) in workers.items():
            conn.send(None)
            runs[name].peak_rss_mb = float(_answer(conn, worker)[1])
    finally:
        for _, worker in workers.values():
            worker.join(timeout=10)
            if worker.is_alive():
                worker.terminate()  # only our own workers, e.g. after a timeout
    return [runs[n] for n in names]
