"""The document calls phones rely on: a note's source through undo and redo, and a voter who
joins an open round (undone like any call)."""
import pytest

from app.model.document import BoardError, Place
from app.room.network import advice_for


def test_a_note_keeps_its_source_through_undo_and_redo(doc):
    place = Place.cell(doc.stages()[0].id, doc.lanes()[0].id)
    change = doc.add_note(place, "from a phone", source="Ana")
    assert doc.note(change.result).source == "Ana"
    doc.undo(change)
    doc.redo(change)
    assert doc.note(change.result).source == "Ana"
    assert doc.note(doc.add_note(place, "the laptop's").result).source == ""
    with pytest.raises(BoardError):
        doc.add_note(place, "x", source=3)


def test_a_phone_joins_a_count_only_round_and_the_undo_takes_it_out_again(doc):
    note = doc.add_note(Place.cell(doc.stages()[0].id, doc.lanes()[0].id), "idea").result
    doc.start_round(2, participants=2)
    doc.add_votes(note, 1, voter="Voter 2")
    change = doc.add_round_voter("Ana")
    assert doc.voters(1) == ["Voter 1", "Voter 2", "Ana"]
    doc.add_votes(note, 2, voter="Ana")
    assert doc.tally(1) == [(note, 3)]
    with pytest.raises(BoardError):
        doc.add_round_voter("Ana")
    doc._delete_votes([v.id for v in doc.votes() if v.voter == "Ana"])
    doc.undo(change)
    assert doc.voters(1) == ["Voter 1", "Voter 2"] and doc.voting_round(1).voters == []
    assert doc.dots_left("Voter 2") == 1  # the round is as it was


def test_the_room_says_what_to_do_on_a_network_that_keeps_phones_out():
    assert "no network" in advice_for("127.0.0.1")
    assert "hotspot" in advice_for("169.254.3.4")
    assert "hotspot" in advice_for("192.168.1.20")  # guest Wi-Fi may isolate devices
