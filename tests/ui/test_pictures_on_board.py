"""Pictures on the board: pasted, dropped, shown large; the persona card from the Board menu."""
import io

from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app.ui import board_scene, persona_dialog

from .conftest import cell, cell_rect, reveal, to_view


def png_bytes(color=(200, 30, 30), size=(320, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def test_paste_a_picture_into_the_focused_cell(qtbot, window):
    place = cell(window, 1, 1)
    window.scene.set_focused_cell(place)
    data = QMimeData()
    data.setImageData(QImage.fromData(png_bytes()))
    QApplication.clipboard().setMimeData(data)
    window.notes.paste()
    [note] = window.doc.notes_at(place)
    assert note.image and Image.open(io.BytesIO(note.image)).size[0] <= 1024
    window.undo()
    assert window.doc.notes_at(place) == []


def test_a_broken_picture_file_is_refused_with_a_message(qtbot, window, tmp_path, monkeypatch):
    fake = tmp_path / "photo.png"
    fake.write_text("not a picture at all")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    window.scene.set_focused_cell(cell(window, 0, 0))
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(fake))])
    QApplication.clipboard().setMimeData(data)
    window.notes.paste()
    assert shown and "photo.png" in shown[0]
    assert window.doc.notes() == []


def test_drop_a_picture_file_onto_a_cell(qtbot, window, tmp_path):
    picture = tmp_path / "wall.png"
    picture.write_bytes(png_bytes((30, 120, 200)))
    place = cell(window, 2, 0)
    rect = cell_rect(window, place)
    reveal(window, rect.x + 40, rect.y + 40)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(picture))])
    point = QPointF(to_view(window, rect.x + 40, rect.y + 40))
    viewport = window.view.viewport()
    args = (point, Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier)
    for event in (QDragEnterEvent(point.toPoint(), *args[1:]), QDragMoveEvent(point.toPoint(), *args[1:]),
                  QDropEvent(*args)):
        QApplication.sendEvent(viewport, event)
    [note] = window.doc.notes_at(place)
    assert note.image is not None


def test_double_click_a_picture_shows_it_large(qtbot, window, monkeypatch):
    note_id = window.doc.add_note(cell(window, 0, 0), "the paper wall", image=png_bytes()).result
    shown = []
    monkeypatch.setattr(board_scene, "show_picture", lambda image, caption, parent: shown.append(caption))
    box = window.scene.surface.boxes[note_id]
    x, y = box.rect.x + box.rect.w / 2, box.rect.y + box.picture.y + box.picture.h / 2
    reveal(window, x, y)
    qtbot.mouseDClick(window.view.viewport(), Qt.LeftButton, Qt.NoModifier, to_view(window, x, y))
    assert shown == ["the paper wall"]
    assert window.scene.editing.editor is None  # the caption is edited below the picture, not here


def test_the_persona_card_from_the_board_menu_is_one_undo_step(qtbot, window, monkeypatch):
    monkeypatch.setattr(persona_dialog.PersonaDialog, "exec", lambda self: QDialog.Accepted)
    monkeypatch.setattr(persona_dialog.PersonaDialog, "changed_fields",
                        lambda self: {"name": "Paige", "role": "CMO", "goals": ["Automate"]})
    window.actions_by_id["persona"].trigger()
    assert (window.doc.persona.name, window.doc.persona.goals) == ("Paige", ["Automate"])
    assert "Paige" in window.scene.layout.subtitle_text.lines[0]
    window.undo()
    assert window.doc.persona.name == ""


def test_a_decompression_bomb_pasted_onto_the_board_is_refused_and_the_file_unchanged(
        qtbot, window, tmp_path, monkeypatch):
    from tests.model.test_images import png_claiming
    bomb = tmp_path / "huge.png"
    bomb.write_bytes(png_claiming(100_000, 100_000))
    before = window.doc.path.read_bytes()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    window.scene.set_focused_cell(cell(window, 0, 0))
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(bomb))])
    QApplication.clipboard().setMimeData(data)
    window.notes.paste()
    assert shown and "too large" in shown[0]
    assert window.doc.notes() == [] and window.doc.path.read_bytes() == before
