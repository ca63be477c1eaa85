"""A zoom from the keyboard or the View menu as a short glide: the room keeps its bearings, and
every frame on the way is quick (note text as bars, as during a wheel or pinch zoom); the frame
it ends on draws the text crisp."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QEasingCurve, QPointF, QVariantAnimation

GLIDE_MS = 140


class ZoomGlide:
    def __init__(self, view) -> None:
        self.view = view
        self.target: Optional[tuple[float, QPointF]] = None  # the zoom and the scene point in the centre it ends on
        self._finish = None  # what lands the view exactly where it should end
        self._animation = QVariantAnimation(view)
        self._animation.setDuration(GLIDE_MS)
        self._animation.setEasingCurve(QEasingCurve.OutCubic)
        self._animation.setStartValue(0.0)
        self._animation.setEndValue(1.0)
        self._animation.valueChanged.connect(self._step)
        self._animation.finished.connect(self._end)
        self._from: tuple[float, QPointF] = (1.0, QPointF())

    def stop(self) -> None:
        """Another zoom takes over (a wheel, a pinch): the glide stops where it is."""
        self._animation.stop()
        self.target = self._finish = None

    def running(self) -> bool:
        return self._animation.state() == QVariantAnimation.Running

    def to(self, zoom: float, center: Optional[QPointF] = None, finish=None) -> None:
        """Glides to `zoom` with the scene point `center` in the middle of the view (the one in
        the middle now when None); `finish()` then sets the end exactly (zoom to fit, say)."""
        view = self.view
        here = view.visible_center()
        end = center if center is not None else self.target_center(here)
        self._animation.stop()
        self._from = (view.zoom(), here)
        self.target = (view.clamped(zoom), end)
        self._finish = finish
        view.zooming(settle=False)
        self._animation.start()

    def target_center(self, here: QPointF) -> QPointF:
        """Where a glide that goes on from the running one is centred: where that one ends."""
        return self.target[1] if self.running() and self.target is not None else here

    def target_zoom(self) -> float:
        """The zoom the view ends on: the running glide's, else the view's."""
        return self.target[0] if self.running() and self.target is not None else self.view.zoom()

    def _step(self, t: float) -> None:
        (zoom_from, center_from), (zoom_to, center_to) = self._from, self.target
        zoom = zoom_from * (zoom_to / zoom_from) ** t  # evenly in scale, as the eye sees a zoom
        self.view.place(zoom, center_from + (center_to - center_from) * t)

    def _end(self) -> None:
        zoom, center = self.target
        self.view.place(zoom, center)
        if self._finish is not None:
            self._finish()
        self.target = self._finish = None
        self.view.zoom_settled()
