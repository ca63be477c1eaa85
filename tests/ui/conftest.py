"""A real main window on a real board file, driven with qtbot."""
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from app.model.document import Document, Place
from app.model.interchange import board_json_text
from app.model.templates import template


@pytest.fixture
def window(qtbot, tmp_path):
    from app.ui.application import Boards
    from app.ui.fonts import load_fonts
    load_fonts()
    doc = Document.create(tmp_path / "board.cjm", lambda d: template("current-state").apply(d))
    boards = Boards()
    win = boards.show(doc)
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win._started)
    QApplication.processEvents()  # the window's own start-up zoom runs first
    win.view.set_zoom(1.0)
    win.view.centerOn(600, 350)
    yield win  # qtbot closes it; the window deletes itself and closes its board


def json_of(window) -> str:
    return board_json_text(window.doc)


def file_json(window) -> str:
    """The board as another process would read it from the file now."""
    with Document.snapshot(window.doc.path) as fresh:
        return board_json_text(fresh)


def cell(window, stage_index: int, lane_index: int) -> Place:
    doc = window.doc
    return Place.cell(doc.stages()[stage_index].id, doc.lanes()[lane_index].id)


def cell_rect(window, place: Place):
    return next(c.rect for c in window.scene.layout.cells if c.place == place)


def to_view(window, x: float, y: float) -> QPoint:
    return window.view.mapFromScene(QPointF(x, y))


def reveal(window, x: float, y: float) -> None:
    window.view.centerOn(x, y)
    QApplication.processEvents()


def note_center(window, note_id: int) -> tuple[float, float]:
    rect = window.scene.surface.boxes[note_id].rect
    return rect.x + rect.w / 2, rect.y + rect.h / 2


def type_text(widget, text: str) -> None:
    """Types any text, non-ASCII too (qtbot.keyClicks aborts on non-ASCII here)."""
    for ch in text:
        key = Qt.Key_Return if ch == "\n" else 0
        for kind in (QKeyEvent.KeyPress, QKeyEvent.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.NoModifier, ch))


def drag(qtbot, window, start: tuple[float, float], end: tuple[float, float], modifier=Qt.NoModifier) -> None:
    viewport = window.view.viewport()
    a, b = to_view(window, *start), to_view(window, *end)
    qtbot.mousePress(viewport, Qt.LeftButton, modifier, a)
    for step in range(1, 6):
        point = a + (b - a) * step / 5
        qtbot.mouseMove(viewport, point)
    qtbot.mouseRelease(viewport, Qt.LeftButton, modifier, b)
