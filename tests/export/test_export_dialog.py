"""File › Export… in the window, and opening an export that carries its board."""
import subprocess

import pytest

from app.export import export_dialog
from app.export.embedded import SUFFIXES, board_data_or_error
from app.export.export_dialog import ExportDialog, add_export_action
from app.model.document import Document, Place
from app.model.interchange import board_json_text
from app.model.templates import template
from app.ui.application import Boards


@pytest.fixture
def boards():
    return Boards(window_hooks=(add_export_action,), importers={s: board_data_or_error for s in SUFFIXES})


@pytest.fixture
def exporting_window(qtbot, tmp_path, boards):
    doc = Document.create(tmp_path / "trip.cjm", lambda d: template("current-state").apply(d))
    doc.add_note(Place.cell(doc.stages()[0].id, doc.lanes()[0].id), "Looks for flights")
    window = boards.show(doc)
    qtbot.addWidget(window)
    return window


def export_through_menu(window, monkeypatch, target, fmt, embed=False):
    def run(dialog):
        dialog.format.setCurrentText(fmt)
        dialog.embed.setChecked(embed)
        return True
    monkeypatch.setattr(ExportDialog, "exec", run)
    monkeypatch.setattr(export_dialog.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.actions_by_id["export"].trigger()


def test_export_pdf_from_the_menu(qtbot, exporting_window, monkeypatch, tmp_path):
    target = tmp_path / "trip.pdf"
    export_through_menu(exporting_window, monkeypatch, target, "PDF document")
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
    assert "Looks for flights" in text and "Awareness" in text
    assert "Exported" in exporting_window.statusBar().currentMessage()


def test_export_png_with_the_board_and_open_it_again(qtbot, exporting_window, monkeypatch, tmp_path, boards):
    target = tmp_path / "trip.png"
    export_through_menu(exporting_window, monkeypatch, target, "PNG picture", embed=True)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    reopened = boards.open_path(str(target))
    qtbot.addWidget(reopened)
    assert reopened is not exporting_window
    assert board_json_text(reopened.doc) == board_json_text(exporting_window.doc)


def test_the_dialog_shows_a_thumbnail_and_the_png_size(qtbot, exporting_window):
    dialog = ExportDialog(exporting_window.doc, exporting_window)
    qtbot.addWidget(dialog)
    assert not dialog.preview.pixmap().isNull()
    dialog.format.setCurrentText("PNG picture")
    dialog.dpi.setValue(72)
    assert "×" in dialog.size_note.text() and dialog.dpi.isVisibleTo(dialog)
    assert not dialog.page.isVisibleTo(dialog)


@pytest.mark.parametrize("answer", ["yes", "cancel"])
def test_a_png_too_big_to_open_is_offered_at_a_resolution_that_fits(qtbot, exporting_window, monkeypatch, tmp_path,
                                                                    answer):
    from PIL import Image
    from PySide6.QtWidgets import QMessageBox
    asked = []

    def question(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.Yes if answer == "yes" else QMessageBox.Cancel

    def run(dialog):
        dialog.format.setCurrentText("PNG picture")
        dialog.dpi.setValue(600)
        assert "too big for most programs" in dialog.size_note.text()
        return True
    monkeypatch.setattr(export_dialog.QMessageBox, "question", question)
    monkeypatch.setattr(ExportDialog, "exec", run)
    target = tmp_path / "trip.png"
    monkeypatch.setattr(export_dialog.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    exporting_window.actions_by_id["export"].trigger()
    assert "At 600 DPI the picture would be" in asked[0] and "instead?" in asked[0]
    if answer == "cancel":
        assert not target.exists()
        return
    with Image.open(target) as image:
        assert max(image.size) <= 16_000 and image.size[0] * image.size[1] <= 89_000_000
        assert round(image.info["dpi"][0]) < 600
