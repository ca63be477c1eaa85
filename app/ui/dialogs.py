"""Small dialogs: a new board from a template, a note's tags and owner."""
from __future__ import annotations

import html

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QTextBrowser,
    QVBoxLayout, QWidget,
)

from app.model.templates import DEFAULT_TEMPLATE, TEMPLATES

from .cheat_sheet import shortcut_rows


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class NewBoardDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("New Board")
        form = QFormLayout(self)
        self.template = QComboBox()
        for name, template in TEMPLATES.items():
            self.template.addItem(f"{template.title} – {template.description}", name)
        self.template.setCurrentIndex(list(TEMPLATES).index(DEFAULT_TEMPLATE))
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Checkout journey of first-time buyers")
        form.addRow("&Template:", self.template)
        form.addRow("T&itle:", self.title)
        form.addRow(_buttons(self))

    def values(self) -> tuple[str, str]:
        return self.template.currentData(), self.title.text().strip()


class TagsDialog(QDialog):
    def __init__(self, tags: list[str], owner: str, idea: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Tags and Owner")
        form = QFormLayout(self)
        self.tags = QLineEdit(", ".join(tags))
        self.tags.setPlaceholderText("e.g. web, support, billing")
        self.owner = QLineEdit(owner)
        self.owner.setPlaceholderText("a team or a person")
        self.idea = QCheckBox("Missing touchpoint / idea")
        self.idea.setChecked(idea)
        form.addRow("&Tags (comma separated):", self.tags)
        form.addRow("&Owner:", self.owner)
        form.addRow("", self.idea)
        form.addRow(_buttons(self))

    def values(self) -> tuple[list[str], str, bool]:
        tags = [t.strip() for t in self.tags.text().split(",") if t.strip()]
        return tags, self.owner.text().strip(), self.idea.isChecked()


class ShortcutsDialog(QDialog):
    """Every shortcut, from the action table itself, and the gestures of the board."""

    def __init__(self, actions, gestures, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.resize(620, 720)
        rows = shortcut_rows(actions, gestures)
        body = "".join(f"<tr><td style='padding:3px 16px 3px 0'><b>{html.escape(k)}</b></td>"
                       f"<td>{html.escape(v)}</td></tr>" for k, v in rows)
        browser = QTextBrowser()
        browser.setHtml(f"<table>{body}</table>")
        column = QVBoxLayout(self)
        column.addWidget(browser)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
