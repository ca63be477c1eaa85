"""The laptop's side: Invite the Room opens the inbox panel and the QR dialog; accepting a
phone's note makes an ordinary, undoable note in the file; Stop Inviting ends it."""
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from app.model.document import Document, Place

from .conftest import Phone, in_background, open_room

XSS = "<img src=x onerror=alert(1)>"


def test_a_phone_note_is_accepted_from_the_inbox_and_undone_with_ctrl_z(qtbot, window, tmp_path):
    url = open_room(window)
    doc = window.doc
    place = Place.cell(doc.stages()[1].id, doc.lanes()[0].id)
    phone = Phone(url)
    in_background(qtbot, lambda: (phone.join("Ana"), phone.note(place, XSS), phone.note(place, "Slow support")))
    inbox = window.workshop.room.inbox
    qtbot.waitUntil(lambda: inbox.waiting.count() == 2)
    assert inbox.waiting.item(0).text().startswith(XSS)  # plain text, as typed
    assert "Ana" in inbox.people.item(0).text() and "2 notes" in inbox.people.item(0).text()
    window.workshop.room.inbox.grab().save(str(shot_dir() / "laptop-inbox.png"))
    inbox.waiting.item(1).setSelected(True)
    qtbot.mouseClick(inbox.accept_button, Qt.LeftButton)
    with Document.snapshot(doc.path) as saved:
        assert [(n.text, n.source) for n in saved.notes_at(place)] == [("Slow support", "Ana")]
    assert inbox.waiting.count() == 1
    window.undo()
    with Document.snapshot(doc.path) as saved:
        assert saved.notes_at(place) == []


def test_the_qr_dialog_shows_the_link_and_the_room_code(qtbot, window):
    url = open_room(window)
    window.workshop.invite_room()  # running already: it shows the code again
    dialog = window.workshop.room.dialog
    qtbot.waitExposed(dialog)
    assert dialog.link.text() == url
    assert dialog.code.text() == f"Room {window.workshop.room.session.room.code}"
    assert dialog.qr.pixmap().width() >= 400
    dialog.grab().save(str(shot_dir() / "qr-dialog.png"))
    image = QImage(dialog.qr.pixmap().toImage())
    assert image.pixelColor(0, 0).lightness() > 200 and image.pixelColor(image.width() // 2, image.height() // 2).isValid()


def test_stop_inviting_and_closing_the_window_end_the_room(qtbot, window):
    url = open_room(window)
    phone = Phone(url)
    in_background(qtbot, phone.join)
    window.workshop.stop_inviting()
    assert window.workshop.room.session is None and window.workshop.room.dock is None
    assert in_background(qtbot, lambda: _status_or_refused(phone)) in (410, "refused")


def test_closing_the_board_ends_the_room(qtbot, tmp_path):
    from app.model.templates import template
    from app.ui.application import Boards
    doc = Document.create(tmp_path / "closing.cjm", lambda d: template("current-state").apply(d))
    window = Boards().show(doc)  # not qtbot's: closing deletes it
    phone = Phone(open_room(window))
    in_background(qtbot, phone.join)
    window.close()
    assert in_background(qtbot, lambda: _status_or_refused(phone)) in (410, "refused")


def _status_or_refused(phone: Phone):
    """410 while the ended room still says so, then "refused" (nothing listens)."""
    try:
        return phone.send("GET", "api/state")[0]
    except OSError:
        return "refused"


def shot_dir():
    from pathlib import Path
    folder = Path(__file__).resolve().parents[2] / "shots"
    folder.mkdir(exist_ok=True)
    return folder
