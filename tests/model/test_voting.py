"""Dot voting: rounds, limits, turns, hidden dots, the tally; each with its undo."""
import sqlite3

import pytest

from app.model.document import MAX_DOTS, BoardError, Document, Place
from app.model.entities import Vote, VotingRound
from app.model.interchange import board_json_text


def cell(doc, stage_index, lane_index):
    return Place.cell(doc.stages()[stage_index].id, doc.lanes()[lane_index].id)


def reopened_json(doc):
    with Document.snapshot(doc.path) as fresh:
        return board_json_text(fresh)


@pytest.fixture
def notes(doc):
    """Three pain points and two opportunities in the current-state template."""
    pains = doc.add_notes(cell(doc, 0, 4), [{"text": f"pain {i}"} for i in range(3)]).result
    ideas = doc.add_notes(cell(doc, 1, 5), [{"text": f"idea {i}"} for i in range(2)]).result
    return pains + ideas


def test_a_round_with_named_voters_limits_each_voters_dots(doc, notes):
    start = doc.start_round(3, voters=["Ana", " Bo "])
    assert start.result == 1
    voting_round = doc.voting_round(1)
    assert (voting_round.voters, voting_round.participants, voting_round.dots_per_voter,
            voting_round.hidden, voting_round.open) == (["Ana", "Bo"], 2, 3, True, True)
    assert doc.open_round() is voting_round and doc.current_voter() == "Ana"
    doc.add_votes(notes[0], 2)  # the current voter, in the open round
    assert [(v.voter, v.round) for v in doc.votes(notes[0])] == [("Ana", 1), ("Ana", 1)]
    assert doc.dots_left() == 1
    with pytest.raises(BoardError, match="Ana has 1 dot left in round 1, not 2"):
        doc.add_votes(notes[1], 2)
    doc.add_votes(notes[1])
    before = board_json_text(doc)
    with pytest.raises(BoardError, match="Ana has used all 3 dots of round 1"):
        doc.add_votes(notes[2])
    with pytest.raises(BoardError, match="'Cy' is not a voter in round 1"):
        doc.add_votes(notes[2], voter="Cy")
    assert board_json_text(doc) == before == reopened_json(doc)  # refusals change nothing
    doc.add_votes(notes[2], voter="Bo")  # another voter by name, not their turn: fine
    assert doc.dots_left("Bo") == 2
    take_back = doc.remove_vote(notes[1])
    assert doc.dots_left("Ana") == 1  # a dot taken back can be given again
    doc.undo(take_back)
    assert doc.dots_left("Ana") == 0


def test_count_only_round_names_its_voters_by_number(doc, notes):
    doc.start_round(2, participants=3, hidden=False)
    assert doc.voters(1) == ["Voter 1", "Voter 2", "Voter 3"]
    doc.add_votes(notes[0], 2)
    assert doc.next_voter().result == "Voter 2"
    doc.add_votes(notes[1], 2)
    doc.next_voter()
    assert doc.current_voter() == "Voter 3"
    assert doc.next_voter().result == "Voter 1"  # after the last voter, the first again
    with pytest.raises(BoardError, match="Voter 1 has used all 2 dots"):
        doc.add_votes(notes[2])
    doc.set_current_voter("Voter 3")
    doc.add_votes(notes[2])
    assert doc.vote_counts() == {notes[0]: 2, notes[1]: 2, notes[2]: 1}


@pytest.mark.parametrize("call, message", [
    (lambda d: d.start_round(0, participants=3), "1 to 100 dots"),
    (lambda d: d.start_round(101, participants=3), "1 to 100 dots"),
    (lambda d: d.start_round(3.5, participants=3), "1 to 100 dots"),
    (lambda d: d.start_round(3), "names or their number"),
    (lambda d: d.start_round(3, participants=0), "1 to 1000 voters"),
    (lambda d: d.start_round(3, participants=True), "1 to 1000 voters"),
    (lambda d: d.start_round(3, voters=["Ana", "Ana "]), "same name"),
    (lambda d: d.start_round(3, voters=["Ana", "  "]), "needs a name"),
    (lambda d: d.start_round(3, voters="Ana"), "list of names"),
    (lambda d: d.start_round(3, voters=["Ana"], participants=4), "not both"),
    (lambda d: d.start_round(3, participants=2, hidden="no"), "true or false"),
    (lambda d: d.next_voter(), "No voting round is open"),
    (lambda d: d.end_round(), "No voting round is open"),
    (lambda d: d.add_votes(d.notes()[0].id, 0), f"1 to {MAX_DOTS} dots"),
    (lambda d: d.add_votes(d.notes()[0].id, MAX_DOTS + 1), f"1 to {MAX_DOTS} dots"),
    (lambda d: d.add_votes(d.notes()[0].id, 10**9, round=7), f"1 to {MAX_DOTS} dots"),
    (lambda d: d.add_votes(d.notes()[0].id, 2.0), f"1 to {MAX_DOTS} dots"),
    (lambda d: d.add_votes(12345), "no note 12345"),
    (lambda d: d.tally(lane_roles=["pains"]), "Unknown lane role 'pains'"),
])
def test_bad_voting_calls_get_a_clear_message_and_change_nothing(doc, notes, call, message):
    before = board_json_text(doc)
    with pytest.raises(BoardError, match=message):
        call(doc)
    assert board_json_text(doc) == before == reopened_json(doc)


def test_one_round_open_at_a_time_and_an_ended_round_is_final(doc, notes):
    doc.start_round(2, voters=["Ana"])
    with pytest.raises(BoardError, match="round 1 is still open"):
        doc.start_round(2, voters=["Bo"])
    doc.add_votes(notes[0])
    end = doc.end_round()
    assert end.result == 1 and doc.open_round() is None and doc.current_voter() is None
    with pytest.raises(BoardError, match="round 1 has ended"):
        doc.add_votes(notes[1], voter="Ana", round=1)
    with pytest.raises(BoardError, match="round 1 has ended"):
        doc.remove_vote(notes[0], voter="Ana", round=1)
    # With no open round, a dot goes to round 0 (outside any round), without limits.
    doc.add_votes(notes[1], 5)
    assert [(v.voter, v.round) for v in doc.votes(notes[1])] == [("", 0)] * 5
    second = doc.start_round(1, participants=2)
    assert second.result == 2
    before = board_json_text(doc)
    with pytest.raises(BoardError, match="Cannot undo “End voting round 1”: Voting round 2 is open"):
        doc.undo(end)  # reopening round 1 would make two rounds open: refused, nothing changed
    assert board_json_text(doc) == before == reopened_json(doc)
    doc.undo(second)
    doc.undo(end)
    assert doc.voting_round(1).open


def test_round_numbers_follow_dots_of_older_boards(doc, notes):
    """Format-1 boards could hold dots in round 1 without a round row: a new round is not 1."""
    doc.add_votes(notes[0], 2, voter="Ana", round=1)
    doc.add_votes(notes[0], 1, voter="Ana", round=1)  # no round row: no limit
    assert doc.start_round(2, voters=["Ana"]).result == 2


def test_each_voter_sees_only_their_own_dots_while_a_hidden_round_is_open(doc, notes):
    doc.add_votes(notes[0], 1)  # an earlier, open dot
    doc.start_round(3, voters=["Ana", "Bo"], hidden=True)
    doc.add_votes(notes[0], 2)
    doc.next_voter()
    doc.add_votes(notes[0], 1)
    doc.add_votes(notes[1], 2)
    assert doc.vote_count(notes[0]) == 4  # the facilitator sees everything
    assert doc.visible_votes(notes[0], "Ana") == 3
    assert doc.visible_votes(notes[0], "Bo") == 2
    assert doc.visible_votes(notes[0], None) == 1  # the room sees only what is not hidden
    assert doc.visible_votes(notes[1], doc.current_voter()) == 2
    assert doc.visible_vote_counts("Ana") == {notes[0]: 3}
    assert doc.visible_vote_counts() == {notes[0]: 1}
    end = doc.end_round()
    assert doc.visible_votes(notes[0], None) == 4
    assert doc.visible_vote_counts() == doc.vote_counts()
    doc.undo(end)
    assert doc.visible_votes(notes[0], None) == 1


def test_an_open_round_that_is_not_hidden_shows_all_dots(doc, notes):
    doc.start_round(3, voters=["Ana", "Bo"], hidden=False)
    doc.add_votes(notes[0], 2)
    assert doc.visible_votes(notes[0], "Bo") == doc.visible_votes(notes[0]) == 2


def test_tally_ranks_notes_and_filters_by_lane_role(doc, notes):
    parked = doc.add_note(Place.parking(), "parked").result
    doc.start_round(5, voters=["Ana", "Bo"])
    doc.add_votes(notes[4], 3)  # idea 1
    doc.add_votes(notes[1], 2)  # pain 1
    doc.next_voter()
    doc.add_votes(notes[2], 2)  # pain 2: as many as pain 1, later on the board
    doc.add_votes(notes[1], 1)
    doc.add_votes(parked, 1)
    doc.end_round()
    doc.start_round(1, voters=["Cy"])
    doc.add_votes(notes[0], 1)
    assert doc.tally(1) == [(notes[1], 3), (notes[4], 3), (notes[2], 2), (parked, 1)]
    assert doc.tally(2) == [(notes[0], 1)]
    assert doc.tally() == [(notes[1], 3), (notes[4], 3), (notes[2], 2), (notes[0], 1), (parked, 1)]
    assert doc.tally(1, lane_roles=["pain_points"]) == [(notes[1], 3), (notes[2], 2)]
    assert doc.tally(1, lane_roles=("opportunities",)) == [(notes[4], 3)]
    assert doc.tally(3) == []
    # Ties keep reading order: the stage comes before the lane.
    first_stage = doc.add_note(cell(doc, 0, 5), "early opportunity").result
    doc.add_votes(first_stage, 3, round=0)
    assert doc.tally(0) == [(first_stage, 3)]
    assert [n for n, _ in doc.tally()][:3] == [notes[1], first_stage, notes[4]]


def test_rounds_and_votes_undo_and_reach_the_file(doc, notes):
    before = board_json_text(doc)
    changes = [doc.start_round(2, voters=["Ana", "Bo"])]
    changes.append(doc.add_votes(notes[0], 2))
    changes.append(doc.next_voter())
    changes.append(doc.add_votes(notes[3]))
    changes.append(doc.end_round())
    assert reopened_json(doc) == board_json_text(doc)
    with sqlite3.connect(doc.path) as raw:
        assert raw.execute("SELECT number, voters, participants, open, current_voter FROM voting_round"
                           ).fetchall() == [(1, '["Ana", "Bo"]', 2, 0, 1)]
        assert raw.execute("SELECT voter, round FROM vote ORDER BY id").fetchall() == [
            ("Ana", 1), ("Ana", 1), ("Bo", 1)]
    for change in reversed(changes):
        doc.undo(change)
    assert board_json_text(doc) == before == reopened_json(doc)
    assert doc.rows(VotingRound) == [] and doc.rows(Vote) == []
    for change in changes:
        doc.redo(change)
    assert doc.tally(1) == [(notes[0], 2), (notes[3], 1)]


def test_deleting_a_voted_note_frees_the_voters_dots_and_undo_takes_them_again(doc, notes):
    doc.start_round(2, voters=["Ana"])
    doc.add_votes(notes[0], 2)
    change = doc.delete_notes([notes[0]])
    assert doc.dots_left("Ana") == 2
    doc.undo(change)
    assert doc.dots_left("Ana") == 0 and doc.vote_count(notes[0]) == 2
