"""How many cores this process may run on: the CPU affinity where the system has one (a container
or ``taskset`` may allow fewer than the machine has), else every core ``os.cpu_count`` sees."""

from __future__ import annotations

import os


def usable_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # no affinity call here (macOS, Windows)
        return os.cpu_count() or 1
