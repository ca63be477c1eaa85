"""The one text editor overlay: it sits on the note (or header, or metric) being edited.

Every key goes to the text while it is open: it takes the shortcut-override events, so no
window shortcut (Delete, digits, N ...) fires while someone types."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QTextOption
from PySide6.QtWidgets import QGraphicsTextItem

from . import theme
from .fonts import sized_font

SAVE_DELAY_MS = 400  # typing is saved this long after the last key
SAVE_AT_LEAST_MS = 1000  # and at least this often while someone types on without a pause


class EditorSignals(QObject):
    text_changed = Signal(str)  # debounced
    finished = Signal(str, str)  # text, how: "done" | "cancel" | "next"


class InlineEditor(QGraphicsTextItem):
    def __init__(self, rect: QRectF, text: str, size: float, fill: str, *, multiline: bool,
                 center: bool = False):
        super().__init__()
        self.signals = EditorSignals()
        self.multiline = multiline
        self._fill = QColor(fill)
        self._ended = False
        self.setZValue(100)
        self.setFont(sized_font(size))
        self.setDefaultTextColor(theme.NOTE_TEXT)
        self.setPlainText(text)
        option = QTextOption(Qt.AlignHCenter if center else Qt.AlignLeft)
        option.setWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
        self.document().setDefaultTextOption(option)
        self.document().setDocumentMargin(2)
        self.follow(rect)
        self.setTextInteractionFlags(Qt.TextEditorInteraction)
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self._emit_text)
        # The pause timer restarts with every key; this one does not, so a crash in the middle
        # of a long burst of typing loses at most a second of it.
        self._deadline = QTimer()
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(SAVE_AT_LEAST_MS)
        self._deadline.timeout.connect(self._emit_text)
        self.document().contentsChanged.connect(self._typed)
        cursor = self.textCursor()
        if multiline:
            cursor.movePosition(cursor.MoveOperation.End)
        else:  # a header or value is usually replaced as a whole
            cursor.select(cursor.SelectionType.Document)
        self.setTextCursor(cursor)

    def follow(self, rect: QRectF) -> None:
        self.setPos(rect.x(), rect.y())
        self.setTextWidth(rect.width())
        self._min_h = rect.height()

    def text(self) -> str:
        return self.toPlainText()

    def save_now(self) -> None:
        """Hands typed text over at once, if any is waiting for the debounce."""
        if self._timer.isActive():
            self._emit_text()

    def _typed(self) -> None:
        self._timer.start()
        if not self._deadline.isActive():
            self._deadline.start()

    def _emit_text(self) -> None:
        self._timer.stop()
        self._deadline.stop()
        self.signals.text_changed.emit(self.text())

    def finish(self, how: str = "done") -> None:
        if self._ended:
            return
        self.save_now()
        self._ended = True
        self.signals.finished.emit(self.text(), how)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        rect = self.boundingRect()
        rect.setHeight(max(rect.height(), self._min_h))
        painter.fillRect(rect, self._fill)
        painter.setPen(QPen(theme.SELECTION, 2))
        painter.drawRect(rect)
        super().paint(painter, option, widget)

    def sceneEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.ShortcutOverride:
            event.accept()  # every key is text while editing
            return True
        # Tab reaches the text control before keyPressEvent would see it, so keys that end the
        # editing are caught here.
        if event.type() == QEvent.KeyPress and self._ends_editing(event.key()):
            return True
        return super().sceneEvent(event)

    def _ends_editing(self, key: int) -> bool:
        if key == Qt.Key_Escape:
            self.finish("done")
        elif key == Qt.Key_Tab:
            self.finish("next" if self.multiline else "done")
        elif key in (Qt.Key_Return, Qt.Key_Enter) and not self.multiline:
            self.finish("done")
        else:
            return False
        return True

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.PopupFocusReason:  # the context menu of the text keeps editing on
            self.finish("done")
