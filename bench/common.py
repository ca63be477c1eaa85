"""Helpers shared by the benchmarks: imports from the checkout, a work folder on the real disk,
statistics and tables. Benchmarks print numbers; they never assert timings."""
from __future__ import annotations

import os
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python bench/x.py` puts bench/, not the checkout, on sys.path
    sys.path.insert(0, str(ROOT))

WORK_PARENT = ROOT / "bench" / ".work"


def filesystem_of(path: Path) -> str:
    """'ext4 on /dev/vda (mounted at /)' for the mount that holds path, from /proc/mounts."""
    path = Path(os.path.realpath(path))
    best = None
    try:
        with open("/proc/mounts", encoding="utf-8") as mounts:
            for line in mounts:
                device, mount, fstype = line.split()[:3]
                mount = mount.replace("\\040", " ")
                if path == Path(mount) or Path(mount) in path.parents:
                    if best is None or len(mount) >= len(best[1]):
                        best = (device, mount, fstype)
    except OSError:
        pass
    if best is None:
        return "unknown filesystem"
    device, mount, fstype = best
    note = "  (a RAM disk: fsync costs nothing here, numbers are not real-disk numbers)" \
        if fstype in ("tmpfs", "ramfs") else ""
    return f"{fstype} on {device} (mounted at {mount}){note}"


@contextmanager
def work_dir() -> Iterator[Path]:
    """A fresh temporary folder under bench/.work/ on the checkout's own disk, deleted afterwards
    (and bench/.work/ too when nothing else is in it)."""
    WORK_PARENT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="run-", dir=WORK_PARENT))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        try:
            WORK_PARENT.rmdir()
        except OSError:
            pass


def describe_machine(folder: Path) -> None:
    print(f"python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
          f"{os.cpu_count()} CPUs, {platform.system()} {platform.release()}")
    print(f"work folder: {folder}")
    print(f"filesystem:  {filesystem_of(folder)}")


def ms(seconds: float) -> float:
    return seconds * 1000.0


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 300 samples is the 285th smallest)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), int(-(-fraction * len(ordered) // 1))))
    return ordered[rank - 1]


def summary(values: Sequence[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "min": min(values),
        "median": statistics.median(values),
        "p95": percentile(values, 0.95),
        "max": max(values),
    }


def print_table(rows: Sequence[tuple[str, Sequence[float]]], unit: str = "ms") -> None:
    """One line per named series of timings in seconds: n, min, median, p95, max in ms."""
    width = max(len(name) for name, _ in rows)
    print(f"{'':<{width}}  {'n':>5}  {'min':>8}  {'median':>8}  {'p95':>8}  {'max':>8}   ({unit})")
    for name, values in rows:
        if not values:
            print(f"{name:<{width}}  {0:>5}")
            continue
        s = summary(values)
        print(f"{name:<{width}}  {s['n']:>5}  {ms(s['min']):8.2f}  {ms(s['median']):8.2f}  "
              f"{ms(s['p95']):8.2f}  {ms(s['max']):8.2f}")


def ratio(value: float, floor: float) -> str:
    return f"{value / floor:.2f}x" if floor > 0 else "n/a"


def clock() -> float:
    return time.perf_counter()


class GcTimer:
    """Adds up the time Python's cyclic garbage collector runs while it is active (a `with`)."""

    def __init__(self):
        self.seconds = 0.0
        self.collections = 0
        self._start = 0.0
        self._active = False

    def _callback(self, phase: str, info: dict) -> None:
        if not self._active:
            return
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._start
            self.collections += 1

    def __enter__(self) -> "GcTimer":
        import gc
        self.seconds, self.collections, self._active = 0.0, 0, True
        if self._callback not in gc.callbacks:
            gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc) -> None:
        import gc
        self._active = False
        gc.callbacks.remove(self._callback)


def show_view(view, width: int, height: int) -> None:
    """Shows a Qt view at a size and waits (boundedly) until its window is exposed."""
    from PySide6.QtWidgets import QApplication
    view.resize(width, height)
    view.show()
    for _ in range(200):
        QApplication.processEvents()
        handle = view.windowHandle()
        if handle is not None and handle.isExposed():
            break
    QApplication.processEvents()
