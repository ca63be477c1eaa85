"""Thirty phones send twenty notes each while the window paints: every note is in the board
file exactly once, from its phone. (The timings are bench/room_load.py's to print.)"""
from collections import Counter

from PySide6.QtCore import QTimer

from app.model.document import Document

from .conftest import in_background, open_room
from .crowd import crowd, note_cells, note_text

PHONES, NOTES = 30, 20


def test_thirty_phones_twenty_notes_each_every_note_once_in_the_file(qtbot, window):
    url = open_room(window)
    window.workshop.room.inbox.auto_accept.setChecked(True)
    doc = window.doc
    painter = QTimer()
    painter.timeout.connect(window.view.viewport().repaint)  # the board keeps being drawn
    painter.start(16)
    result = in_background(qtbot, lambda: crowd(url, PHONES, NOTES, note_cells(doc)), timeout_ms=120_000)
    painter.stop()
    assert Counter(result.statuses) == {200: PHONES * NOTES}
    with Document.snapshot(doc.path) as saved:
        notes = Counter((n.text, n.source) for n in saved.notes())
    expected = Counter((note_text(p, n), f"P{p}") for p in range(PHONES) for n in range(NOTES))
    assert notes == expected  # each exactly once, none lost, none doubled
    assert window.workshop.room.inbox.people.count() == PHONES
