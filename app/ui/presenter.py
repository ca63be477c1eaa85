"""Presenter mode (F5): the board full screen on the projector, readable from the back of the room.

The projector shows a second view on the board's own scene, so editing still works there and
every change shows at once on both screens. It steps through stages (Left/Right, PageUp/PageDown:
what clickers send) with the current one spotlighted, through lanes (Up/Down), shows the whole
board (Home) or the empathy map (E). It zooms so that note text is never drawn below
MIN_TEXT_PX pixels; where that is impossible (the whole board) notes are drawn as blocks.
With a second screen the laptop keeps the main window as the control view."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QRectF, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QScreen
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.model.layout import NOTE_TEXT_MAX, Rect, fit

from .board_scene import BoardScene
from .board_view import BoardView
from .agenda_clock import AgendaClock
from .cheat_sheet import CheatSheet
from .text_painter import draw_fitted
from .workshop_banner import STYLE as BANNER_STYLE, WorkshopBanner

HIDDEN_LANE_LABEL = fit("Hidden for now", 400, 30, 22, 22, True)
HINT_MS = 8000  # how long the key hint shows after presenting starts
CLOCK_SHARE = 34 / 1080  # of the screen's height: the countdown's text
BANNER_SHARE = 24 / 1080  # the voting / silent-writing banner's text
MIN_TEXT_PX = 20.0  # at 1920x1080 a note's text is never drawn smaller (issue: readable from the back)
SPOTLIGHT_DIM = QColor(20, 24, 28, 150)
PROJECTOR_BACKGROUND = QColor("#2B2F33")
HIDDEN_LANE_FILL = QColor("#3A3F44")
HIDDEN_LANE_TEXT = QColor("#B0BEC5")


class PresenterView(BoardView):
    """The projector's view: high contrast, big text, stepping through stages and lanes."""
    left = Signal()

    min_text_px = MIN_TEXT_PX  # note items draw text only at this size or larger here
    projector = True  # the room sees this view: hidden notes and hidden dots stay hidden

    def __init__(self, scene: BoardScene, parent=None):
        super().__init__(scene, parent)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.NoFrame)
        self.setBackgroundBrush(PROJECTOR_BACKGROUND)
        self.target: tuple = ("board",)
        self.cheat_sheet: Optional[CheatSheet] = None  # set by the window that holds this view
        scene.layout_changed.connect(self.show_target)

    # ------------------------------------------------------------------ what is shown

    def show_target(self) -> None:
        rect = self.target_rect()
        if rect is None:
            self.target = ("board",)
            rect = self.target_rect()
        fit = min(self.viewport().width() / (rect.w + 40), self.viewport().height() / (rect.h + 40))
        zoom = fit
        if self.target[0] != "board":
            zoom = max(fit, MIN_TEXT_PX / self.smallest_text(rect))
        self.set_zoom(zoom)
        # A rectangle larger than the screen is shown from its top-left corner (where its
        # header is), a smaller one centred.
        visible_w, visible_h = self.viewport().width() / zoom, self.viewport().height() / zoom
        x = rect.x + rect.w / 2 if rect.w <= visible_w else rect.x - 20 / zoom + visible_w / 2
        y = rect.y + rect.h / 2 if rect.h <= visible_h else rect.y - 20 / zoom + visible_h / 2
        self.centerOn(x, y)
        self.viewport().update()

    def target_rect(self) -> Optional[Rect]:
        layout = self.board.layout
        kind = self.target[0]
        if kind == "stage" and self.target[1] < len(layout.stages):
            column = layout.stages[self.target[1]].column
            return Rect(column.x, column.y, column.w, column.h)
        if kind == "lane" and self.target[1] < len(layout.lanes):
            return layout.lanes[self.target[1]].row
        if kind == "empathy":
            return self.board.surface.empathy_rect
        if kind == "board":
            return Rect(0, 0, layout.width, layout.height)
        return None

    def smallest_text(self, rect: Rect) -> float:
        """The smallest note text inside rect (points); the largest size when it holds no note."""
        sizes = [box.text.size for box in self.board.surface.boxes.values()
                 if rect.x <= box.rect.x < rect.right and rect.y <= box.rect.y < rect.bottom]
        return min(sizes, default=NOTE_TEXT_MAX)

    def spotlight(self) -> Optional[Rect]:
        return self.target_rect() if self.target[0] in ("stage", "lane") else None

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        self._cover_hidden_lanes(painter)
        lit = self.spotlight()
        if lit is None:
            return
        around = QRectF(rect)
        painter.save()
        painter.setPen(Qt.NoPen)
        painter.setBrush(SPOTLIGHT_DIM)
        lit_rect = QRectF(lit.x, lit.y, lit.w, lit.h)
        for part in (QRectF(around.left(), around.top(), around.width(), lit_rect.top() - around.top()),
                     QRectF(around.left(), lit_rect.bottom(), around.width(), around.bottom() - lit_rect.bottom()),
                     QRectF(around.left(), lit_rect.top(), lit_rect.left() - around.left(), lit_rect.height()),
                     QRectF(lit_rect.right(), lit_rect.top(), around.right() - lit_rect.right(), lit_rect.height())):
            if part.width() > 0 and part.height() > 0:
                painter.drawRect(part)
        painter.restore()

    def _cover_hidden_lanes(self, painter: QPainter) -> None:
        """A hidden lane's cells are covered: its notes, scores and values stay off the projector."""
        doc = self.board.doc
        for lane in self.board.layout.lanes:
            if not doc.lane(lane.lane_id).hidden:
                continue
            row = lane.row
            cover = QRectF(lane.header.right, row.y, row.w - lane.header.w, row.h)
            painter.fillRect(cover, HIDDEN_LANE_FILL)
            draw_fitted(painter, HIDDEN_LANE_LABEL, cover.x() + 16, cover.y() + (row.h - HIDDEN_LANE_LABEL.height) / 2,
                        cover.width() - 32, HIDDEN_LANE_TEXT, bold=True)

    # ------------------------------------------------------------------ keys

    def step(self, kind: str, delta: int) -> None:
        """The next (delta 1) or previous stage or lane; hidden lanes are skipped."""
        layout, doc = self.board.layout, self.board.doc
        if kind == "stage":
            shown = list(range(len(layout.stages)))
        else:
            shown = [i for i, lane in enumerate(layout.lanes) if not doc.lane(lane.lane_id).hidden]
        if not shown:
            return
        if self.target[0] != kind:
            index = shown[0] if delta > 0 else shown[-1]
        else:
            ahead = [i for i in shown if (i - self.target[1]) * delta > 0]
            index = (min(ahead) if delta > 0 else max(ahead)) if ahead else self.target[1]
        self.target = (kind, index)
        self.show_target()

    def keyPressEvent(self, event) -> None:
        if self.board.editing.active:
            return super().keyPressEvent(event)  # keys go to the text; Escape ends the editing
        key = event.key()
        steps = {Qt.Key_Right: ("stage", 1), Qt.Key_PageDown: ("stage", 1), Qt.Key_Left: ("stage", -1),
                 Qt.Key_PageUp: ("stage", -1), Qt.Key_Down: ("lane", 1), Qt.Key_Up: ("lane", -1)}
        if key in steps:
            self.step(*steps[key])
        elif key == Qt.Key_Home:
            self.target = ("board",)
            self.show_target()
        elif key == Qt.Key_E:
            self.target = ("empathy",)
            self.show_target()
        elif key == Qt.Key_Question:
            self.cheat_sheet.toggle()
        elif key == Qt.Key_Escape:
            if self.cheat_sheet.isVisible():
                self.cheat_sheet.hide()
            else:
                self.left.emit()
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.show_target()


class PresenterWindow(QWidget):
    """The full-screen window on the projector (or the only screen)."""
    closed = Signal()

    def __init__(self, scene: BoardScene, shortcuts: list[tuple[str, str]]):
        super().__init__(None, Qt.Window)
        self.setWindowTitle("Journey Wall – presenting")
        self.view = PresenterView(scene, self)
        self.view.left.connect(self.close)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.view)
        self.hint = QLabel("← → stages   ↑ ↓ lanes   Home whole board   E empathy map   ? all keys   Esc leave", self)
        self.hint.setStyleSheet("color:#CFD8DC; background:rgba(0,0,0,120); padding:4px 10px; font-size:13px;")
        self.hint.adjustSize()
        QTimer.singleShot(HINT_MS, self.hint.hide)  # it would cover notes for the whole workshop; ? lists the keys
        self.cheat_sheet = CheatSheet(self, shortcuts)
        self.clock = AgendaClock(scene.doc, self, font_px=34)
        self.banner = WorkshopBanner(scene.doc, self, font_px=26, projector=True)
        scene.signals.changed.connect(self.banner.refresh)
        self.view.cheat_sheet = self.cheat_sheet

    def present_on(self, screen: QScreen) -> None:
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.view.setFocus()
        self.view.show_target()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.hint.move(12, self.height() - self.hint.height() - 12)
        # The overlays keep their share of the screen: readable at the back, never a wall.
        self.clock.font_px = max(18, round(self.height() * CLOCK_SHARE))
        self.clock.show_time()
        self.banner.setStyleSheet(BANNER_STYLE.format(px=max(14, round(self.height() * BANNER_SHARE))))
        self.banner.refresh()

    def closeEvent(self, event) -> None:
        self.closed.emit()
        super().closeEvent(event)


PROJECTOR_KEY = "presenter/screen"


def projector_screen(current: Optional[QScreen] = None) -> QScreen:
    """The screen to present on: the one the facilitator chose if it is attached, else another
    screen than the laptop's when there is one."""
    screens = QGuiApplication.screens()
    chosen = QSettings().value(PROJECTOR_KEY, "")
    for screen in screens:
        if chosen and screen.name() == chosen:
            return screen
    primary = QGuiApplication.primaryScreen()
    others = [s for s in screens if s is not (current or primary)]
    return others[0] if others else primary


def choose_projector(name: str) -> None:
    QSettings().setValue(PROJECTOR_KEY, name)
