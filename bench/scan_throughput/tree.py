"""Run a command and count the CPU and memory of every process it starts, however those end.

Two counts of the same CPU, because each misses something the other sees:

- `reaped_cpu_s`: the kernel's rusage of every process this process reaps with wait4(): the command
  itself, with everything it reaped (its pool workers), and, because this process is made a child
  subreaper (PR_SET_CHILD_SUBREAPER), every descendant orphaned on the way (one whose parent ended
  before it). It misses a process
  whose parent ignores SIGCHLD (auto-reaped, its times added to nobody): Ray's raylet does that
  for its workers (ray::SetSigchldIgnore in the raylet; a ray:2 scan: 4.7 CPU-s reaped of 40
  read). getrusage(RUSAGE_CHILDREN) alone would be this count without the subreaper, so
  without any orphan.
- `sampled_cpu_s`: psutil reads every descendant's own user+system time every `sample_s` seconds;
  each process counts with its last reading. It misses what a process used after its last
  reading (under `sample_s` of CPU each) and processes that lived less than `sample_s`.

`cpu_s` is the larger of the two: both are lower bounds of the true total.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import psutil
from pydantic import BaseModel, Field

PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h
MB = 1024 * 1024


class ProcessSeen(BaseModel):
    pid: int
    command: str  # the first 120 characters of its command line at the last reading
    cpu_s: float = 0.0  # own user+system at the last reading
    peak_rss_mb: float = 0.0
    autogroup: str = ""  # the scheduler's autogroup (one per session): CPU is shared between groups


class TreeRun(BaseModel):
    returncode: int
    wall_s: float  # start to the command's own exit
    reaped_cpu_s: float
    sampled_cpu_s: float
    machine_busy_s: float  # CPU-seconds the whole machine was busy over the run (all processes)
    peak_tree_rss_mb: float  # the largest sum of RSS over one reading (shared pages counted twice)
    processes: list[ProcessSeen] = Field(default_factory=list)
    stderr_lines: list[tuple[float, str]] = Field(default_factory=list)  # (seconds since start, line)
    stdout: str = ""
    leftovers: int = 0  # descendants still alive `grace_s` after the command ended (then killed)

    @property
    def cpu_s(self) -> float:
        return max(self.reaped_cpu_s, self.sampled_cpu_s)


def become_subreaper() -> None:
    """Orphaned descendants are re-parented to this process (not init), so it can reap and count them."""
    if not sys.platform.startswith("linux"):
        raise OSError("PR_SET_CHILD_SUBREAPER needs Linux")
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def machine_busy_s() -> float:
    """CPU-seconds every core of the machine has been busy since boot (guest time is in user)."""
    t = psutil.cpu_times()
    return float(t.user + t.nice + t.system + getattr(t, "irq", 0.0) + getattr(t, "softirq", 0.0))


class _Tree:
    """The readings of every descendant of this process, by (pid, create time)."""

    def __init__(self) -> None:
        self.seen: dict[tuple[int, float], ProcessSeen] = {}
        self.peak_rss_mb = 0.0

    def sample(self) -> int:
        """Read every live descendant; how many there are."""
        total_rss, alive = 0.0, 0
        for proc in psutil.Process().children(recursive=True):
            try:
                with proc.oneshot():
                    key = (proc.pid, proc.create_time())
                    times, rss = proc.cpu_times(), proc.memory_info().rss / MB
                    if proc.status() == psutil.STATUS_ZOMBIE:
                        continue
                    # read each time: a Ray worker retitles itself `ray::…` once it holds an actor
                    command = " ".join(proc.cmdline())[:120]
                    entry = self.seen.get(key) or ProcessSeen(
                        pid=proc.pid, command=command or proc.name(), autogroup=_autogroup(proc.pid)
                    )
                    self.seen[key] = entry
                    entry.command = command or entry.command  # empty while it exits
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
            entry.cpu_s = max(entry.cpu_s, times.user + times.system)
            entry.peak_rss_mb = max(entry.peak_rss_mb, rss)
            total_rss += rss
            alive += 1
        self.peak_rss_mb = max(self.peak_rss_mb, total_rss)
        return alive


def _autogroup(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/autogroup").read_text().split()[0]
    except (OSError, IndexError):
        return ""


def _reap(reaped: dict[int, int]) -> float:
    """Reap every child that has ended (status by pid into `reaped`); their CPU-seconds."""
    cpu = 0.0
    while True:
        try:
            pid, status, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            return cpu
        if pid == 0:
            return cpu
        reaped[pid] = status
        cpu += usage.ru_utime + usage.ru_stime


def _kill_descendants() -> int:
    left = psutil.Process().children(recursive=True)
    for proc in left:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.send_signal(signal.SIGKILL)
    return len(left)


def run_tree(
    command: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    sample_s: float = 0.2,
    grace_s: float = 20.0,
) -> TreeRun:
    """Run `command` to its end and count its process tree (this process must have no other children).

    After the command exits, its orphans have `grace_s` seconds to end before they are killed;
    they are counted either way.
    """
    become_subreaper()
    tree, reaped = _Tree(), dict[int, int]()
    lines: list[tuple[float, str]] = []
    busy0, started = machine_busy_s(), time.perf_counter()
    proc = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    out: list[str] = []
    readers = [
        threading.Thread(target=lambda: out.append(proc.stdout.read() if proc.stdout else "")),
        threading.Thread(target=_read_lines, args=(proc, started, lines)),
    ]
    for reader in readers:
        reader.start()
    reaped_cpu, ended, leftovers = 0.0, None, 0
    while True:
        alive = tree.sample()
        reaped_cpu += _reap(reaped)
        if ended is None and proc.pid in reaped:
            ended = time.perf_counter()
        if ended is not None:
            if alive == 0 and not psutil.Process().children(recursive=True):
                break
            if leftovers == 0 and time.perf_counter() - ended > grace_s:
                leftovers = _kill_descendants()
        time.sleep(sample_s)
    reaped_cpu += _reap(reaped)
    assert ended is not None
    proc.returncode = os.waitstatus_to_exitcode(reaped[proc.pid])  # reaped here, not by Popen
    for reader in readers:
        reader.join()
    return TreeRun(
        returncode=proc.returncode,
        wall_s=ended - started,
        reaped_cpu_s=reaped_cpu,
        sampled_cpu_s=sum(p.cpu_s for p in tree.seen.values()),
        machine_busy_s=machine_busy_s() - busy0,
        peak_tree_rss_mb=tree.peak_rss_mb,
        processes=sorted(tree.seen.values(), key=lambda p: -p.cpu_s),
        stderr_lines=lines,
        stdout="".join(out),
        leftovers=leftovers,
    )


def _read_lines(proc: subprocess.Popen[str], started: float, into: list[tuple[float, str]]) -> None:
    assert proc.stderr is not None
    for line in proc.stderr:
        into.append((time.perf_counter() - started, line.rstrip("\n")))
