"""File › Export…: choose a format and its options, see a thumbnail, write with progress.

It lives in app/export (it calls the exporters, which may render through app/ui). Its entry,
shortcut and place in the File menu are app/ui's action table's ("export"); the program's entry
point hands each window its handler (add_export_action), so app/ui never imports app/export."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QApplication, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
    QHBoxLayout, QLabel, QMessageBox, QProgressDialog, QSpinBox, QVBoxLayout, QWidget,
)

from app.model import store
from app.model.document import BoardError, Document
from app.model.interchange import write_json
from app.model.surface import compute_surface
from app.ui.actions import EXPORT

from .csv_export import export_csv
from .pdf import PAGE_SIZES, export_pdf
from .png import DEFAULT_DPI, ExportError, export_png, fitting_dpi, picture_area, png_size, render_board

FORMATS = {  # name shown -> (suffix, file filter)
    "PDF document": (".pdf", "PDF (*.pdf)"),
    "PNG picture": (".png", "PNG (*.png)"),
    "CSV table (one row per note)": (".csv", "CSV (*.csv)"),
    "Board JSON (lossless)": (".json", "JSON (*.json)"),
}
THUMBNAIL_DPI = 12


class Cancelled(Exception):
    pass


class ExportDialog(QDialog):
    def __init__(self, doc: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.setWindowTitle("Export Board")
        self.format = QComboBox()
        self.format.addItems(list(FORMATS))
        self.dpi = QSpinBox()
        self.dpi.setRange(30, 600)
        self.dpi.setValue(DEFAULT_DPI)
        self.dpi.setSuffix(" DPI")
        self.page = QComboBox()
        for key in PAGE_SIZES:
            self.page.addItem("Fit the board" if key == "fit" else key.upper() if key[0] == "a" else key.title(), key)
        self.page.setCurrentIndex(list(PAGE_SIZES).index("a3"))
        self.empathy = QCheckBox("Empathy map page")
        self.empathy.setChecked(True)
        self.handout = QCheckBox("Hand-out: one page per stage")
        self.grid_only = QCheckBox("The grid alone, without the empathy map and persona")
        self.embed = QCheckBox("Put the whole board inside the file, so it can be opened again")
        self.embed.setToolTip("It carries everything: hidden lanes, the persona photo, all notes.")
        self.size_note = QLabel()
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignCenter)
        self.preview.setMinimumSize(360, 180)
        self.preview.setStyleSheet("background:#FFFFFF; border:1px solid #D9DDE1;")

        self.form = form = QFormLayout()
        form.addRow("&Format:", self.format)
        form.addRow("&Resolution:", self.dpi)
        form.addRow("", self.size_note)
        form.addRow("", self.grid_only)
        form.addRow("&Page size:", self.page)
        form.addRow("", self.empathy)
        form.addRow("", self.handout)
        form.addRow("", self.embed)
        buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        buttons.addButton("Export…", QDialogButtonBox.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addLayout(form, 1)
        row.addWidget(self.preview)
        column = QVBoxLayout(self)
        column.addLayout(row)
        column.addWidget(buttons)
        self.format.currentIndexChanged.connect(self._show_options)
        self.dpi.valueChanged.connect(self._show_options)
        self.grid_only.toggled.connect(self._show_options)
        self._show_thumbnail()
        self._show_options()

    def chosen(self) -> str:
        return self.format.currentText()

    def _show_options(self) -> None:
        suffix = FORMATS[self.chosen()][0]
        for widget in (self.dpi, self.size_note, self.grid_only):
            self.form.setRowVisible(widget, suffix == ".png")
        for widget in (self.page, self.empathy, self.handout):
            self.form.setRowVisible(widget, suffix == ".pdf")
        self.form.setRowVisible(self.embed, suffix in (".png", ".pdf"))
        if suffix == ".png":
            size = png_size(*self.picture_area(), self.dpi.value())
            fits = self.fitting_dpi()
            self.size_note.setText(f"{size.width:,} × {size.height:,} pixels" + (
                "" if self.dpi.value() <= fits else f": too big for most programs, at most {fits} DPI"))

    def picture_area(self) -> tuple[float, float]:
        return picture_area(compute_surface(self.doc), self.grid_only.isChecked())

    def fitting_dpi(self) -> int:
        return fitting_dpi(*self.picture_area())

    def _show_thumbnail(self) -> None:
        picture = render_board(self.doc, THUMBNAIL_DPI).convert("RGB")
        image = QImage(picture.tobytes(), picture.width, picture.height, picture.width * 3, QImage.Format_RGB888)
        self.preview.setPixmap(QPixmap.fromImage(image).scaled(360, 240, Qt.KeepAspectRatio, Qt.SmoothTransformation))

    def export_to(self, target: str) -> None:
        """Writes the chosen format to target, with a progress dialog for the PDF's pages."""
        suffix = FORMATS[self.chosen()][0]
        if suffix == ".json":
            write_json(self.doc, target)
        elif suffix == ".csv":
            export_csv(self.doc, target)
        elif suffix == ".png":
            with busy():
                export_png(self.doc, target, dpi=self.dpi.value(), embed_board=self.embed.isChecked(),
                           grid_only=self.grid_only.isChecked())
        else:
            self._export_pdf(target)

    def _export_pdf(self, target: str) -> None:
        progress = QProgressDialog("Writing the PDF…", "Cancel", 0, 1, self.parentWidget())
        progress.setWindowModality(Qt.WindowModal)
        progress.setMinimumDuration(400)

        def step(done: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(done)
            QApplication.processEvents()
            if progress.wasCanceled():
                raise Cancelled()
        try:
            export_pdf(self.doc, target, page=self.page.currentData(), empathy=self.empathy.isChecked(),
                       handout=self.handout.isChecked(), embed_board=self.embed.isChecked(), progress=step)
        finally:
            progress.close()


class busy:
    """The wait cursor for work without steps."""

    def __enter__(self):
        QApplication.setOverrideCursor(Qt.WaitCursor)

    def __exit__(self, *exc):
        QApplication.restoreOverrideCursor()


def ask_and_export(window) -> None:
    window.finish_editing()
    dialog = ExportDialog(window.doc, window)
    if not dialog.exec() or not offer_a_fitting_dpi(dialog, window):
        return
    suffix, file_filter = FORMATS[dialog.chosen()]
    base = window.doc.path.parent if window.doc.path else Path.home()
    suggested = str(base / f"{window.doc.board.title}{suffix}")
    target, _ = QFileDialog.getSaveFileName(window, "Export Board", suggested, file_filter)
    if not target:
        return
    if not target.lower().endswith(suffix):
        target += suffix
    if window.doc.path is not None and os.path.realpath(target) == os.path.realpath(window.doc.path):
        QMessageBox.warning(window, "Journey Wall", "That is the board itself; choose another name.")
        return
    try:
        dialog.export_to(target)
    except Cancelled:
        window.statusBar().showMessage("Export cancelled; nothing was written.", 8000)
        return
    except (BoardError, ExportError, store.BoardFileError) as error:
        QMessageBox.warning(window, "Journey Wall", f"The export failed; nothing was written.\n\n{error}")
        return
    window.statusBar().showMessage(f"Exported {target}", 8000)


def offer_a_fitting_dpi(dialog: ExportDialog, window) -> bool:
    """A PNG too big for most programs to open is offered at the highest resolution that fits;
    False: the facilitator declined, nothing is written."""
    if FORMATS[dialog.chosen()][0] != ".png" or dialog.dpi.value() <= dialog.fitting_dpi():
        return True
    fits = dialog.fitting_dpi()
    size = png_size(*dialog.picture_area(), dialog.dpi.value())
    answer = QMessageBox.question(
        window, "Journey Wall",
        f"At {dialog.dpi.value()} DPI the picture would be {size.width:,} × {size.height:,} pixels: "
        f"too big for most programs to open.\n\nExport it at {fits} DPI instead?",
        QMessageBox.Yes | QMessageBox.Cancel, QMessageBox.Yes)
    if answer != QMessageBox.Yes:
        window.statusBar().showMessage("Export cancelled; nothing was written.", 8000)
        return False
    dialog.dpi.setValue(fits)
    return True


class Exporter:
    """The handler of the action table's EXPORT calls for one window."""

    def __init__(self, window) -> None:
        self.window = window

    def export(self) -> None:
        ask_and_export(self.window)


def add_export_action(window) -> None:
    """Gives a main window's File › Export… (Ctrl+E) its handler: a window hook (Boards)."""
    window.provide(EXPORT, Exporter(window))
