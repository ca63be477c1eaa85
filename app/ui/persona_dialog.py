"""The persona card as a dialog: who the map is for.

The dialog edits a copy of the persona; changed_fields() gives only what differs from the
document, for one doc.set_persona(**fields) call the caller runs through the undo stack.
The photo comes from a file, the clipboard or a drop; it is checked and downscaled
(images.prepare_image, 512 px) at once, and a broken, huge or non-picture file is reported
and changes nothing.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
    QMessageBox, QPlainTextEdit, QPushButton, QSizePolicy, QVBoxLayout, QWidget,
)

from app.model.document import BoardError, Document
from app.model.empathy_layout import initials
from app.model.images import FILE_DIALOG_FILTER, PHOTO_MAX_SIDE, load_image_file

from .portrait import mime_has_pictures, pictures_from_mime, portrait_image, portrait_pixmap

__all__ = ["PersonaDialog", "portrait_pixmap", "portrait_image"]

PHOTO_D = 136  # the photo's circle in the dialog, in pixels
LIST_FIELDS = ("goals", "pains", "current_solutions")
TEXT_FIELDS = ("name", "role", "quote", "demographics", "backstory")
PHOTO_TITLE = "Photo not changed"


class PersonaDialog(QDialog):
    """Edits the board's persona; read the result with changed_fields() after exec()."""

    def __init__(self, doc: Document, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.doc = doc
        persona = doc.persona
        self.photo: Optional[bytes] = persona.photo
        self.setWindowTitle("Persona")
        self.setAcceptDrops(True)

        self.name = QLineEdit(persona.name)
        self.name.setPlaceholderText("e.g. Paige Turner")
        self.role = QLineEdit(persona.role)
        self.role.setPlaceholderText("e.g. Marketing lead in a 20-person agency")
        self.quote = QLineEdit(persona.quote)
        self.quote.setPlaceholderText("A sentence they would say, e.g. “It has to work on day one.”")
        self.demographics = _text_box(persona.demographics, "Age, where they live, family, income, "
                                      "how at ease they are with technology …", lines=3, grow=False)
        self.goals = _text_box("\n".join(persona.goals), "One goal per line", lines=4)
        self.pains = _text_box("\n".join(persona.pains), "One pain point per line", lines=4)
        self.current_solutions = _text_box("\n".join(persona.current_solutions),
                                           "One per line: tools, workarounds, people they ask", lines=4)
        self.backstory = _text_box(persona.backstory, "Their story so far, in a few sentences", lines=3)
        for widget, name in ((self.name, "name"), (self.role, "role"), (self.quote, "quote"),
                             (self.demographics, "demographics"), (self.goals, "goals"),
                             (self.pains, "pains"), (self.current_solutions, "current_solutions"),
                             (self.backstory, "backstory")):
            widget.setObjectName(name)

        self.photo_label = QLabel()
        self.photo_label.setObjectName("photo")
        self.photo_label.setFixedSize(PHOTO_D + 8, PHOTO_D + 8)
        self.photo_label.setAlignment(Qt.AlignCenter)
        self.choose_button = QPushButton("Choose file…")
        self.choose_button.setToolTip("A photo from a file: PNG, JPEG, GIF, BMP, TIFF or WebP")
        self.paste_button = QPushButton("Paste")
        self.paste_button.setToolTip("The picture on the clipboard (you can also drop a picture here)")
        self.remove_button = QPushButton("Remove")
        self.choose_button.clicked.connect(self.choose_photo)
        self.paste_button.clicked.connect(self.paste_photo)
        self.remove_button.clicked.connect(self.remove_photo)
        self.name.textChanged.connect(self._show_photo)

        photo_column = QVBoxLayout()
        photo_column.setSpacing(6)
        photo_column.addWidget(self.photo_label, 0, Qt.AlignHCenter)
        for button in (self.choose_button, self.paste_button, self.remove_button):
            photo_column.addWidget(button)
        hint = QLabel("or drop a picture here")
        hint.setAlignment(Qt.AlignHCenter)
        hint.setStyleSheet("color: #637381;")
        photo_column.addWidget(hint)
        photo_column.addStretch(1)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignRight | Qt.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(8)
        form.addRow(_label("&Name", self.name), self.name)
        form.addRow(_label("&Role", self.role), self.role)
        form.addRow(_label("&Quote", self.quote), self.quote)
        form.addRow(_label("&Demographics", self.demographics), self.demographics)

        top = QHBoxLayout()
        top.setSpacing(20)
        top.addLayout(photo_column)
        top.addLayout(form, 1)

        lists = QGridLayout()
        lists.setHorizontalSpacing(14)
        lists.setVerticalSpacing(4)
        for column, (title, box) in enumerate((("&Goals", self.goals), ("&Pain points", self.pains),
                                               ("Current &solutions", self.current_solutions))):
            lists.addWidget(_heading(title, box), 0, column)
            lists.addWidget(box, 1, column)
            lists.setColumnStretch(column, 1)

        story = QVBoxLayout()
        story.setSpacing(4)
        story.addWidget(_heading("&Back-story", self.backstory))
        story.addWidget(self.backstory)

        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.Ok)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(16)
        layout.addLayout(top)
        layout.addLayout(lists, 3)
        layout.addLayout(story, 2)
        layout.addWidget(buttons)

        if doc.read_only:
            for widget in (self.name, self.role, self.quote):
                widget.setReadOnly(True)
            for box in (self.demographics, self.goals, self.pains, self.current_solutions, self.backstory):
                box.setReadOnly(True)
            for button in (self.choose_button, self.paste_button, self.remove_button, self.ok_button):
                button.setEnabled(False)
            self.setAcceptDrops(False)
        self._show_photo()
        self.resize(QSize(860, 660).expandedTo(self.minimumSizeHint()))
        self.name.setFocus()

    # ------------------------------------------------------------ the result

    def values(self) -> dict[str, Any]:
        """Every field as the dialog shows it, cleaned up (lists: one item per non-empty line)."""
        values: dict[str, Any] = {
            "name": self.name.text().strip(),
            "role": self.role.text().strip(),
            "quote": self.quote.text().strip(),
            "demographics": self.demographics.toPlainText().strip(),
            "backstory": self.backstory.toPlainText().strip(),
        }
        for key in LIST_FIELDS:
            values[key] = _lines(getattr(self, key).toPlainText())
        values["photo"] = self.photo
        return values

    def changed_fields(self) -> dict[str, Any]:
        """Only the fields that differ from the document, for doc.set_persona(**fields)."""
        persona = self.doc.persona
        changed = {}
        for key, value in self.values().items():
            stored = getattr(persona, key)
            if key in LIST_FIELDS:
                stored = _lines("\n".join(stored))
            elif key in TEXT_FIELDS:
                stored = (stored or "").strip()
            if value != stored:
                changed[key] = value
        return changed

    # ------------------------------------------------------------ the photo

    def choose_photo(self) -> None:
        start = str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Choose the persona's photo", start, FILE_DIALOG_FILTER)
        if not path:
            return
        try:
            photo = load_image_file(path, PHOTO_MAX_SIDE)
        except BoardError as error:
            QMessageBox.warning(self, PHOTO_TITLE, str(error))
            return
        self.set_photo(photo)

    def paste_photo(self) -> None:
        self._take(QGuiApplication.clipboard().mimeData(), "The clipboard holds no picture.")

    def remove_photo(self) -> None:
        self.set_photo(None)

    def set_photo(self, photo: Optional[bytes]) -> None:
        """Shows a photo already made ready (prepare_image), or none."""
        self.photo = photo
        self._show_photo()

    def _take(self, mime, nothing: str) -> None:
        try:
            pictures = pictures_from_mime(mime, PHOTO_MAX_SIDE)
        except BoardError as error:
            QMessageBox.warning(self, PHOTO_TITLE, str(error))
            return
        if not pictures:
            QMessageBox.information(self, PHOTO_TITLE, nothing)
            return
        self.set_photo(pictures[0])

    def _show_photo(self) -> None:
        pixmap = portrait_pixmap(self.photo, PHOTO_D, self.devicePixelRatioF()) if self.photo else None
        if pixmap is None:
            pixmap = _initials_pixmap(initials(self.name.text()), PHOTO_D, self.devicePixelRatioF(),
                                      broken=self.photo is not None)
        self.photo_label.setPixmap(pixmap)
        self.remove_button.setEnabled(self.photo is not None and not self.doc.read_only)

    # ------------------------------------------------------------ drops

    def dragEnterEvent(self, event) -> None:
        if mime_has_pictures(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        if mime_has_pictures(event.mimeData()):
            event.acceptProposedAction()
            self._take(event.mimeData(), "The drop holds no picture.")
        else:
            super().dropEvent(event)


# ---------------------------------------------------------------- helpers


def _text_box(text: str, placeholder: str, lines: int, grow: bool = True) -> QPlainTextEdit:
    """A multi-line field `lines` lines tall (at least, when it may grow with the dialog)."""
    box = QPlainTextEdit(text)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    height = int(lines * box.fontMetrics().lineSpacing() + 2 * box.frameWidth() + 10)
    box.setMinimumHeight(height)
    if grow:
        box.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
    else:
        box.setMaximumHeight(height)
        box.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
    return box


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _heading(text: str, buddy: QWidget) -> QLabel:
    label = _label(text, buddy)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _initials_pixmap(letters: str, diameter: int, ratio: float, broken: bool = False) -> QPixmap:
    """A circle with the persona's initials, where no photo is (or one that cannot be shown)."""
    pixmap = QPixmap(round(diameter * ratio), round(diameter * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setPen(QPen(QColor("#90A4AE"), 1.5, Qt.DashLine if broken else Qt.SolidLine))
    painter.setBrush(QColor("#BBDEFB"))
    painter.drawEllipse(QRectF(1, 1, diameter - 2, diameter - 2))
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(round(diameter * 0.34))
    painter.setFont(font)
    painter.setPen(QColor("#1F2933"))
    painter.drawText(QRectF(0, 0, diameter, diameter), Qt.AlignCenter, "?" if broken else letters)
    painter.end()
    return pixmap
