"""The view on the board: zoom around the cursor, pan (wheel, space-drag, middle-drag), rubber
band selection, and keyboard moves between cells and notes."""
from __future__ import annotations

import time
from typing import Optional

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QTransform
from PySide6.QtWidgets import QGraphicsView, QWidget

from app.model.document import Place
from app.model.layout import NOTE_TEXT_MIN

from .board_scene import BoardScene
from .note_painter import READABLE_PX, ViewPaint
from .zoom_glide import ZoomGlide

MIN_ZOOM, MAX_ZOOM = 0.05, 6.0
ZOOM_STEP = 1.25
SETTLE_MS = 150  # after the last step of a zoom gesture, text is drawn crisp again
QUICK_MS = 6.0  # a view that paints with text faster than this keeps it while zooming
START_ZOOM_MIN = READABLE_PX / NOTE_TEXT_MIN  # a board opens no smaller than where every note's text shows


class BoardView(QGraphicsView):
    zoom_changed = Signal(float)

    # Note items draw text only this large or larger (pixels an em) in this view; while a zoom
    # runs on a busy part of the board, text is drawn as grey bars so every step is fast, then
    # crisp again (zooming).
    min_text_px = 0.0
    projector = False  # the room's view (presenter mode) keeps hidden notes and dots hidden

    def __init__(self, scene: BoardScene, parent=None):
        super().__init__(scene, parent)
        self.board = scene
        self.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
        self.setDragMode(QGraphicsView.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.NoAnchor)  # set_zoom keeps its own anchor
        self.setViewportUpdateMode(QGraphicsView.SmartViewportUpdate)
        # Every item sets the painter state it needs, so the per-item save and restore (and the
        # margin for antialiasing) can go: with 2,000 notes that is a third of a frame.
        self.setOptimizationFlags(QGraphicsView.DontSavePainterState | QGraphicsView.DontAdjustForAntialiasing)
        self.setFocusPolicy(Qt.StrongFocus)
        self.viewport().grabGesture(Qt.PinchGesture)
        self._space_down = False
        self._pan_from: Optional[QPointF] = None
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.zoom_settled)
        self._zoom_running = False
        # How long the last two paints of the whole view with text at a new scale took (the
        # quicker one counts: a view's first paints also warm Qt's caches), and the last scale.
        self._crisp_ms = (0.0, 0.0)
        self._crisp_scale = 0.0
        self.glide = ZoomGlide(self)
        self.top_overlay: Optional[QWidget] = None  # the timer over the view's top (the window sets it)

    # ------------------------------------------------------------------ zoom

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float, anchor: Optional[QPointF] = None) -> None:
        """Zooms keeping the scene point under `anchor` (a viewport position) where it is, or
        the centre of the view when there is no anchor."""
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        viewport = self.viewport().rect()
        spot = anchor if anchor is not None else QPointF(viewport.width() / 2, viewport.height() / 2)
        fixed = self.mapToScene(spot.toPoint())
        self.setTransform(QTransform.fromScale(factor, factor))
        moved = self.mapFromScene(fixed) - spot.toPoint()
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + moved.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + moved.y())
        self.zoom_changed.emit(factor)

    def clamped(self, factor: float) -> float:
        return max(MIN_ZOOM, min(MAX_ZOOM, factor))

    def visible_center(self) -> QPointF:
        """The scene point in the middle of the view."""
        viewport = self.viewport().rect()
        return self.mapToScene(viewport.center())

    def place(self, factor: float, center: QPointF) -> None:
        """Zooms to `factor` with the scene point `center` in the middle of the view."""
        if factor != self.zoom():
            self.setTransform(QTransform.fromScale(factor, factor))
        self.centerOn(center)
        self.zoom_changed.emit(factor)

    def fit_zoom(self) -> float:
        """The zoom at which the whole board (the grid, the parking lot and the empathy map, with
        the scene's margin) fits with no scroll bars, clear of the timer at the top (as much
        room left below it: the view centres what it fits)."""
        rect, room = self.board.sceneRect(), self.maximumViewportSize()
        overlay = self.top_overlay
        top = overlay.geometry().bottom() + 1 if overlay is not None and overlay.isVisible() else 0
        return self.clamped(min((room.width() - 2) / rect.width(), (room.height() - 2 - 2 * top) / rect.height()))

    def zoom_to_fit(self) -> None:
        self.place(self.fit_zoom(), self.board.sceneRect().center())

    # The keyboard's and the View menu's zooms glide (zoom_glide).

    def glide_by(self, step: float) -> None:
        self.glide.to(self.glide.target_zoom() * step)

    def glide_to(self, factor: float) -> None:
        self.glide.to(factor)

    def glide_to_fit(self) -> None:
        self.glide.to(self.fit_zoom(), self.board.sceneRect().center(), finish=self.zoom_to_fit)

    def show_start(self) -> None:
        """Where a board opens: its whole width if that stays readable, from the top-left."""
        width = self.board.layout.width + 48  # the scene's margin at the left, a little room at the right
        self.set_zoom(max(START_ZOOM_MIN, min(1.0, self.viewport().width() / width)))
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().minimum())
        self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            self.zooming()
            self.set_zoom(self.zoom() * (ZOOM_STEP ** steps), event.position())
            event.accept()
        else:
            super().wheelEvent(event)  # scrolling pans

    def zooming(self, settle: bool = True) -> None:
        """A zoom runs until it settles (SETTLE_MS after this, or when told: zoom_settled). Its
        frames draw text as bars where a frame with text took QUICK_MS or more: a frame at a
        new scale draws every glyph anew, and on a big board that is most of the frame."""
        if settle:
            self.glide.stop()
            self._settle.start()
        else:  # it tells when it ends (a glide)
            self._settle.stop()
        self._zoom_running = True
        if not self.keeps_text_while_zooming():
            self.min_text_px = float("inf")

    def keeps_text_while_zooming(self) -> bool:
        """Whether its last paints with text at a new scale were quick (QUICK_MS)."""
        return min(self._crisp_ms) < QUICK_MS

    def zoom_settled(self) -> None:
        self._zoom_running = False
        if "min_text_px" in self.__dict__:
            del self.min_text_px  # back to the class's value
            self.viewport().update()

    def _painted(self, event, seconds: float) -> None:
        """Notes how long a paint of the whole view with text at a new scale took (zooming):
        the glyphs are drawn anew there (later frames at that scale copy much of it)."""
        scale = self.zoom()
        if (self.min_text_px == float("inf") or event.rect() != self.viewport().rect()
                or scale == self._crisp_scale):
            return
        self._crisp_ms = (self._crisp_ms[1], seconds * 1000)
        self._crisp_scale = scale
        if self._zoom_running and seconds * 1000 >= QUICK_MS:  # the zoom reached a busier part
            self.min_text_px = float("inf")

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Paint:
            # The plain notes are painted by one item for all (NoteLayer), Qt skips their items.
            self.board.note_layer.set_active(True)
            # The notes ask this view's scale and wishes once per paint, not each for itself.
            outer, self.board.view_paint = self.board.view_paint, ViewPaint(
                self.transform().m11(), self.min_text_px, self.projector, self.viewport().devicePixelRatioF())
            start = time.perf_counter()
            try:
                return super().viewportEvent(event)
            finally:
                self.board.view_paint = outer
                self._painted(event, time.perf_counter() - start)
        if event.type() == QEvent.NativeGesture and event.gestureType() == Qt.ZoomNativeGesture:
            self.zooming()
            self.set_zoom(self.zoom() * (1.0 + event.value()), event.position())
            return True
        if event.type() == QEvent.Gesture:
            pinch = event.gesture(Qt.PinchGesture)
            if pinch is not None:
                self.zooming()
                self.set_zoom(self.zoom() * pinch.scaleFactor())
                return True
        return super().viewportEvent(event)

    # ------------------------------------------------------------------ panning

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MiddleButton or (self._space_down and event.button() == Qt.LeftButton):
            self._pan_from = event.position()
            self.viewport().setCursor(Qt.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            delta = event.position() - self._pan_from
            self._pan_from = event.position()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - round(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - round(delta.y()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            self._pan_from = None
            self.viewport().setCursor(Qt.OpenHandCursor if self._space_down else Qt.ArrowCursor)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    # ------------------------------------------------------------------ keyboard

    def keyPressEvent(self, event) -> None:
        if self.board.editing.active:
            return super().keyPressEvent(event)
        key = event.key()
        if key == Qt.Key_Space and not event.isAutoRepeat():
            self._space_down = True
            self.viewport().setCursor(Qt.OpenHandCursor)
            return
        arrows = {Qt.Key_Left: (-1, 0), Qt.Key_Right: (1, 0), Qt.Key_Up: (0, -1), Qt.Key_Down: (0, 1)}
        if key in arrows and not event.modifiers() & (Qt.ControlModifier | Qt.AltModifier):
            self.move_focus(*arrows[key])
            return
        if key in (Qt.Key_Return, Qt.Key_Enter):
            self.activate()
            return
        if key == Qt.Key_Escape and self.board.gesture is None:
            self.board.clearSelection()  # the arrows move between cells again
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:
        if event.key() == Qt.Key_Space and not event.isAutoRepeat():
            self._space_down = False
            self.viewport().setCursor(Qt.ArrowCursor)
            return
        super().keyReleaseEvent(event)

    def activate(self) -> None:
        """Enter: a new note in the focused cell (F2 edits the selected note)."""
        if self.board.focused_cell is not None:
            self.board.editing.add_note(self.board.focused_cell)
            self.reveal_focus()

    def move_focus(self, dx: int, dy: int) -> None:
        """With notes selected the arrows step between notes, else between cells."""
        selected = self.board.selected_note_ids()
        if selected:
            self._step_note(selected[0], dx, dy)
        else:
            self._step_cell(dx, dy)

    def _step_note(self, note_id: int, dx: int, dy: int) -> None:
        boxes = self.board.surface.boxes
        here = boxes[note_id].rect
        cx, cy = here.x + here.w / 2, here.y + here.h / 2

        def ahead(box) -> bool:
            bx, by = box.rect.x + box.rect.w / 2, box.rect.y + box.rect.h / 2
            return (bx - cx) * dx > 1 if dx else (by - cy) * dy > 1

        def distance(box) -> float:
            bx, by = box.rect.x + box.rect.w / 2, box.rect.y + box.rect.h / 2
            along, across = (abs(bx - cx), abs(by - cy)) if dx else (abs(by - cy), abs(bx - cx))
            return along + 3 * across  # prefer notes in line with this one

        candidates = [b for b in boxes.values() if b.note_id != note_id and ahead(b)]
        if candidates:
            target = min(candidates, key=distance)
            self.board.select_notes([target.note_id])
            self.board.set_focused_cell(target.place)
            self.ensureVisible(QRectF(target.rect.x, target.rect.y, target.rect.w, target.rect.h), 40, 40)

    def _step_cell(self, dx: int, dy: int) -> None:
        stages = [s.stage_id for s in self.board.layout.stages]
        lanes = [lane.lane_id for lane in self.board.layout.lanes]
        if not stages or not lanes:
            return
        place = self.board.focused_cell
        if place is None or place.kind != "cell":
            column, row = 0, 0
        else:
            column = max(0, min(len(stages) - 1, stages.index(place.stage_id) + dx))
            row = max(0, min(len(lanes) - 1, lanes.index(place.lane_id) + dy))
        self.board.set_focused_cell(Place.cell(stages[column], lanes[row]))
        self.reveal_focus()

    def reveal_focus(self) -> None:
        box = self.board.focused_cell_box()
        if box is not None:
            self.ensureVisible(QRectF(box.rect.x, box.rect.y, box.rect.w, box.rect.h), 30, 30)
