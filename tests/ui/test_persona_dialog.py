"""The persona dialog (fields, photo from a file, the clipboard or a drop; refusals change
nothing), pictures taken from the clipboard, and a picture shown large."""
import io
import struct
import zlib

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.model.document import BoardError, Document
from app.model.images import image_size, prepare_image
from app.model.templates import template
from app.ui.persona_dialog import PersonaDialog
from app.ui.picture_dialog import show_picture
from app.ui.portrait import pictures_from_mime, portrait_pixmap


@pytest.fixture
def board(tmp_path):
    def fill(d):
        template("current-state").apply(d)
        d.set_persona(name="Paige Turner", role="Marketing lead", goals=["Run campaigns alone"],
                      pains=["No time to learn tools"])
    doc = Document.create(tmp_path / "persona.cjm", fill)
    yield doc
    doc.close()


@pytest.fixture
def dialog(qtbot, board):
    d = PersonaDialog(board)
    qtbot.addWidget(d)
    return d


@pytest.fixture
def warnings_shown(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a, **k: shown.append(text))
    return shown


def choose(monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def photo_file(tmp_path, w=1600, h=1200, color=(30, 120, 200), name="photo.jpg"):
    path = tmp_path / name
    Image.new("RGB", (w, h), color).save(path, "JPEG" if name.endswith(".jpg") else "PNG")
    return path


def test_unchanged_dialog_changes_nothing(dialog):
    assert dialog.changed_fields() == {}


def test_changed_fields_are_exactly_the_edited_ones_and_round_trip(qtbot, dialog, board):
    dialog.role.clear()
    qtbot.keyClicks(dialog.role, "Head of marketing")
    dialog.quote.setText("  It has to work on day one.  ")
    dialog.goals.setPlainText("Run campaigns alone\n\n  Report ROI monthly \n")
    dialog.current_solutions.setPlainText("Spreadsheets\nMailchimp")
    dialog.backstory.setPlainText("Joined a 20-person agency last year.")
    fields = dialog.changed_fields()
    assert fields == {
        "role": "Head of marketing",
        "quote": "It has to work on day one.",
        "goals": ["Run campaigns alone", "Report ROI monthly"],
        "current_solutions": ["Spreadsheets", "Mailchimp"],
        "backstory": "Joined a 20-person agency last year.",
    }
    board.set_persona(**fields)
    board.close()
    with Document.open(board.path) as again:
        assert again.persona.goals == ["Run campaigns alone", "Report ROI monthly"]
        assert again.persona.role == "Head of marketing"
        reopened = PersonaDialog(again)
        qtbot.addWidget(reopened)
        assert reopened.changed_fields() == {}
        reopened.close()


def test_a_photo_from_a_file_is_stored_downscaled(qtbot, dialog, board, monkeypatch, tmp_path, warnings_shown):
    choose(monkeypatch, photo_file(tmp_path))
    qtbot.mouseClick(dialog.choose_button, Qt.LeftButton)
    assert warnings_shown == []
    photo = dialog.changed_fields()["photo"]
    assert set(dialog.changed_fields()) == {"photo"}
    assert image_size(photo) == (512, 384)
    assert dialog.remove_button.isEnabled()
    board.set_persona(**dialog.changed_fields())
    assert image_size(board.persona.photo) == (512, 384)


@pytest.mark.parametrize("make_file, message", [
    (lambda tmp: (tmp / "notes.png", "not a picture at all\n" * 50), "“notes.png” is not a picture Journey Wall can read"),
    (lambda tmp: (tmp / "bomb.png", None), "“bomb.png” is too large"),
    (lambda tmp: (tmp / "gone.png", False), "“gone.png” does not exist"),
])
def test_a_bad_file_shows_the_message_and_changes_nothing(qtbot, dialog, board, monkeypatch, tmp_path,
                                                          warnings_shown, make_file, message):
    path, content = make_file(tmp_path)
    if content is None:
        path.write_bytes(png_claiming(100_000, 100_000))
    elif content is not False:
        path.write_text(content)
    before = board.path.read_bytes()
    dialog.name.setText("Paige T.")
    choose(monkeypatch, path)
    qtbot.mouseClick(dialog.choose_button, Qt.LeftButton)
    assert len(warnings_shown) == 1 and message in warnings_shown[0]
    assert dialog.photo is None
    assert dialog.changed_fields() == {"name": "Paige T."}
    assert board.path.read_bytes() == before


def test_a_cancelled_file_dialog_changes_nothing(qtbot, dialog, monkeypatch, warnings_shown):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    qtbot.mouseClick(dialog.choose_button, Qt.LeftButton)
    assert dialog.changed_fields() == {} and warnings_shown == []


def test_paste_a_photo_then_remove_it(qtbot, dialog, board, warnings_shown):
    image = QImage(1200, 900, QImage.Format_RGB32)
    image.fill(QColor("#C62828"))
    QGuiApplication.clipboard().setImage(image)
    qtbot.mouseClick(dialog.paste_button, Qt.LeftButton)
    assert warnings_shown == []
    assert image_size(dialog.changed_fields()["photo"]) == (512, 384)
    board.set_persona(photo=dialog.photo)
    assert dialog.changed_fields() == {}
    qtbot.mouseClick(dialog.remove_button, Qt.LeftButton)
    assert dialog.changed_fields() == {"photo": None}


def test_pasting_text_is_not_a_photo(qtbot, dialog, warnings_shown):
    QGuiApplication.clipboard().setText("just words")
    qtbot.mouseClick(dialog.paste_button, Qt.LeftButton)
    assert warnings_shown == ["The clipboard holds no picture."]
    assert dialog.changed_fields() == {}


def test_the_portrait_is_a_circle(board, qtbot):
    out = io.BytesIO()
    Image.new("RGB", (400, 300), (0, 200, 0)).save(out, "PNG")
    pixmap = portrait_pixmap(prepare_image(out.getvalue(), 512), 100)
    assert pixmap.deviceIndependentSize().width() == pytest.approx(100)
    image = pixmap.toImage()
    w, h = image.width(), image.height()
    assert QColor(image.pixel(w // 2, h // 2)).green() > 180
    assert QColor.fromRgba(image.pixel(2, 2)).alpha() == 0  # the corner is outside the circle
    assert portrait_pixmap(b"not a picture", 100) is None


# ---------------------------------------------------------------- pictures from the clipboard


def png_claiming(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


def test_pictures_from_dropped_files_and_refusals(qtbot, tmp_path):
    good = photo_file(tmp_path, 3000, 1500, name="wall.jpg")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(good)), QUrl.fromLocalFile(str(tmp_path / "readme.txt"))])
    pictures = pictures_from_mime(mime)
    assert len(pictures) == 1 and image_size(pictures[0]) == (1024, 512)
    fake = tmp_path / "fake.png"
    fake.write_text("hello")
    mime.setUrls([QUrl.fromLocalFile(str(good)), QUrl.fromLocalFile(str(fake))])
    with pytest.raises(BoardError, match="“fake.png” is not a picture"):
        pictures_from_mime(mime)
    words = QMimeData()
    words.setText("no picture here")
    assert pictures_from_mime(words) == []


# ---------------------------------------------------------------- a picture shown large


def test_a_picture_is_shown_large_and_closes_with_escape(qtbot):
    out = io.BytesIO()
    Image.new("RGB", (800, 400), (255, 160, 0)).save(out, "PNG")
    dialog = show_picture(prepare_image(out.getvalue()), "The paper wall", None)
    qtbot.waitExposed(dialog)
    target = dialog.view.target()
    assert target.width() / target.height() == pytest.approx(2.0, rel=0.01)
    assert target.width() >= 400
    assert dialog.caption.text() == "The paper wall"
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog, Qt.Key_Escape)


def test_a_broken_picture_gets_a_message_not_a_dialog(warnings_shown):
    assert show_picture(b"broken", "", None) is None
    assert len(warnings_shown) == 1
