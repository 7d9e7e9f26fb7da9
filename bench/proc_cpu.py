"""CPU time of the processes a bench run involves, read from /proc (Linux only).

On a machine shared with other work the wall clock measures the neighbours too; the CPU seconds
a process spent (utime + stime) and the time it waited, runnable, for a core (schedstat's run
queue delay) do not. `Snapshot` sums them over a set of processes; the difference of two
snapshots is what those processes spent between them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Usage:
    cpu_s: float  # user + system CPU seconds
    runqueue_s: float  # seconds runnable but waiting for a core (schedstat)

    def __sub__(self, other: Usage) -> Usage:
        return Usage(self.cpu_s - other.cpu_s, self.runqueue_s - other.runqueue_s)

    def __add__(self, other: Usage) -> Usage:
        return Usage(self.cpu_s + other.cpu_s, self.runqueue_s + other.runqueue_s)


ZERO = Usage(0.0, 0.0)


def usage(pid: int) -> Usage:
    """The process's usage so far; ZERO when it is gone (a gone process's CPU is not seen)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        sched = Path(f"/proc/{pid}/schedstat").read_text().split()
    except OSError:
        return ZERO
    fields = stat.rsplit(")", 1)[1].split()  # after "(comm)": state is fields[0]
    cpu = (int(fields[11]) + int(fields[12])) / TICK  # utime, stime
    return Usage(cpu, int(sched[1]) / 1e9)


def children(pid: int) -> list[int]:
    """Direct children of `pid` (every thread's children file)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def tree(pid: int) -> list[int]:
    """`pid` and its descendants."""
    pids, queue = [], [pid]
    while queue:
        current = queue.pop()
        pids.append(current)
        queue += children(current)
    return pids


def total(pids: list[int]) -> Usage:
    out = ZERO
    for pid in pids:
        out = out + usage(pid)
    return out
