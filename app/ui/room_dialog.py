"""The invitation, large enough to scan from the back of the room: the QR code of the join
link, the link itself, the room code to check on the phone, and what to do when the network
will not let phones in."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout

from app.room.qr import qr_png

QR_PIXELS = 480


class RoomDialog(QDialog):
    def __init__(self, url: str, code: str, advice: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Invite the Room")
        qr = QPixmap()
        qr.loadFromData(qr_png(url))
        self.qr = QLabel()
        self.qr.setPixmap(qr.scaled(QR_PIXELS, QR_PIXELS, Qt.KeepAspectRatio, Qt.FastTransformation))
        self.qr.setAlignment(Qt.AlignCenter)
        self.link = _plain(url, "font-size: 18px;")
        self.link.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.code = _plain(f"Room {code}", "font-size: 40px; font-weight: bold; letter-spacing: 6px;")
        self.advice = _plain(advice, "font-size: 15px; color: #8a4b00;")
        self.advice.setVisible(bool(advice))
        column = QVBoxLayout(self)
        column.addWidget(_plain("Scan to join: no app, no account", "font-size: 24px;"))
        for widget in (self.qr, self.code, self.link, self.advice):
            column.addWidget(widget)


def _plain(text: str, style: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.PlainText)
    label.setAlignment(Qt.AlignCenter)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    return label
