"""How long an edit takes to reach the screen, on boards of 500 and 10,000 notes.

Each edit is a real document call (a note's text, its colour, a move within its cell) on a board
shown by a BoardScene in a 1920x1080 view, timed from the call until the view has repainted.
The cost should follow the edit, not the board (issue 11: p95 under 16 ms at 10,000 notes,
within 3x of the same at 500). Two floors are measured in the same run, interleaved:
- the same document call on a copy of the board with no scene (its durable commit);
- a bare QGraphicsScene of as many rectangles: one rectangle recoloured, then the view repainted.
Then 30 notes added one call each, as a room of phones sends them, to the screen.
Prints only; exits 0.

    .venv/bin/python bench/edit_to_screen.py [--notes 500 10000] [--edits 40] [--seed 1]
"""
from __future__ import annotations

import argparse
import gc
import os
import random
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import clock, describe_machine, ms, print_table, ratio, summary, work_dir  # noqa: E402
from edit_latency import build_board  # noqa: E402

from PySide6.QtGui import QBrush, QColor, QUndoStack  # noqa: E402
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView  # noqa: E402

from app.model.document import Document, Place  # noqa: E402
from app.ui.board_scene import BoardScene  # noqa: E402
from app.ui.board_view import BoardView  # noqa: E402
from app.ui.fonts import load_fonts  # noqa: E402

KINDS = ("text", "colour", "move in cell")
COLOURS = ("#90CAF9", "#A5D6A7", "#FFE082")


def edit(doc: Document, kind: str, note_id: int, counter: int):
    if kind == "text":
        return lambda: doc.edit_note(note_id, text=f"Edited {counter}: checkout fails")
    if kind == "colour":
        return lambda: doc.recolor_notes([note_id], COLOURS[counter % 3])
    place = Place.of(doc.note(note_id))
    return lambda: doc.move_notes([note_id], place, counter % 5)


def bare_scene(count: int):
    scene = QGraphicsScene()
    items = [scene.addRect(170.0 * (i % 60), 110.0 * (i // 60), 150, 96) for i in range(count)]
    view = QGraphicsView(scene)
    view.resize(1920, 1080)
    view.show()
    return scene, view, items


def measure(folder: Path, notes: int, edits: int, rng: random.Random) -> dict:
    path = folder / f"board-{notes}.cjm"
    build_board(path, notes, rng).close()
    shutil.copy(path, folder / f"plain-{notes}.cjm")
    doc, plain = Document.open(path), Document.open(folder / f"plain-{notes}.cjm")
    scene = BoardScene(doc, QUndoStack())
    view = BoardView(scene)
    view.resize(1920, 1080)
    view.show()
    while scene.idle_work_left():  # as after opening: the last note items made, lines shaped
        QApplication.processEvents()
    gc.freeze()  # as the app does once a board's window is shown (Boards.show)
    floor_scene, floor_view, rects = bare_scene(notes)
    QApplication.processEvents()
    ids = [n.id for n in doc.notes()]
    times = {kind: [] for kind in KINDS}
    floor_doc, floor_qt = [], []
    for counter in range(edits):
        for kind in KINDS:
            note_id = rng.choice(ids)
            call = edit(doc, kind, note_id, counter)
            start = clock()
            call()
            view.viewport().repaint()
            times[kind].append(clock() - start)
            call = edit(plain, kind, note_id, counter)
            start = clock()
            call()
            floor_doc.append(clock() - start)
            item = rng.choice(rects)
            start = clock()
            item.setBrush(QBrush(QColor(COLOURS[counter % 3])))
            floor_view.viewport().repaint()
            floor_qt.append(clock() - start)
    cells = [Place.cell(s.id, lane.id) for lane in doc.lanes() if lane.kind == "notes" for s in doc.stages()]
    start = clock()
    for i in range(30):
        doc.add_note(rng.choice(cells), f"From a phone {i}")
    view.viewport().repaint()
    burst = clock() - start
    doc.close()
    plain.close()
    return {"times": times, "floor_doc": floor_doc, "floor_qt": floor_qt, "burst": burst}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, nargs="+", default=[500, 10_000])
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    load_fonts()
    with work_dir() as folder:
        describe_machine(folder)
        results = {n: measure(folder, n, args.edits, random.Random(args.seed)) for n in args.notes}
    for notes, result in results.items():
        print(f"\n{notes} notes, edit to the screen:")
        rows = [(kind, values) for kind, values in result["times"].items()]
        rows += [("floor: the document call alone", result["floor_doc"]),
                 ("floor: bare scene, one rect + repaint", result["floor_qt"])]
        print_table(rows)
        floor = summary(result["floor_doc"])["p95"] + summary(result["floor_qt"])["p95"]
        for kind, values in result["times"].items():
            print(f"  {kind}: p95 {ratio(summary(values)['p95'], floor)} the two floors' p95 added")
        print(f"  30 notes added one call each, to the screen: {ms(result['burst']):.0f} ms")
    if len(results) > 1:
        small, large = min(results), max(results)
        print(f"\np95 at {large} notes against {small} (cost should follow the edit, not the board):")
        for kind in KINDS:
            print(f"  {kind}: {ratio(summary(results[large]['times'][kind])['p95'], summary(results[small]['times'][kind])['p95'])}")
    del app


if __name__ == "__main__":
    main()
