"""A picture note shown large: the picture fitted to the window (its aspect kept) on a dark
ground, its caption below. Escape, the Close button or a click on the picture closes it."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QMessageBox, QSizePolicy, QVBoxLayout, QWidget,
)

from .portrait import picture_image

BACKGROUND = QColor("#202124")
SCREEN_SHARE = 0.85  # of the screen's free area the dialog may take at most
MAX_UPSCALE = 2.0  # a small picture is shown at most this much larger than its pixels


class PictureView(QWidget):
    """Paints a QImage fitted into the widget, centred, keeping its aspect ratio."""

    def __init__(self, image: QImage, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.image = image
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setMinimumSize(120, 90)
        self.setAttribute(Qt.WA_OpaquePaintEvent)

    def target(self) -> QRectF:
        """Where the picture is drawn inside the widget."""
        iw, ih = self.image.width(), self.image.height()
        scale = min(self.width() / iw, self.height() / ih)
        w, h = iw * scale, ih * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        painter.setRenderHint(QPainter.SmoothPixmapTransform)
        painter.drawImage(self.target(), self.image)
        painter.end()

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.LeftButton and self.window() is not None:
            self.window().close()


class PictureDialog(QDialog):
    def __init__(self, image: QImage, caption: str = "", parent: Optional[QWidget] = None):
        super().__init__(parent)
        first_line = caption.strip().splitlines()[0] if caption.strip() else ""
        self.setWindowTitle(first_line[:80] or "Picture")
        self.setStyleSheet("PictureDialog { background: #202124; } "
                           "QLabel#caption { color: #F1F3F4; }")
        self.view = PictureView(image)
        self.caption = QLabel(caption.strip())
        self.caption.setObjectName("caption")
        self.caption.setWordWrap(True)
        self.caption.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.caption.setAlignment(Qt.AlignHCenter)
        font = QFont(self.caption.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.caption.setFont(font)
        self.caption.setVisible(bool(caption.strip()))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.caption)
        layout.addWidget(buttons)
        self.resize(self._initial_size(image))

    def _initial_size(self, image: QImage) -> QSize:
        """Large: the picture as big as the screen allows (at most MAX_UPSCALE times its pixels)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        free = screen.availableGeometry().size() if screen is not None else QSize(1280, 800)
        chrome_w = 24
        chrome_h = 24 + 10 + 40 + (self.caption.sizeHint().height() + 10 if self.caption.isVisible() else 0)
        room_w = free.width() * SCREEN_SHARE - chrome_w
        room_h = free.height() * SCREEN_SHARE - chrome_h
        scale = min(room_w / image.width(), room_h / image.height(), MAX_UPSCALE)
        return QSize(max(320, round(image.width() * scale + chrome_w)),
                     max(240, round(image.height() * scale + chrome_h)))


def show_picture(image_bytes: bytes, caption: str = "", parent: Optional[QWidget] = None) -> Optional[PictureDialog]:
    """Shows a picture note's picture large, window-modal, and returns the dialog at once (it
    deletes itself when closed). A picture that cannot be shown gets a message (None)."""
    image = picture_image(image_bytes) if image_bytes else None
    if image is None or image.isNull():
        QMessageBox.warning(parent, "Picture", "This picture cannot be shown: it is damaged or not a picture "
                                               "Journey Wall can read.")
        return None
    dialog = PictureDialog(image, caption, parent)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.open()
    return dialog
