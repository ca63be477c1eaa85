"""A phone joins a room, writes notes, edits and withdraws them; the facilitator's inbox takes
them onto the board, where they are ordinary notes marked with their source."""
from app.export.csv_export import csv_text
from app.model.document import Document, Place
from app.model.interchange import board_to_json

from .conftest import Phone, on_phones


def test_a_note_from_a_phone_waits_in_the_inbox_then_is_on_the_board_with_its_source(room_session, doc, first_cell):
    phone = Phone(room_session.url)
    status, sent = on_phones(room_session, lambda: (phone.join("Ana"), phone.note(first_cell, "Pricing page confuses"))[1])
    assert status == 200 and sent["status"] == "waiting"
    assert not any(n.text == "Pricing page confuses" for n in doc.notes())  # not on the board yet
    [waiting] = room_session.room.inbox()
    note_id = room_session.room.accept(waiting.id)
    with Document.snapshot(doc.path) as saved:
        note = saved.note(note_id)
        assert (note.text, note.source, Place.of(note)) == ("Pricing page confuses", "Ana", first_cell)
        assert any(row["source"] == "Ana" for row in board_to_json(saved)["notes"])
        assert ",Ana\r\n" in csv_text(saved)
    status, state = on_phones(room_session, lambda: phone.send("GET", "api/state"))
    assert [(n["text"], n["status"]) for n in state["notes"]] == [("Pricing page confuses", "on the board")]


def test_an_anonymous_phone_edits_and_withdraws_its_note_until_it_is_taken(room_session, doc, first_cell):
    phone = Phone(room_session.url)

    def write_edit_withdraw():
        phone.join()
        _, first = phone.note(first_cell, "draft")
        _, second = phone.note(first_cell, "keep me")
        edited = phone.send("POST", f"api/notes/{first['id']}/edit", {"text": "better"})
        withdrawn = phone.send("POST", f"api/notes/{second['id']}/withdraw", {})
        again = phone.send("POST", f"api/notes/{second['id']}/edit", {"text": "too late"})
        return edited, withdrawn, again

    edited, withdrawn, again = on_phones(room_session, write_edit_withdraw)
    assert edited[0] == 200 and edited[1]["text"] == "better"
    assert withdrawn[0] == 200 and withdrawn[1]["status"] == "withdrawn"
    assert again[0] == 409  # a withdrawn note cannot change
    [waiting] = room_session.room.inbox()
    note_id = room_session.room.accept(waiting.id)
    assert (doc.note(note_id).text, doc.note(note_id).source) == ("better", "anonymous")
    status, _ = on_phones(room_session, lambda: phone.send("POST", f"api/notes/{waiting.id}/edit", {"text": "x"}))
    assert status == 409  # accepted: it is the board's now


def test_with_accept_automatically_the_phone_hears_on_the_board_after_the_commit(room_session, doc, first_cell):
    room_session.room.set_auto_accept(True)
    phone = Phone(room_session.url)
    status, sent = on_phones(room_session, lambda: (phone.join("Bo"), phone.note(first_cell, "Too many emails"))[1])
    assert status == 200 and sent["status"] == "on the board"
    with Document.snapshot(doc.path) as saved:
        assert [(n.text, n.source) for n in saved.notes_at(first_cell)][-1] == ("Too many emails", "Bo")


def test_a_rejected_note_never_reaches_the_board(room_session, doc):
    phone = Phone(room_session.url)
    place = Place.empathy("says")
    on_phones(room_session, lambda: (phone.join(), phone.note(place, "off topic")))
    [waiting] = room_session.room.inbox()
    room_session.room.reject(waiting.id)
    assert doc.notes_at(place) == []
    _, state = on_phones(room_session, lambda: phone.send("GET", "api/state"))
    assert state["notes"][0]["status"] == "rejected"


def test_the_facilitator_merges_two_phone_notes_into_one(room_session, doc, first_cell):
    ana, bo = Phone(room_session.url), Phone(room_session.url)
    on_phones(room_session, lambda: (ana.join("Ana"), bo.join("Bo"), ana.note(first_cell, "Slow page"),
                                     bo.note(first_cell, "Page takes ages")))
    note_id = room_session.room.merge([s.id for s in room_session.room.inbox()])
    with Document.snapshot(doc.path) as saved:
        note = saved.note(note_id)
        assert (note.text, note.source) == ("Slow page\nPage takes ages", "Ana, Bo")
        assert len(saved.notes_at(first_cell)) == 1
    _, state = on_phones(room_session, lambda: bo.send("GET", "api/state"))
    assert state["notes"][0]["status"] == "on the board"


def test_a_pinned_prompt_takes_notes_for_its_cell_only(room_session, doc, first_cell):
    other = Place.cell(doc.stages()[1].id, doc.lanes()[0].id)
    room_session.room.pin(first_cell)
    phone = Phone(room_session.url)
    elsewhere, pinned, state = on_phones(room_session, lambda: (
        phone.join(), phone.note(other, "elsewhere")[0], phone.note(first_cell, "here")[0],
        phone.send("GET", "api/state")[1])[1:])
    assert (elsewhere, pinned) == (409, 200)
    assert state["pinned"] == {"stage": first_cell.stage_id, "lane": first_cell.lane_id}
    room_session.room.pin(None)
    assert on_phones(room_session, lambda: phone.note(other, "anywhere again")[0]) == 200
