"""`journeywall room BOARD.cjm` with no display: it prints the link, the room code and a QR
code; a phone's note goes into the board file; Ctrl+C ends the room."""
import os
import signal
import subprocess
import sys

from app.model.document import Document, Place
from app.model.templates import template

from .conftest import Phone


def test_the_terminal_room_prints_the_link_and_takes_a_note_into_the_file(tmp_path):
    board = tmp_path / "workshop.cjm"
    Document.create(board, lambda d: template("current-state").apply(d)).close()
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    room = subprocess.Popen([sys.executable, "-m", "app", "room", str(board), "--address", "127.0.0.1",
                             "--minutes", "1"], stdout=subprocess.PIPE, text=True, env=env)
    try:
        printed = []
        while not printed or not printed[-1].startswith("Press Ctrl+C"):
            printed.append(room.stdout.readline().rstrip("\n"))
            assert printed[-1] or room.poll() is None, printed
        url = next(line for line in printed if line.startswith("Join: "))[len("Join: "):]
        assert any(line.startswith("Room code: ") and len(line) == len("Room code: ") + 5 for line in printed)
        assert sum("█" in line for line in printed) > 10  # the QR code, drawn with blocks
        with Document.snapshot(board) as doc:
            place = Place.cell(doc.stages()[0].id, doc.lanes()[0].id)
        status, sent = Phone(url).join("Dee").note(place, "From the terminal room")
        assert (status, sent["status"]) == (200, "on the board")
        assert room.stdout.readline().startswith("On the board: “From the terminal room” from Dee")
        room.send_signal(signal.SIGINT)
        assert room.wait(timeout=30) == 0
        assert "no longer works" in room.stdout.read()
    finally:
        room.kill()
        room.wait()
    with Document.snapshot(board) as saved:
        assert [(n.text, n.source) for n in saved.notes_at(place)] == [("From the terminal room", "Dee")]
