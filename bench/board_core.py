"""Issue 11's targets on big boards, each against a floor measured in the same run.

1. An edit to the screen: doc.edit_note (text), doc.recolor_notes, doc.move_notes within its cell
   of a note in view, on boards of 500 and 10,000 notes shown by a BoardScene in one 1920x1080
   BoardView, timed from the call until the scene has followed it (the call, then
   QApplication.processEvents()) and the view has repainted (viewport().repaint()). Floors,
   interleaved: the same call on a copy of the board with no scene; a bare QGraphicsScene of as
   many rectangles at the notes' places, one recoloured, processEvents, repaint.
2. A burst: 30 notes added one doc.add_note each into random cells of the 10,000-note board
   (processEvents after each, as the event loop would between them), to the screen. Floors: the
   same 30 calls with no scene; 30 rectangles added to the bare scene.
3. Opening 10,000 and 20,000 notes, from spawning a fresh process to the first paint of the
   main window's board view (the app as `python -m app BOARD` builds it), against a floor
   process: PySide6 and sqlite3 only, one QGraphicsRectItem with a QGraphicsSimpleTextItem per
   note read from the same file, in a 1920x1080 QGraphicsView. Seconds, the ratio, and the
   resident size at that first paint (VmRSS; VmHWM the peak) against 2x the floor's + 150 MB.
4. Dragging 50 selected notes on 10,000: mouse press, moves and release sent to the view's
   viewport (the scene's NoteDrag and Qt's item moves see real events), each move timed to the
   repaint, and the drop (the release: one document call, the reflow, the repaint). Floors: the
   same mouse events on the bare scene with the same 50 rectangles selected; the same
   move_notes call alone on the copy with no scene.

Prints tables; never asserts; exits 0. Sets QT_QPA_PLATFORM=offscreen for itself and its
children.

    .venv/bin/python bench/board_core.py [--quick] [--edits 60] [--seed 1]
"""
from __future__ import annotations

import json
import os
import sys
import time

os.environ["QT_QPA_PLATFORM"] = "offscreen"

VIEW_W, VIEW_H = 1920, 1080


def _status_mb() -> dict:
    """VmRSS and VmHWM of this process, in MB (and ru_maxrss as a cross-check)."""
    out = {}
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    out[key] = int(value.split()[0]) / 1024.0
    except OSError:
        pass
    import resource
    out["maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    return out


# ------------------------------------------------------------------------- child processes (3.)
# They import only what they need, so the spawn-to-paint time includes each side's own imports.

def _child(kind: str, path: str, spawned: float) -> None:
    marks: dict[str, float] = {"started": time.time() - spawned}

    def mark(name: str) -> None:
        marks[name] = time.time() - spawned

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QGraphicsView
    mark("Qt imported")

    class FirstPaint(QObject):
        def __init__(self, extra: dict):
            super().__init__()
            self.seen = False
            self.extra = extra

        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Paint and not self.seen:
                self.seen = True
                mark("first paint begins")
                QTimer.singleShot(0, self.done)  # runs once the paint event has been handled
            return False

        def done(self) -> None:
            mark("first paint done")
            result = {"kind": kind, "marks": marks, "memory": _status_mb(), **self.extra}
            sys.stdout.write("RESULT " + json.dumps(result) + "\n")
            sys.stdout.flush()
            os._exit(0)  # no teardown: the board's flock goes with the process

    if kind == "app":
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        sys.path.insert(0, root)
        # As `python -m app BOARD` does (app/cli.py, then app/ui/application.run_app), without the
        # single-instance socket.
        import app.cli  # noqa: F401  (what `python -m app` imports first)
        from app.export.embedded import SUFFIXES, board_data_or_error
        from app.export.export_dialog import add_export_action
        from app.ui.application import Boards
        from app.ui.fonts import load_fonts
        from PySide6.QtCore import QSettings
        mark("app imported")
        QApplication.setOrganizationName("JourneyWall")
        QApplication.setApplicationName("Journey Wall")
        qapp = QApplication(sys.argv[:1])
        load_fonts()
        QSettings()
        mark("QApplication + fonts")
        boards = Boards((add_export_action,), {suffix: board_data_or_error for suffix in SUFFIXES})
        window = boards.open_path(path)
        if window is None:
            sys.stdout.write("RESULT " + json.dumps({"error": "open_path returned None"}) + "\n")
            sys.stdout.flush()
            os._exit(1)
        mark("window built and shown")
        window.resize(VIEW_W, VIEW_H)
        view = getattr(window, "view", None) or window.findChild(QGraphicsView)
        scene = view.scene()
        notes = len(getattr(scene, "note_items", {}) or {})
        watcher = FirstPaint({"notes": notes})
    else:
        import sqlite3
        from PySide6.QtGui import QColor, QPainter, QPen, QTransform
        from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene, QGraphicsSimpleTextItem
        mark("Qt widgets imported")
        qapp = QApplication(sys.argv[:1])
        mark("QApplication")
        conn = sqlite3.connect(path)
        rows = conn.execute("SELECT text, color FROM note ORDER BY stage_id, lane_id, position").fetchall()
        conn.close()
        mark("sqlite3 read")
        scene = QGraphicsScene()
        pen = QPen(QColor("#C9C9C9"), 1)
        colors: dict = {}
        columns, w, h, gap = 20, 136.0, 96.0, 14.0  # about the app's board width (5 stages of 4)
        for i, (text, color) in enumerate(rows):
            rect = QGraphicsRectItem(0, 0, w, h)
            rect.setPos((w + gap) * (i % columns), (h + gap) * (i // columns))
            rect.setBrush(colors.setdefault(color, QColor(color or "#FFF59D")))
            rect.setPen(pen)
            label = QGraphicsSimpleTextItem(text, rect)
            label.setPos(8, 8)
            scene.addItem(rect)
        view = QGraphicsView(scene)
        view.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
        view.resize(VIEW_W, VIEW_H)
        width = columns * (w + gap)
        zoom = max(0.55, min(1.0, VIEW_W / (width + 40)))  # as BoardView.show_start picks it
        view.setTransform(QTransform.fromScale(zoom, zoom))
        view.show()
        mark("scene built and shown")
        watcher = FirstPaint({"notes": len(rows)})
    view.viewport().installEventFilter(watcher)
    QTimer.singleShot(180_000, lambda: os._exit(2))  # never hang the parent
    qapp.exec()


if __name__ == "__main__" and len(sys.argv) >= 5 and sys.argv[1] == "--child":
    _child(sys.argv[2], sys.argv[3], float(sys.argv[4]))
    sys.exit(0)


# ------------------------------------------------------------------------- the parent

import argparse  # noqa: E402
import gc  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import traceback  # noqa: E402
from pathlib import Path  # noqa: E402

from common import clock, describe_machine, ms, percentile, print_table, ratio, show_view, work_dir  # noqa: E402
from edit_latency import build_board  # noqa: E402

from PySide6.QtCore import QEvent, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QBrush, QColor, QMouseEvent, QPen, QUndoStack  # noqa: E402
from PySide6.QtWidgets import (QApplication, QGraphicsItem, QGraphicsRectItem, QGraphicsScene,  # noqa: E402
                               QGraphicsView)

from app.model.document import Document, Place  # noqa: E402
from app.ui.board_scene import BoardScene  # noqa: E402
from app.ui.board_view import BoardView  # noqa: E402
from app.ui.fonts import load_fonts  # noqa: E402

KINDS = ("text", "colour", "move in cell")
COLOURS = ("#90CAF9", "#A5D6A7", "#FFE082", "#F48FB1")
WORDS = ("customer", "checkout", "signs", "up", "waits", "for", "email", "support", "call", "price",
         "compare", "trial", "onboarding", "confused", "happy", "app", "store", "review", "renew")


SUMMARY: list[tuple[str, str, str]] = []  # (what, app, floor and ratio): the table at the end


def note(what: str, app: str, floor: str) -> None:
    SUMMARY.append((what, app, floor))


def checkout() -> str:
    """The commit and the modified app/ files the run measured (read-only git calls)."""
    root = str(Path(__file__).resolve().parent.parent)
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--short", "--", "app"], cwd=root, capture_output=True,
                               text=True, timeout=10).stdout.split("\n")
        dirty = [line[3:] for line in dirty if line.strip()]
    except (OSError, subprocess.SubprocessError):
        return "unknown (no git)"
    return f"{head}" + (f" + uncommitted changes to {', '.join(dirty)}" if dirty else " (clean app/)")


def med(values) -> float:
    return statistics.median(values) if values else float("nan")


def p95(values) -> float:
    return percentile(values, 0.95) if values else float("nan")


def settle(scene, limit_s: float = 10.0) -> None:
    """Lets the app do its idle work (after a board opens it makes the last note items and
    shapes the notes' lines)."""
    start = clock()
    pending = getattr(scene, "idle_work_left", None)  # items made and lines shaped when idle
    if pending is None:
        pending = getattr(getattr(scene, "text_warmup", None), "pending", None)
    QApplication.processEvents()
    while pending is not None and pending() and clock() - start < limit_s:
        QApplication.processEvents()
    QApplication.processEvents()


def to_screen(view: QGraphicsView) -> None:
    """The scene follows what is queued, then the view paints the frame that shows it."""
    QApplication.processEvents()
    view.viewport().repaint()


def note_cells(doc: Document) -> list:
    return [Place.cell(s.id, lane.id) for lane in doc.lanes() if lane.kind == "notes" for s in doc.stages()]


def item_color(item) -> str:
    look = getattr(item, "look", None)
    box = getattr(look, "box", None)
    return getattr(box, "color", None) or "#FFF59D"


def visible_rect(view: QGraphicsView):
    return view.mapToScene(view.viewport().rect()).boundingRect()


class Board:
    """One board file shown by the app (BoardScene + BoardView), its copy with no scene, and a
    bare QGraphicsScene of as many rectangles in a view placed alike."""

    def __init__(self, folder: Path, notes: int, rng: random.Random):
        self.notes = notes
        path, self.plain_path = folder / f"board-{notes}.cjm", folder / f"plain-{notes}.cjm"
        start = clock()
        build_board(path, notes, rng).close()
        self.build_s = clock() - start
        shutil.copy(path, self.plain_path)
        self.doc, self.plain = Document.open(path), Document.open(self.plain_path)
        start = clock()
        self.scene = BoardScene(self.doc, QUndoStack())
        self.scene_s = clock() - start
        self.view = BoardView(self.scene)
        show_view(self.view, VIEW_W, VIEW_H)
        start_view = getattr(self.view, "show_start", None)
        if start_view is not None:  # where the app opens a board: the top-left, its width in view
            start_view()
        settle(self.scene)
        # As the app does once a board's window is shown (app/ui/application.Boards.show): the
        # board's objects are left out of full garbage collections.
        gc.collect()
        gc.freeze()
        self.floor_scene = QGraphicsScene()
        self.floor_scene.setSceneRect(self.scene.sceneRect())
        pen = QPen(QColor("#C9C9C9"), 1)
        self.rects: dict[int, QGraphicsRectItem] = {}
        for note_id, item in self.scene.note_items.items():
            bounds = item.boundingRect()
            rect = QGraphicsRectItem(0, 0, max(10.0, bounds.width() - 10), max(10.0, bounds.height() - 10))
            rect.setPos(item.pos())
            rect.setBrush(QColor(item_color(item)))
            rect.setPen(pen)
            rect.setFlags(QGraphicsItem.ItemIsSelectable | QGraphicsItem.ItemIsMovable)
            self.floor_scene.addItem(rect)
            self.rects[note_id] = rect
        self.floor_view = QGraphicsView(self.floor_scene)
        self.floor_view.setRenderHints(self.view.renderHints())
        self.floor_view.setViewportUpdateMode(self.view.viewportUpdateMode())
        show_view(self.floor_view, VIEW_W, VIEW_H)
        self.match_floor_view()

    def match_floor_view(self) -> None:
        self.floor_scene.setSceneRect(self.scene.sceneRect())
        self.floor_view.setTransform(self.view.transform())
        self.floor_view.horizontalScrollBar().setValue(self.view.horizontalScrollBar().value())
        self.floor_view.verticalScrollBar().setValue(self.view.verticalScrollBar().value())
        QApplication.processEvents()

    def in_view(self) -> list[int]:
        seen = visible_rect(self.view)
        return [i for i, item in self.scene.note_items.items() if seen.intersects(item.sceneBoundingRect())]

    def close(self) -> None:
        signals = getattr(self.scene, "signals", None)
        if signals is not None and hasattr(signals, "detach"):
            signals.detach()
        for view in (self.view, self.floor_view):
            view.close()
            view.deleteLater()
        self.scene.deleteLater()
        self.floor_scene.deleteLater()
        QApplication.processEvents()
        self.doc.close()
        self.plain.close()
        gc.unfreeze()


# ------------------------------------------------------------------------- 1. edits

def prepare_edit(doc: Document, kind: str, note_id: int, counter: int):
    if kind == "text":
        text = f"Edited {counter}: " + " ".join(WORDS[(counter + k) % len(WORDS)] for k in range(6))
        return lambda d: d.edit_note(note_id, text=text)
    if kind == "colour":
        colour = COLOURS[counter % len(COLOURS)]
        return lambda d: d.recolor_notes([note_id], colour)
    note = doc.note(note_id)
    place = Place.of(note)
    order = [n.id for n in doc.notes_at(place)]
    here = order.index(note_id) if note_id in order else 0
    span = min(6, len(order))
    index = (here + 1 + counter % max(1, span - 1)) % max(1, span)
    if index == here:
        index = (here + 1) % max(1, span)
    return lambda d: d.move_notes([note_id], place, index)


def measure_edits(board: Board, edits: int, rng: random.Random, warmup: int = 3) -> dict:
    ids = board.in_view()
    if len(ids) < 10:
        ids = list(board.scene.note_items)
    times = {kind: [] for kind in KINDS}
    parts = {kind: ([], [], []) for kind in KINDS}  # the call (scene following it), events, repaint
    floor_doc, floor_qt = [], []
    view, floor_view = board.view, board.floor_view
    for counter in range(-warmup, edits):
        order = list(KINDS)
        rng.shuffle(order)
        for kind in order:
            note_id = rng.choice(ids)
            call = prepare_edit(board.doc, kind, note_id, counter)

            def app_edit():
                t0 = clock()
                call(board.doc)
                t1 = clock()
                QApplication.processEvents()
                t2 = clock()
                view.viewport().repaint()
                t3 = clock()
                return t3 - t0, (t1 - t0, t2 - t1, t3 - t2)

            def doc_floor():
                t0 = clock()
                call(board.plain)
                return clock() - t0

            rect = board.rects.get(note_id) or rng.choice(list(board.rects.values()))
            brush = QBrush(QColor(COLOURS[(counter + 1) % len(COLOURS)]))

            def qt_floor():
                t0 = clock()
                rect.setBrush(brush)
                to_screen(floor_view)
                return clock() - t0

            steps = [app_edit, doc_floor, qt_floor]
            if counter % 2:
                steps.reverse()
            for step in steps:
                result = step()
                if counter < 0:
                    continue
                if step is app_edit:
                    total, split = result
                    times[kind].append(total)
                    for bucket, value in zip(parts[kind], split):
                        bucket.append(value)
                elif step is doc_floor:
                    floor_doc.append(result)
                else:
                    floor_qt.append(result)
    return {"times": times, "parts": parts, "floor_doc": floor_doc, "floor_qt": floor_qt,
            "in_view": len(ids)}


def print_edits(notes: int, result: dict) -> None:
    print(f"\n[1. edit to the screen, {notes} notes]  (a note in view: {result['in_view']} candidates)")
    rows = [(f"app: {kind}", values) for kind, values in result["times"].items()]
    rows += [("floor: the document call alone", result["floor_doc"]),
             ("floor: bare scene, one rect + repaint", result["floor_qt"])]
    print_table(rows)
    floor_sum = p95(result["floor_doc"]) + p95(result["floor_qt"])
    note(f"{notes}: floors, document call alone / bare scene rect + repaint, ms p95",
         f"{ms(p95(result['floor_doc'])):.1f} / {ms(p95(result['floor_qt'])):.1f}", "")
    for kind, values in result["times"].items():
        call, events, paint = result["parts"][kind]
        note(f"{notes}: {kind}, ms median / p95", f"{ms(med(values)):.1f} / {ms(p95(values)):.1f}",
             f"{ratio(p95(values), floor_sum)} p95 of the floors added")
        print(f"  {kind:<13} p95 {ms(p95(values)):7.2f} ms = {ratio(p95(values), floor_sum)} the two floors' "
              f"p95 added ({ms(floor_sum):.2f} ms); median split: call + scene {ms(med(call)):.2f}, "
              f"processEvents {ms(med(events)):.2f}, repaint {ms(med(paint)):.2f}")


# ------------------------------------------------------------------------- 2. burst

def measure_burst(board: Board, rng: random.Random, runs: int, count: int = 30) -> dict:
    cells = note_cells(board.doc)
    app, batched, floor_doc, floor_qt = [], [], [], []
    for run in range(runs):
        targets = [(rng.choice(cells), f"From a phone {run}.{i}") for i in range(count)]

        def app_burst():
            t0 = clock()
            for place, text in targets:
                board.doc.add_note(place, text)
                QApplication.processEvents()
            board.view.viewport().repaint()
            return clock() - t0

        def app_batched():  # as the room's inbox hands a burst over: one batch, one refresh
            t0 = clock()
            with board.doc.batched():
                for place, text in targets:
                    board.doc.add_note(place, f"{text} (batched)")
            QApplication.processEvents()
            board.view.viewport().repaint()
            return clock() - t0

        def doc_floor():
            t0 = clock()
            for place, text in targets:
                board.plain.add_note(place, text)
            return clock() - t0

        def qt_floor():
            t0 = clock()
            for i in range(count):
                rect = board.floor_scene.addRect(150.0 * (i % 12), 110.0 * (i // 12), 136, 96)
                rect.setBrush(QColor(COLOURS[i % len(COLOURS)]))
                QApplication.processEvents()
            board.floor_view.viewport().repaint()
            return clock() - t0

        steps = [(app, app_burst), (batched, app_batched), (floor_doc, doc_floor), (floor_qt, qt_floor)]
        if run % 2:
            steps.reverse()
        for bucket, step in steps:
            bucket.append(step())
    return {"app": app, "batched": batched, "floor_doc": floor_doc, "floor_qt": floor_qt, "count": count}


def print_burst(notes: int, result: dict) -> None:
    n = result["count"]
    print(f"\n[2. burst: {n} notes added one doc.add_note each into random cells, {notes} notes, to the screen]")
    print_table([(f"app: {n} adds, processEvents after each, repaint", result["app"]),
                 (f"app: {n} adds in one doc.batched(), processEvents, repaint", result["batched"]),
                 (f"floor: the {n} document calls alone", result["floor_doc"]),
                 (f"floor: bare scene, {n} rects added + repaint", result["floor_qt"])])
    floor = med(result["floor_doc"]) + med(result["floor_qt"])
    note(f"{notes}: burst of {n} adds, ms median", f"{ms(med(result['app'])):.0f}",
         f"floors {ms(med(result['floor_doc'])):.0f} + {ms(med(result['floor_qt'])):.0f}: {ratio(med(result['app']), floor)}")
    note(f"{notes}: burst of {n} adds in one batch, ms median", f"{ms(med(result['batched'])):.0f}",
         f"floors {ms(med(result['floor_doc'])):.0f} + {ms(med(result['floor_qt'])):.0f}: {ratio(med(result['batched']), floor)}")
    for name in ("app", "batched"):
        print(f"  median burst, {name}: {ms(med(result[name])):.0f} ms (target: under 100 ms) = "
              f"{ratio(med(result[name]), floor)} the two floors' medians added ({ms(floor):.0f} ms)")


# ------------------------------------------------------------------------- 4. drag

def mouse(view: QGraphicsView, kind, local: QPointF, button, buttons) -> None:
    viewport = view.viewport()
    global_pos = QPointF(viewport.mapToGlobal(local.toPoint()))
    event = QMouseEvent(kind, local, global_pos, button, buttons, Qt.NoModifier)
    QApplication.sendEvent(viewport, event)


def select(scene, ids) -> None:
    chooser = getattr(scene, "select_notes", None)
    if chooser is not None:
        chooser(ids)
        return
    scene.clearSelection()
    for note_id in ids:
        scene.note_items[note_id].setSelected(True)


def drag(view: QGraphicsView, start: QPointF, end: QPointF, moves: int, move_times: list, drops: list,
         presses: list) -> None:
    """Press at start, `moves` moves to end, release there; each timed to the repaint."""
    t0 = clock()
    mouse(view, QEvent.MouseButtonPress, start, Qt.LeftButton, Qt.LeftButton)
    to_screen(view)
    presses.append(clock() - t0)
    for step in range(1, moves + 1):
        f = step / moves
        pos = QPointF(start.x() + (end.x() - start.x()) * f, start.y() + (end.y() - start.y()) * f)
        t0 = clock()
        mouse(view, QEvent.MouseMove, pos, Qt.NoButton, Qt.LeftButton)
        to_screen(view)
        move_times.append(clock() - t0)
    t0 = clock()
    mouse(view, QEvent.MouseButtonRelease, end, Qt.LeftButton, Qt.NoButton)
    to_screen(view)
    drops.append(clock() - t0)


def measure_drag(board: Board, count: int, drags: int, moves: int) -> dict:
    doc, scene, view = board.doc, board.scene, board.view
    cells = note_cells(doc)
    a, b = cells[0], cells[1]  # the first notes lane: its first two stages, side by side
    ids = [n.id for n in doc.notes_at(a) if n.id in scene.note_items][:count]
    # Zoom so the 50 notes and the next cell's first notes are in view.
    items = [scene.note_items[i] for i in ids]
    area = items[0].sceneBoundingRect()
    for item in items[1:]:
        area = area.united(item.sceneBoundingRect())
    first_b = scene.note_items[next(n.id for n in doc.notes_at(b) if n.id in scene.note_items)].sceneBoundingRect()
    area = area.united(first_b)
    zoom = min(1.0, 0.9 * min(view.viewport().width() / area.width(), view.viewport().height() / area.height()))
    set_zoom = getattr(view, "set_zoom", None)
    if set_zoom is not None:
        set_zoom(zoom)
    else:
        view.resetTransform()
        view.scale(zoom, zoom)
    view.centerOn(area.center())
    settle(scene)
    board.match_floor_view()
    app_moves, app_drops, app_presses = [], [], []
    floor_moves, floor_drops, floor_presses, floor_doc = [], [], [], []
    place_of = {True: a, False: b}
    for n in range(drags):
        forward = n % 2 == 0
        target = place_of[not forward]
        # Where to press: the middle of the first selected note; where to drop: just left of
        # the target cell's first note that is not moving (its index 0).
        select(scene, ids)
        QApplication.processEvents()
        grab = scene.note_items[ids[0]].sceneBoundingRect().center()
        staying = [x.id for x in doc.notes_at(target) if x.id not in set(ids) and x.id in scene.note_items]
        drop_rect = scene.note_items[staying[0]].sceneBoundingRect()
        drop = QPointF(drop_rect.left() + 8, drop_rect.center().y())
        start, end = view.mapFromScene(grab), view.mapFromScene(drop)
        start, end = QPointF(start), QPointF(end)

        def app_drag():
            drag(view, start, end, moves, app_moves, app_drops, app_presses)

        def qt_floor():
            board.floor_scene.clearSelection()
            for note_id in ids:
                board.rects[note_id].setSelected(True)
            drag(board.floor_view, start, end, moves, floor_moves, floor_drops, floor_presses)
            for note_id in ids:  # back where they were, for the next drag
                board.rects[note_id].moveBy(start.x() - end.x(), start.y() - end.y())

        def doc_floor():
            t0 = clock()
            board.plain.move_notes(ids, target, 0)
            floor_doc.append(clock() - t0)

        steps = [app_drag, qt_floor, doc_floor]
        if n % 2:
            steps.reverse()
        for step in steps:
            step()
        moved = sum(1 for i in ids if Place.of(doc.note(i)) == target)
        if moved != len(ids):
            print(f"  WARNING: drag {n + 1}: {moved} of {len(ids)} notes landed in the target cell")
    return {"app_moves": app_moves, "app_drops": app_drops, "app_presses": app_presses,
            "floor_moves": floor_moves, "floor_drops": floor_drops, "floor_presses": floor_presses,
            "floor_doc": floor_doc, "count": count, "drags": drags, "moves": moves, "zoom": zoom}


def print_drag(notes: int, result: dict) -> None:
    print(f"\n[4. drag {result['count']} selected notes to the next stage's cell, {notes} notes]  "
          f"{result['drags']} drags of {result['moves']} mouse moves, zoom {result['zoom']:.2f}")
    print_table([("app: press", result["app_presses"]),
                 ("app: one mouse move + repaint", result["app_moves"]),
                 ("app: drop (release: move_notes, reflow, repaint)", result["app_drops"]),
                 ("floor: bare scene, one mouse move + repaint", result["floor_moves"]),
                 ("floor: bare scene, release + repaint", result["floor_drops"]),
                 ("floor: the move_notes call alone (no scene)", result["floor_doc"])])
    print(f"  move p95 {ms(p95(result['app_moves'])):.2f} ms (target: under 16 ms) = "
          f"{ratio(p95(result['app_moves']), p95(result['floor_moves']))} the bare scene's p95")
    drop_floor = med(result["floor_drops"]) + med(result["floor_doc"])
    note(f"{notes}: drag 50, one mouse move, ms median / p95",
         f"{ms(med(result['app_moves'])):.1f} / {ms(p95(result['app_moves'])):.1f}",
         f"{ms(med(result['floor_moves'])):.1f} / {ms(p95(result['floor_moves'])):.1f}: "
         f"{ratio(p95(result['app_moves']), p95(result['floor_moves']))} p95")
    note(f"{notes}: drag 50, the drop, ms median / max",
         f"{ms(med(result['app_drops'])):.0f} / {ms(max(result['app_drops'])):.0f}",
         f"{ms(drop_floor):.1f}: {ratio(med(result['app_drops']), drop_floor)}")
    print(f"  drop median {ms(med(result['app_drops'])):.1f} ms = {ratio(med(result['app_drops']), drop_floor)} "
          f"the floors' medians added ({ms(drop_floor):.1f} ms)")


# ------------------------------------------------------------------------- 3. open

def spawn(kind: str, path: Path, folder: Path) -> dict:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["XDG_CONFIG_HOME"] = str(folder / "config")  # the app's QSettings (recent boards) stay here
    env["XDG_DATA_HOME"] = str(folder / "data")
    errors = open(folder / f"child-{kind}.err", "w")
    start = clock()
    proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--child", kind, str(path),
                             repr(time.time())], stdout=subprocess.PIPE, stderr=errors, text=True, env=env,
                            cwd=str(Path(__file__).resolve().parent.parent))
    result = None
    for line in proc.stdout:
        if line.startswith("RESULT "):
            elapsed = clock() - start
            result = json.loads(line[7:])
            result["seconds"] = elapsed
            break
    proc.stdout.close()
    proc.wait()
    errors.close()
    if result is None or "error" in result:
        tail = (folder / f"child-{kind}.err").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{kind} child failed (exit {proc.returncode}): {result}\n{tail}")
    return result


def measure_open(folder: Path, counts: list[int], runs: int, rng: random.Random) -> dict:
    results = {}
    for notes in counts:
        path = folder / f"open-{notes}.cjm"
        start = clock()
        build_board(path, notes, rng).close()
        print(f"  board of {notes} notes for opening built in {clock() - start:.1f} s "
              f"({path.stat().st_size / 1e6:.1f} MB)")
        spawn("floor", path, folder)  # warm the page cache and Python's bytecode cache
        spawn("app", path, folder)
        app, floor = [], []
        for run in range(runs):
            order = (("app", app), ("floor", floor)) if run % 2 == 0 else (("floor", floor), ("app", app))
            for kind, bucket in order:
                bucket.append(spawn(kind, path, folder))
        results[notes] = {"app": app, "floor": floor}
    return results


def print_open(results: dict) -> None:
    for notes, result in results.items():
        app, floor = result["app"], result["floor"]
        print(f"\n[3. open {notes} notes: spawn to the first painted frame, fresh process, {len(app)} runs each]")
        for label, runs in (("app: MainWindow (python -m app BOARD)", app),
                            ("floor: PySide6 + sqlite3, rects + texts", floor)):
            secs = [r["seconds"] for r in runs]
            rss = [r["memory"].get("VmRSS", float("nan")) for r in runs]
            hwm = [r["memory"].get("VmHWM", float("nan")) for r in runs]
            print(f"  {label:<42} median {med(secs):6.2f} s  (min {min(secs):.2f}, max {max(secs):.2f})   "
                  f"RSS {med(rss):6.0f} MB  peak {med(hwm):6.0f} MB   notes shown {runs[0].get('notes')}")
            last = runs[len(runs) // 2]["marks"]
            print("      " + ", ".join(f"{k} {v:.2f}" for k, v in last.items()) + "  (s after spawn, one run)")
        a, f = med([r["seconds"] for r in app]), med([r["seconds"] for r in floor])
        a_rss = med([r["memory"].get("VmRSS", float("nan")) for r in app])
        f_rss = med([r["memory"].get("VmRSS", float("nan")) for r in floor])
        limit = 2 * f_rss + 150
        note(f"open {notes}: spawn to first paint, s median", f"{a:.2f}", f"{f:.2f}: {ratio(a, f)}")
        note(f"open {notes}: VmRSS at first paint, MB", f"{a_rss:.0f}",
             f"{f_rss:.0f}: limit 2x + 150 = {limit:.0f}, {'met' if a_rss < limit else 'NOT met'}")
        print(f"  open: {a:.2f} s against the floor's {f:.2f} s = {ratio(a, f)}")
        print(f"  RSS after open: {a_rss:.0f} MB against the floor's {f_rss:.0f} MB = {ratio(a_rss, f_rss)}; "
              f"target under 2x floor + 150 MB = {limit:.0f} MB: {'met' if a_rss < limit else 'NOT met'}")


# ------------------------------------------------------------------------- main

def section(name: str, fn) -> None:
    try:
        fn()
    except Exception:  # a benchmark reports, it never fails its caller
        traceback.print_exc()
        print(f"board_core: {name} failed (see above)")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller boards and fewer runs (~1 minute)")
    parser.add_argument("--notes", type=int, nargs=2, metavar=("SMALL", "LARGE"),
                        help="boards for the edits (default 500 10000; quick 200 2000)")
    parser.add_argument("--open", type=int, nargs="+", metavar="N",
                        help="boards to open in fresh processes (default 10000 20000; quick 2000 4000)")
    parser.add_argument("--edits", type=int, help="timed edits of each kind per board (default 60; quick 12)")
    parser.add_argument("--open-runs", type=int, help="fresh processes of each kind per board (default 5; quick 2)")
    parser.add_argument("--drags", type=int, help="drags of 50 notes (default 6; quick 2)")
    parser.add_argument("--moves", type=int, default=30, help="mouse moves per drag")
    parser.add_argument("--skip", nargs="*", default=[], choices=("edits", "burst", "open", "drag"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    quick = args.quick
    small, large = args.notes or ((200, 2000) if quick else (500, 10_000))
    open_counts = args.open or ([2000, 4000] if quick else [10_000, 20_000])
    edits = args.edits or (12 if quick else 60)
    open_runs = args.open_runs or (2 if quick else 5)
    drags = args.drags or (2 if quick else 6)
    rng = random.Random(args.seed)

    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    load_fonts()
    begun = clock()
    edit_results: dict[int, dict] = {}
    with work_dir() as folder:
        describe_machine(folder)
        print(f"checkout: {checkout()}")
        print(f"Qt platform {qapp.platformName()}, PySide6 {__import__('PySide6').__version__}; "
              f"view {VIEW_W}x{VIEW_H}; {'quick' if quick else 'default'} run")
        for notes in (small, large):
            board = None

            def setup():
                nonlocal board
                board = Board(folder, notes, random.Random(args.seed + notes))
                print(f"\nboard of {notes} notes: file built in {board.build_s:.1f} s, BoardScene in "
                      f"{ms(board.scene_s):.0f} ms, view zoom {board.view.transform().m11():.2f}")
            section(f"board of {notes}", setup)
            if board is None:
                continue
            if "edits" not in args.skip:
                def edits_section():
                    edit_results[notes] = measure_edits(board, edits, rng)
                    print_edits(notes, edit_results[notes])
                section(f"edits at {notes}", edits_section)
            if notes == large and "drag" not in args.skip:
                section("drag", lambda: print_drag(notes, measure_drag(board, 50, drags, args.moves)))
            if notes == large and "burst" not in args.skip:
                section("burst", lambda: print_burst(notes, measure_burst(board, rng, 2 if quick else 5)))
            section(f"closing the board of {notes}", board.close)
        if len(edit_results) == 2:
            print(f"\n[1. p95 at {large} notes against {small}]  (target: under 3x; and p95 under 16 ms at {large})")
            for kind in KINDS:
                lo_, hi_ = edit_results[small]["times"][kind], edit_results[large]["times"][kind]
                note(f"{kind}: p95 {large} / {small}", ratio(p95(hi_), p95(lo_)), "target under 3x")
            for kind in KINDS:
                lo, hi = edit_results[small]["times"][kind], edit_results[large]["times"][kind]
                print(f"  {kind:<13} {ms(p95(hi)):7.2f} / {ms(p95(lo)):6.2f} ms = {ratio(p95(hi), p95(lo))}   "
                      f"(medians {ms(med(hi)):.2f} / {ms(med(lo)):.2f} = {ratio(med(hi), med(lo))})")
        if "open" not in args.skip:
            def open_section():
                print("\n[3. open: building the boards, then fresh processes, alternated]")
                print_open(measure_open(folder, open_counts, open_runs, rng))
            section("open", open_section)
    if SUMMARY:
        print(f"\n[summary]  checkout {checkout()}\n")
        print("| | app | floor |")
        print("| --- | --- | --- |")
        for what, app, floor in SUMMARY:
            print(f"| {what} | {app} | {floor} |")
    print(f"\nboard_core: done in {clock() - begun:.0f} s")


if __name__ == "__main__":
    try:
        main()
    except Exception:
        traceback.print_exc()
        print("board_core: failed (see above)", file=sys.stderr)
    sys.exit(0)
