"""Presenter mode (F5): the board full screen on the projector, readable from the back of the room.

The projector shows a second view on the board's own scene, so editing still works there and
every change shows at once on both screens. It steps through stages (Left/Right, PageUp/PageDown:
what clickers send) with the current one spotlighted, through lanes (Up/Down), shows the whole
board (Home) or the empathy map (E). A stage or a lane is zoomed so that its smallest note text
is the presenter's text size (QSettings, + and - change it); what does not fit on the screen at
that size comes on pages, which the same keys step through before the next stage or lane, with
the lane names (and stage names) pinned beside them. The whole board shows the grid alone, so
its text stays readable where it can be at all. The timer, the workshop banner and where the room
is sit in a strip above the board that covers nothing; the laptop's marks stay off it.
With a second screen the laptop keeps the main window as the control view."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from PySide6.QtCore import QRectF, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QScreen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.model.layout import LANE_HEADER_W, NOTE_TEXT_MAX, STAGE_HEADER_H, Rect, fit

from .board_scene import BoardScene
from .board_view import BoardView
from .agenda_clock import AgendaClock
from .cheat_sheet import CheatSheet
from .note_painter import READABLE_PX
from .text_painter import draw_fitted
from .workshop_banner import STYLE as BANNER_STYLE, WorkshopBanner

HIDDEN_LANE_LABEL = fit("Hidden for now", 400, 30, 22, 22, True)
HINT_MS = 8000  # how long the key hint shows after presenting starts
STRIP_SHARE = 60 / 1080  # of the screen's height: the strip with the timer, banner and place
CLOCK_SHARE = 34 / 1080  # the countdown's text
BANNER_SHARE = 24 / 1080  # the voting / silent-writing banner's text
TEXT_PX_KEY = "presenter/text_px"
TEXT_PX_DEFAULT = 24.0  # a note's smallest text, pixels an em at 1080 lines: 30 px a line
TEXT_PX_STEP, TEXT_PX_MIN, TEXT_PX_MAX = 4.0, 16.0, 48.0
MARGIN_PX = 12  # around what a view shows
SPOTLIGHT_DIM = QColor(20, 24, 28, 150)
PROJECTOR_BACKGROUND = QColor("#2B2F33")
STRIP_STYLE = "background:#1C1F22;"
PLACE_STYLE = "color:#ECEFF1; font-size:{px}px; font-weight:bold; padding:0 14px;"
HIDDEN_LANE_FILL = QColor("#3A3F44")
HIDDEN_LANE_TEXT = QColor("#B0BEC5")


def presenter_text_px() -> float:
    """The presenter's text size (pixels an em of the smallest note text, at 1080 lines)."""
    try:
        value = float(QSettings().value(TEXT_PX_KEY, TEXT_PX_DEFAULT))
    except (TypeError, ValueError):  # a hand-edited settings file
        value = TEXT_PX_DEFAULT
    return max(TEXT_PX_MIN, min(TEXT_PX_MAX, value))


def set_presenter_text_px(px: float) -> float:
    px = max(TEXT_PX_MIN, min(TEXT_PX_MAX, px))
    QSettings().setValue(TEXT_PX_KEY, px)
    return px


@dataclass(frozen=True)
class Shown:
    """What a view shows on one page: the board rectangle to fit on the screen, the part of it
    lit (None: all), and the stages and lanes (indexes) whose headers are pinned beside it."""
    rect: Rect
    lit: Optional[Rect]
    stages: range
    lanes: range


def pages(lengths: list[float], room: float) -> list[range]:
    """Consecutive runs of rows (or columns) that fit in room each, as even as that many pages
    allow (7 stages on two pages: 4 and 3, not 6 and 1); a longer one has a page alone."""
    runs, start, used = [], 0, 0.0
    for index, length in enumerate(lengths):
        if index > start and used + length > room:
            runs.append(range(start, index))
            start, used = index, 0.0
        used += length
    if lengths:
        runs.append(range(start, len(lengths)))
    per = -(-len(lengths) // max(1, len(runs)))
    even = [range(i, min(i + per, len(lengths))) for i in range(0, len(lengths), per)] if lengths else []
    fits = len(even) == len(runs) and all(len(r) == 1 or sum(lengths[i] for i in r) <= room for r in even)
    return even if fits else runs


class PresenterView(BoardView):
    """The projector's view: high contrast, big text, stepping through stages and lanes."""
    left = Signal()
    place_changed = Signal(str)  # where the room is, for the strip

    projector = True  # the room sees this view: hidden notes and hidden dots stay hidden

    def __init__(self, scene: BoardScene, parent=None):
        super().__init__(scene, parent)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.NoFrame)
        self.setBackgroundBrush(PROJECTOR_BACKGROUND)
        self.target: tuple = ("board",)
        self.page = 0  # of the target's pages
        self.cheat_sheet: Optional[CheatSheet] = None  # set by the window that holds this view
        self.reference_h = 1080  # the screen's height, which the text size is scaled to
        self.shown: Optional[Shown] = None
        scene.layout_changed.connect(self.show_target)

    # ------------------------------------------------------------------ what is shown

    def text_px(self) -> float:
        """The smallest note text in a stage or a lane, pixels an em on this screen."""
        return presenter_text_px() * self.reference_h / 1080

    def show_target(self) -> None:
        if self.target_rect() is None:
            self.target, self.page = ("board",), 0
        all_pages = self.target_pages()
        self.page = max(0, min(self.page, len(all_pages) - 1))
        zoom, self.shown = all_pages[self.page]
        self.set_zoom(zoom)
        self._allow_any_position(zoom)
        rect = self.shown.rect
        # A rectangle larger than the screen is shown from its top-left corner (where its
        # header is), a smaller one centred.
        margin = MARGIN_PX / zoom
        visible_w, visible_h = self.viewport().width() / zoom, self.viewport().height() / zoom
        x = rect.x + rect.w / 2 if rect.w + 2 * margin <= visible_w else rect.x - margin + visible_w / 2
        y = rect.y + rect.h / 2 if rect.h + 2 * margin <= visible_h else rect.y - margin + visible_h / 2
        self.centerOn(x, y)
        self.place_changed.emit(self.place_text(len(all_pages)))
        self.viewport().update()

    def show(self, *target) -> None:
        """Shows a target from its first page: ("board",), ("stage", i), ("lane", i), ("empathy",)."""
        self.target, self.page = target, 0
        self.show_target()

    def _allow_any_position(self, zoom: float) -> None:
        """Lets the view centre a page anywhere, the board's edge too (a view scrolls within its
        scene rectangle, which ends a margin past the board)."""
        room_w, room_h = self.viewport().width() / zoom, self.viewport().height() / zoom
        self.setSceneRect(self.board.sceneRect().adjusted(-room_w, -room_h, room_w, room_h))

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
            return self.grid_rect()
        return None

    def grid_rect(self) -> Rect:
        """The title, the headers and the lanes: the whole board's view leaves the parking lot and
        the empathy map (E) out, so its notes are as large as they can be."""
        layout = self.board.layout
        bottom = layout.lanes[-1].row.bottom if layout.lanes else layout.title.bottom + STAGE_HEADER_H
        return Rect(0, 0, layout.width, bottom)

    def fit_zoom(self, rect: Rect) -> float:
        room_w = self.viewport().width() - 2 * MARGIN_PX
        room_h = self.viewport().height() - 2 * MARGIN_PX
        return max(0.01, min(room_w / max(rect.w, 1), room_h / max(rect.h, 1)))

    def target_pages(self) -> list[tuple[float, Shown]]:
        """The target's pages: the zoom and what each shows."""
        kind, layout = self.target[0], self.board.layout
        every_stage, every_lane = range(len(layout.stages)), range(len(layout.lanes))
        rect = self.target_rect()
        if kind == "stage":
            return self._stage_pages(self.target[1])
        if kind == "lane":
            return self._lane_pages(self.target[1])
        zoom = self.fit_zoom(rect)
        if kind == "board" and layout.stages and zoom * self.smallest_text(rect) < READABLE_PX:
            return self._board_pages(READABLE_PX / self.smallest_text(rect))
        return [(zoom, Shown(rect, None, every_stage, every_lane))]

    def _room(self, zoom: float) -> tuple[float, float]:
        """The board units a page has at zoom, across and down."""
        return ((self.viewport().width() - 2 * MARGIN_PX) / zoom,
                (self.viewport().height() - 2 * MARGIN_PX) / zoom)

    def _stage_pages(self, index: int) -> list[tuple[float, Shown]]:
        """A stage's lanes on pages, each under the stage's header, the lanes' names pinned at its left."""
        layout = self.board.layout
        column = layout.stages[index].column
        lanes = layout.lanes
        zoom = self.text_px() / self.smallest_text(Rect(column.x, column.y, column.w, column.h))
        zoom = min(zoom, self.fit_zoom(Rect(0, 0, column.w + LANE_HEADER_W, STAGE_HEADER_H)))
        _, room_h = self._room(zoom)
        shown = []
        for run in pages([lane.row.h for lane in lanes], room_h - STAGE_HEADER_H) or [range(0)]:
            top = lanes[run.start].row.y - STAGE_HEADER_H if run else column.y
            bottom = lanes[run.stop - 1].row.bottom if run else column.y + STAGE_HEADER_H
            lit = Rect(column.x, top, column.w, bottom - top)
            whole = Rect(column.x - LANE_HEADER_W, top, column.w + LANE_HEADER_W, bottom - top)
            shown.append((zoom, Shown(whole, lit, range(index, index + 1), run)))
        return shown

    def _lane_pages(self, index: int) -> list[tuple[float, Shown]]:
        """A lane's stages on pages, under their headers, the lane's name pinned at the left."""
        row = self.board.layout.lanes[index].row
        widest = max(s.column.w for s in self.board.layout.stages)
        zoom = self.text_px() / self.smallest_text(row)
        zoom = min(zoom, self.fit_zoom(Rect(0, 0, LANE_HEADER_W + widest, row.h + STAGE_HEADER_H)))
        top = row.y - STAGE_HEADER_H
        return [(zoom, Shown(Rect(left - LANE_HEADER_W, top, right - left + LANE_HEADER_W, row.bottom - top),
                             Rect(left, row.y, right - left, row.h), run, range(index, index + 1)))
                for left, right, run in self._stage_runs(zoom)]

    def _board_pages(self, zoom: float) -> list[tuple[float, Shown]]:
        """The grid, when it cannot be read whole: as many whole stages on each page as fit."""
        grid = self.grid_rect()
        lanes = range(len(self.board.layout.lanes))
        return [(zoom, Shown(page, page, run, lanes)) for left, right, run in self._stage_runs(zoom)
                for page in [Rect(left - LANE_HEADER_W, 0, right - left + LANE_HEADER_W, grid.h)]]

    def _stage_runs(self, zoom: float) -> list[tuple[float, float, range]]:
        """Runs of stages that fit across at zoom beside the lane names: (left, right, the run)."""
        stages = self.board.layout.stages
        room_w, _ = self._room(zoom)
        return [(stages[run.start].column.x, stages[run.stop - 1].column.right, run)
                for run in pages([s.column.w for s in stages], room_w - LANE_HEADER_W)]

    def place_text(self, page_count: int) -> str:
        """Where the room is: the stage or lane, and which of its pages."""
        kind, layout = self.target[0], self.board.layout
        more = f"  ·  page {self.page + 1} of {page_count}" if page_count > 1 else ""
        if kind == "stage":
            return f"Stage {self.target[1] + 1} of {len(layout.stages)}: {self.board.doc.stages()[self.target[1]].name}{more}"
        if kind == "lane":
            return f"Lane {self.target[1] + 1} of {len(layout.lanes)}: {self.board.doc.lanes()[self.target[1]].name}{more}"
        if kind == "empathy":
            return "Empathy map"
        return f"{self.board.doc.board.title}{more}"

    def smallest_text(self, rect: Rect) -> float:
        """The smallest note text inside rect (points); the largest size when it holds no note."""
        sizes = [box.text.size for box in self.board.surface.boxes.values()
                 if rect.x <= box.rect.x < rect.right and rect.y <= box.rect.y < rect.bottom]
        return min(sizes, default=NOTE_TEXT_MAX)

    def spotlight(self) -> Optional[Rect]:
        """What is lit, the rest dimmed: the stage or lane shown, the page of the whole board."""
        return self.shown.lit if self.shown is not None else None

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        self._cover_hidden_lanes(painter)
        lit = self.spotlight()
        if lit is not None:
            self._dim_around(painter, rect, lit)
        self._pin_headers(painter)

    def _dim_around(self, painter: QPainter, around: QRectF, lit: Rect) -> None:
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

    def _pin_headers(self, painter: QPainter) -> None:
        """The names of the lanes and stages shown, right beside them (on the board they may be
        a screen away): the lanes' at the left of the page, the stages' above it."""
        shown, layout = self.shown, self.board.layout
        if shown is None or self.target[0] == "empathy":
            return
        grid = self.board.grid
        left = shown.rect.x
        for index in shown.lanes:
            lane = layout.lanes[index]
            if lane.header.x != left:
                header = Rect(left, lane.header.y, LANE_HEADER_W, lane.header.h)
                grid._paint_header(painter, header, lane.title, lane.color)  # the grid's own look
        if self.target[0] == "board":
            return  # its stages' headers are in place
        top = shown.rect.y
        for index in shown.stages:
            stage = layout.stages[index]
            if stage.header.y != top:
                grid._paint_header(painter, Rect(stage.header.x, top, stage.header.w, STAGE_HEADER_H), stage.title, None)

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
        """The next (delta 1) or previous page of the stage or lane shown, else the next or
        previous stage or lane (hidden lanes are skipped)."""
        if self.target[0] == kind:
            page = self.page + delta
            if 0 <= page < len(self.target_pages()):
                self.page = page
                self.show_target()
                return
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
            if not ahead:
                return  # the last page of the last one
            index = min(ahead) if delta > 0 else max(ahead)
        self.target = (kind, index)
        self.page = 0
        if delta < 0:
            self.page = len(self.target_pages()) - 1  # backwards, its last page first
        self.show_target()

    def show_board(self) -> None:
        """Home: the whole board; again, its next page when it has pages."""
        if self.target == ("board",):
            self.page = (self.page + 1) % len(self.target_pages())
            self.show_target()
        else:
            self.show("board")

    def change_text_size(self, delta: float) -> None:
        set_presenter_text_px(presenter_text_px() + delta)
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
            self.show_board()
        elif key == Qt.Key_E:
            self.show("empathy")
        elif key in (Qt.Key_Plus, Qt.Key_Equal):
            self.change_text_size(TEXT_PX_STEP)
        elif key == Qt.Key_Minus:
            self.change_text_size(-TEXT_PX_STEP)
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
    """The full-screen window on the projector (or the only screen): a strip on top (where the
    room is, the workshop banner, the timer), the board below it."""
    closed = Signal()

    def __init__(self, scene: BoardScene, shortcuts: list[tuple[str, str]]):
        super().__init__(None, Qt.Window)
        self.setWindowTitle("Journey Wall – presenting")
        self.setStyleSheet(f"QWidget#strip {{ {STRIP_STYLE} }}")
        self.strip = QWidget(self)
        self.strip.setObjectName("strip")
        self.strip.setAttribute(Qt.WA_StyledBackground, True)
        self.place = QLabel(self.strip)
        self.hint = QLabel("← → stages   ↑ ↓ lanes   Home whole board   E empathy map   + − text size   "
                           "? all keys   Esc leave", self.strip)
        QTimer.singleShot(HINT_MS, self.hint.hide)  # ? lists the keys for the rest of the workshop
        self.banner = WorkshopBanner(scene.doc, self.strip, font_px=26, projector=True, docked=True)
        self.clock = AgendaClock(scene.doc, self.strip, font_px=34, docked=True)
        for label in (self.place, self.hint, self.banner):  # on a small screen they give way, the timer never
            label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        row = QHBoxLayout(self.strip)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.place, 2)
        row.addWidget(self.hint, 3)
        row.addWidget(self.banner, 4)
        row.addWidget(self.clock)
        self.view = PresenterView(scene, self)
        self.view.left.connect(self.close)
        self.view.place_changed.connect(self.place.setText)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.strip)
        column.addWidget(self.view, 1)
        self.cheat_sheet = CheatSheet(self, shortcuts)
        scene.signals.changed.connect(self.banner.refresh)
        self.view.cheat_sheet = self.cheat_sheet

    def present_on(self, screen: QScreen) -> None:
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.view.setFocus()
        self.view.show_target()

    def resizeEvent(self, event) -> None:
        # The strip and its text keep their share of the screen: readable at the back, never a wall.
        height = self.height()
        self.strip.setFixedHeight(max(30, round(height * STRIP_SHARE)))
        small = max(12, round(height * BANNER_SHARE * 0.75))
        self.place.setStyleSheet(PLACE_STYLE.format(px=small))
        self.hint.setStyleSheet(f"color:#B0BEC5; font-size:{max(11, small - 4)}px; padding:0 14px;")
        self.clock.font_px = max(16, round(height * CLOCK_SHARE))
        self.clock.show_time()
        self.banner.setStyleSheet(BANNER_STYLE.format(px=max(12, round(height * BANNER_SHARE))))
        self.banner.refresh()
        self.view.reference_h = height
        super().resizeEvent(event)

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
