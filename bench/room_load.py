"""Phones in the room under load: notes accepted per second, request latency, and the worst
GUI frame while thirty phones send twenty notes each, against floors measured in the same run.

A real main window (offscreen, 1600x1000) on a current-state board opens its room on 127.0.0.1
with "accept automatically" on; a frame timer repaints the board view every 16 ms and records
the time between its ticks (a tick late by the server's work on the GUI thread is a long frame).
The crowd (tests/room/crowd.py: aiohttp clients, in a process of their own as phones are, so
they take no time from the app's threads) joins and sends its notes;
each note is one add_note transaction on the GUI thread, committed before the phone hears 200.

Floors, in the same process and on the same disk:
  notes/s    the same number of add_note calls made on the GUI thread directly (through the
             undo stack, the scene following each), with no server: the document's own rate;
  latency    the same number of requests the server answers without the board (a wrong
             secret: 403), from the same crowd: the HTTP stack alone;
  frames     the frame timer with the board idle, for as long as the load took.

    .venv/bin/python bench/room_load.py [--phones 30] [--notes 20]
Prints only; exits 0.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import ROOT, describe_machine, ms, percentile, ratio, show_view, work_dir

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import aiohttp  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.model.document import Document, Place  # noqa: E402
from app.model.templates import template  # noqa: E402
from app.room.network import Address  # noqa: E402
from app.ui.application import Boards  # noqa: E402
from app.ui.commands import perform  # noqa: E402
from tests.room.crowd import CrowdResult, note_cells  # noqa: E402


class FrameTimer:
    """Repaints the view every 16 ms and records the gaps between its ticks."""

    def __init__(self, view):
        self.view, self.gaps, self._last = view, [], None
        self.timer = QTimer()
        self.timer.setInterval(16)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        self.view.viewport().repaint()
        now = time.perf_counter()
        if self._last is not None:
            self.gaps.append(now - self._last)
        self._last = now

    def run_while(self, work) -> object:
        """Runs work on a worker thread while the event loop (and the frames) go on."""
        self.gaps, self._last = [], None
        self.timer.start()
        with ThreadPoolExecutor(1) as pool:
            future = pool.submit(work)
            while not future.done():
                QApplication.processEvents()
            self.timer.stop()
            return future.result()


def crowd_process(url: str, phones: int, notes: int, cells: list[dict]) -> CrowdResult:
    """The crowd run by another Python process; its result."""
    done = subprocess.run([sys.executable, "-m", "tests.room.crowd", url, str(phones), str(notes), json.dumps(cells)],
                          cwd=ROOT, check=True, capture_output=True, text=True)
    return CrowdResult(**json.loads(done.stdout))


def _refused_process(origin: str, phones: int, requests: int) -> list[float]:
    done = subprocess.run([sys.executable, str(Path(__file__)), "--refused", origin, str(phones), str(requests)],
                          cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


async def _refused_requests(origin: str, phones: int, requests: int) -> list[float]:
    latencies: list[float] = []

    async def phone() -> None:
        for _ in range(requests):
            started = time.perf_counter()
            async with client.get(origin + "/j/wrong-secret/api/state") as answer:
                await answer.read()
            latencies.append(time.perf_counter() - started)

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=phones)) as client:
        await asyncio.gather(*(phone() for _ in range(phones)))
    return latencies


def main() -> None:
    if sys.argv[1:2] == ["--refused"]:  # the floor's clients, in their own process
        origin, phones, requests = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        print(json.dumps(asyncio.run(_refused_requests(origin, phones, requests))))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, default=30)
    parser.add_argument("--notes", type=int, default=20)
    args = parser.parse_args()
    total = args.phones * args.notes
    QApplication.instance() or QApplication([])
    with work_dir() as folder:
        describe_machine(folder)
        doc = Document.create(folder / "room.cjm", lambda d: template("current-state").apply(d))
        window = Boards().show(doc)
        show_view(window, 1600, 1000)
        frames = FrameTimer(window.view)
        cells = [Place.cell(c["stage"], c["lane"]) for c in note_cells(doc)]

        started = time.perf_counter()
        for i in range(total):
            place = cells[(i // args.notes) % len(cells)]  # as the crowd's phones spread
            perform(window.stack, doc, lambda i=i, place=place: doc.add_note(place, f"direct {i}", source="floor"))
            QApplication.processEvents()
        direct_rate = total / (time.perf_counter() - started)
        window.stack.clear()
        doc.delete_notes([n.id for n in doc.notes()])  # the room's run starts on the same empty board

        url = window.workshop.room.start(Address("127.0.0.1", ""), 0)
        window.workshop.room.inbox.auto_accept.setChecked(True)
        origin = url.split("/j/")[0]
        started = time.perf_counter()
        cell_names = note_cells(doc)
        result = frames.run_while(lambda: crowd_process(url, args.phones, args.notes, cell_names))
        load_seconds = time.perf_counter() - started
        load_gaps = frames.gaps
        accepted = sum(status == 200 for status in result.statuses)

        refused = frames.run_while(lambda: _refused_process(origin, args.phones, args.notes))
        idle_started = time.perf_counter()
        frames.run_while(lambda: time.sleep(max(0.5, load_seconds)))  # the board idle, as long as the load
        idle_gaps = frames.gaps
        idle_seconds = time.perf_counter() - idle_started
        window.workshop.stop_inviting()
        with Document.snapshot(doc.path) as saved:
            in_file = sum(n.source != "floor" for n in saved.notes())
        window.close()

    print(f"\n{args.phones} phones x {args.notes} notes = {total}; {accepted} answered 200, "
          f"{in_file} in the file ({load_seconds:.2f} s)")
    rate = accepted / load_seconds
    print(f"notes/s accepted      {rate:8.1f}   floor (add_note on the GUI thread) {direct_rate:8.1f}   "
          f"{ratio(rate, direct_rate)} of the floor's rate")
    p95, floor_p95 = percentile(result.latencies, 0.95), percentile(refused, 0.95)
    print(f"p95 note request      {ms(p95):8.1f} ms  floor (403, no board) {ms(floor_p95):8.1f} ms   "
          f"{ratio(p95, floor_p95)}")
    print(f"median note request   {ms(percentile(result.latencies, 0.5)):8.1f} ms")
    worst, idle_worst = max(load_gaps, default=0.0), max(idle_gaps, default=0.0)
    print(f"worst frame gap       {ms(worst):8.1f} ms  floor (idle, {idle_seconds:.1f} s) {ms(idle_worst):8.1f} ms   "
          f"{ratio(worst, idle_worst)}")
    print(f"p95 frame gap         {ms(percentile(load_gaps, 0.95)):8.1f} ms  floor {ms(percentile(idle_gaps, 0.95)):8.1f} ms")
    print(f"frames over 50 ms     {sum(g > 0.05 for g in load_gaps):5d} of {len(load_gaps)}   "
          f"floor {sum(g > 0.05 for g in idle_gaps)} of {len(idle_gaps)}")


if __name__ == "__main__":
    main()
