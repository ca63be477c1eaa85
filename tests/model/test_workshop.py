"""Workshop mode in the document: hidden lanes, reveal mode, clusters; each with its undo and
what lands in the file."""
import sqlite3

import pytest

from app.model.document import BoardError, Place
from app.model.entities import Cluster, Note
from app.model.interchange import board_json_text
from tests.model.board_rules import check_clusters
from tests.model.test_document import cell, reopened_json, texts


# ---------------------------------------------------------------- hidden lanes


def test_hide_and_show_a_lane_undoably(doc):
    lane = doc.lanes()[2]
    assert lane.hidden is False
    change = doc.set_lane_hidden(lane.id, True)
    assert doc.lane(lane.id).hidden is True
    assert change.label == "Hide lane “Thoughts & questions”"
    assert reopened_json(doc) == board_json_text(doc)
    with sqlite3.connect(doc.path) as raw:
        assert raw.execute("SELECT hidden FROM lane WHERE id=?", (lane.id,)).fetchone() == (1,)
    doc.undo(change)
    assert doc.lane(lane.id).hidden is False
    assert not doc.set_lane_hidden(lane.id, False)  # nothing to change: an empty change
    with pytest.raises(BoardError, match="true or false"):
        doc.set_lane_hidden(lane.id, "yes")


def test_notes_of_a_hidden_lane_are_not_shown_in_the_room(doc):
    note_id = doc.add_note(cell(doc, 0, 1), "secret touchpoint").result
    assert doc.shown_in_room(note_id)
    doc.set_lane_hidden(doc.lanes()[1].id, True)
    assert not doc.shown_in_room(note_id)
    parked = doc.add_note(Place.parking(), "parked").result
    assert doc.shown_in_room(parked)


# ---------------------------------------------------------------- reveal mode


def test_notes_added_in_reveal_mode_are_hidden_until_revealed(doc):
    before_mode = doc.add_note(cell(doc, 0, 0), "visible").result
    mode = doc.set_reveal_mode(True)
    assert doc.board.reveal_mode is True
    quiet = doc.add_note(cell(doc, 0, 0), "silent 1").result
    pasted = doc.add_notes(cell(doc, 1, 0), [{"text": "silent 2"}, {"text": "silent 3"}]).result
    assert not doc.note(before_mode).hidden
    assert all(doc.note(i).hidden for i in [quiet, *pasted])
    assert [n.id for n in doc.hidden_notes()] == [quiet, *pasted]
    assert not doc.shown_in_room(quiet)
    copy = doc.duplicate_notes([quiet]).result[0]
    assert doc.note(copy).hidden  # a copy of a hidden note stays hidden
    assert reopened_json(doc) == board_json_text(doc)

    before_reveal = board_json_text(doc)
    heard = []
    doc.subscribe(heard.append)
    reveal = doc.reveal_all()
    assert len(heard) == 1  # one call, one change
    assert sorted(reveal.result) == sorted([quiet, *pasted, copy])
    assert doc.hidden_notes() == [] and doc.board.reveal_mode is False
    assert reopened_json(doc) == board_json_text(doc)
    doc.undo(reveal)
    assert board_json_text(doc) == before_reveal
    doc.undo(mode)
    assert doc.board.reveal_mode is False
    assert doc.note(quiet).hidden  # undoing the mode does not reveal what it hid


def test_reveal_all_can_keep_reveal_mode_on(doc):
    doc.set_reveal_mode(True)
    doc.add_note(cell(doc, 0, 0), "round one")
    doc.reveal_all(keep_mode=True)
    assert doc.board.reveal_mode is True
    assert doc.note(doc.add_note(cell(doc, 0, 0), "round two").result).hidden


def test_hide_and_reveal_chosen_notes(doc):
    ids = doc.add_notes(cell(doc, 0, 0), [{"text": t} for t in "abc"]).result
    change = doc.set_notes_hidden(ids[:2], True)
    assert [doc.note(i).hidden for i in ids] == [True, True, False]
    assert change.label == "Hide 2 notes"
    doc.set_notes_hidden([ids[0]], False)
    assert [doc.note(i).hidden for i in ids] == [False, True, False]
    doc.undo(change)
    assert [doc.note(i).hidden for i in ids] == [False, False, False]
    with pytest.raises(BoardError, match="no note 999"):
        doc.set_notes_hidden([999], True)


def test_notes_by_tag(doc):
    a = doc.add_note(cell(doc, 0, 0), "a", tags=["web", "Billing"]).result
    doc.add_note(cell(doc, 0, 1), "b", tags=["app"])
    c = doc.add_note(Place.parking(), "c", tags=["web"]).result
    assert doc.tags() == ["app", "Billing", "web"]
    assert [n.id for n in doc.notes_with_tag("web")] == [a, c]
    assert doc.notes_with_tag("nope") == []


# ---------------------------------------------------------------- clusters


def test_group_notes_brings_them_together_and_undo_puts_them_back(doc):
    place = cell(doc, 0, 4)
    ids = doc.add_notes(place, [{"text": t} for t in "abcde"]).result
    before = board_json_text(doc)
    change = doc.group_notes([ids[3], ids[1], ids[4]], "  Slow checkout ")
    cluster_id = change.result
    cluster = doc.cluster(cluster_id)
    assert (cluster.label, cluster.collapsed, Place.of(cluster)) == ("Slow checkout", False, place)
    # Together where the first of them was, in their cell order.
    assert texts(doc, place) == ["a", "b", "d", "e", "c"]
    assert [n.text for n in doc.cluster_notes(cluster_id)] == ["b", "d", "e"]
    check_clusters(doc)
    assert reopened_json(doc) == board_json_text(doc)
    doc.undo(change)
    assert board_json_text(doc) == before == reopened_json(doc)
    assert doc.clusters() == []
    doc.redo(change)
    assert doc.cluster(cluster_id).label == "Slow checkout"  # redo brings the same id back
    check_clusters(doc)


def test_group_refuses_notes_of_different_places_and_nothing(doc):
    a = doc.add_note(cell(doc, 0, 0), "a").result
    b = doc.add_note(cell(doc, 1, 0), "b").result
    before = board_json_text(doc)
    with pytest.raises(BoardError, match="one cell or section"):
        doc.group_notes([a, b], "mixed")
    with pytest.raises(BoardError, match="at least one note"):
        doc.group_notes([], "empty")
    with pytest.raises(BoardError, match="must be text"):
        doc.group_notes([a], 42)
    assert board_json_text(doc) == before == reopened_json(doc)


def test_clusters_in_the_parking_lot_and_empathy_map(doc):
    parked = doc.add_notes(Place.parking(), [{"text": t} for t in "xy"]).result
    says = doc.add_notes(Place.empathy("says"), [{"text": t} for t in "pq"]).result
    first = doc.group_notes(parked, "Later").result
    second = doc.group_notes(says, "Quotes").result
    assert Place.of(doc.cluster(first)) == Place.parking()
    assert Place.of(doc.cluster(second)) == Place.empathy("says")
    assert [c.id for c in doc.clusters()] == [second, first]  # by place (empathy before parking)
    check_clusters(doc)


def test_regrouping_takes_notes_from_their_old_cluster(doc):
    place = cell(doc, 0, 0)
    ids = doc.add_notes(place, [{"text": t} for t in "abcd"]).result
    old = doc.group_notes(ids[:2], "old").result
    new = doc.group_notes([ids[1], ids[2]], "new").result
    assert [n.text for n in doc.cluster_notes(old)] == ["a"]
    assert [n.text for n in doc.cluster_notes(new)] == ["b", "c"]
    whole = doc.group_notes(ids, "all").result
    assert [c.id for c in doc.clusters(place)] == [whole]  # emptied clusters are gone
    check_clusters(doc)


def test_rename_collapse_and_ungroup_are_undoable(doc):
    place = cell(doc, 0, 0)
    ids = doc.add_notes(place, [{"text": t} for t in "abc"]).result
    cluster_id = doc.group_notes(ids[1:], "first label").result
    rename = doc.rename_cluster(cluster_id, "Better label")
    collapse = doc.set_cluster_collapsed(cluster_id, True)
    assert (doc.cluster(cluster_id).label, doc.cluster(cluster_id).collapsed) == ("Better label", True)
    assert collapse.label == "Collapse cluster"
    assert reopened_json(doc) == board_json_text(doc)
    before = board_json_text(doc)
    ungroup = doc.ungroup(cluster_id)
    assert doc.clusters() == [] and all(doc.note(i).cluster_id is None for i in ids)
    assert texts(doc, place) == ["a", "b", "c"]  # the notes stay where they are
    doc.undo(ungroup)
    assert board_json_text(doc) == before
    doc.undo(collapse)
    doc.undo(rename)
    assert (doc.cluster(cluster_id).label, doc.cluster(cluster_id).collapsed) == ("first label", False)
    with pytest.raises(BoardError, match="no cluster 999"):
        doc.rename_cluster(999, "x")


def test_add_to_and_remove_from_a_cluster(doc):
    place = cell(doc, 0, 0)
    ids = doc.add_notes(place, [{"text": t} for t in "abcde"]).result
    cluster_id = doc.group_notes(ids[:2], "ab").result
    change = doc.add_to_cluster(cluster_id, [ids[4]])
    assert texts(doc, place) == ["a", "b", "e", "c", "d"]
    assert [n.text for n in doc.cluster_notes(cluster_id)] == ["a", "b", "e"]
    doc.remove_from_cluster([ids[0]])  # from its start: it stays where it is
    assert texts(doc, place) == ["a", "b", "e", "c", "d"]
    doc.add_to_cluster(cluster_id, [ids[0]])
    assert texts(doc, place) == ["b", "e", "a", "c", "d"]  # joins at the end
    change = doc.remove_from_cluster([ids[4]])  # from its middle: it follows the cluster
    assert texts(doc, place) == ["b", "a", "e", "c", "d"]
    check_clusters(doc)
    doc.undo(change)
    assert texts(doc, place) == ["b", "e", "a", "c", "d"]
    other = doc.add_note(cell(doc, 1, 0), "elsewhere").result
    with pytest.raises(BoardError, match="its own cell"):
        doc.add_to_cluster(cluster_id, [other])
    doc.remove_from_cluster([ids[0], ids[1], ids[4]])
    assert doc.clusters() == []  # its last notes left: the cluster is gone
    check_clusters(doc)


def test_a_note_added_or_moved_into_a_cluster_run_lands_after_it(doc):
    place = cell(doc, 0, 0)
    ids = doc.add_notes(place, [{"text": t} for t in "abcd"]).result
    cluster_id = doc.group_notes(ids[1:3], "bc").result
    doc.add_note(place, "new", index=2)  # between b and c
    assert texts(doc, place) == ["a", "b", "c", "new", "d"]
    assert doc.notes_at(place)[3].cluster_id is None
    doc.move_notes([ids[0]], place, index=2)  # a between b and c
    assert texts(doc, place) == ["b", "c", "a", "new", "d"]
    doc.move_notes([ids[2]], place, index=0)  # a member moved within its cell stays a member
    assert [n.text for n in doc.cluster_notes(cluster_id)] == ["c", "b"]
    check_clusters(doc)


def test_moving_a_note_out_of_its_place_takes_it_out_of_its_cluster(doc):
    source, target = cell(doc, 0, 0), cell(doc, 1, 0)
    ids = doc.add_notes(source, [{"text": t} for t in "abc"]).result
    cluster_id = doc.group_notes(ids, "abc").result
    before = board_json_text(doc)
    change = doc.move_notes([ids[1]], target)
    assert doc.note(ids[1]).cluster_id is None
    assert [n.text for n in doc.cluster_notes(cluster_id)] == ["a", "c"]
    check_clusters(doc)
    doc.undo(change)
    assert board_json_text(doc) == before
    last = doc.move_notes(ids[:2], target)  # not all of them: they leave it
    assert [n.text for n in doc.cluster_notes(cluster_id)] == ["c"]
    doc.move_notes([ids[0]], source)  # back: it does not join again by itself
    assert [n.text for n in doc.cluster_notes(cluster_id)] == ["c"]
    doc.move_notes([ids[2]], Place.parking())  # all of its notes move: the cluster goes with them
    assert Place.of(doc.cluster(cluster_id)) == Place.parking()
    check_clusters(doc)
    assert reopened_json(doc) == board_json_text(doc)
    assert last


def test_moving_all_of_a_clusters_notes_moves_the_cluster(doc):
    source, target = cell(doc, 0, 0), cell(doc, 2, 1)
    ids = doc.add_notes(source, [{"text": t} for t in "abc"]).result
    doc.add_notes(target, [{"text": t} for t in "xy"])
    cluster_id = doc.group_notes(ids[:2], "ab").result
    doc.set_cluster_collapsed(cluster_id, True)
    before = board_json_text(doc)
    change = doc.move_notes(ids[:2], target, index=1)
    assert Place.of(doc.cluster(cluster_id)) == target
    assert doc.cluster(cluster_id).collapsed
    assert texts(doc, target) == ["x", "a", "b", "y"]
    assert texts(doc, source) == ["c"]
    check_clusters(doc)
    doc.undo(change)
    assert board_json_text(doc) == before == reopened_json(doc)


def test_duplicating_a_clustered_note_keeps_the_copy_in_its_cluster(doc):
    place = cell(doc, 0, 0)
    ids = doc.add_notes(place, [{"text": t} for t in "abc"]).result
    cluster_id = doc.group_notes(ids[:2], "ab").result
    copy = doc.duplicate_notes([ids[0]]).result[0]
    assert doc.note(copy).cluster_id == cluster_id
    assert texts(doc, place) == ["a", "a", "b", "c"]
    check_clusters(doc)


def test_deleting_clustered_notes_deletes_an_emptied_cluster_and_undo_brings_all_back(doc):
    place = cell(doc, 0, 0)
    ids = doc.add_notes(place, [{"text": t} for t in "abcd"]).result
    first = doc.group_notes(ids[:2], "ab").result
    second = doc.group_notes(ids[2:], "cd").result
    doc.add_votes(ids[0], 2, voter="Ana")
    before = board_json_text(doc)
    change = doc.delete_notes(ids[:2])
    assert [c.id for c in doc.clusters()] == [second]
    assert doc.cluster(second).position == 0
    check_clusters(doc)
    doc.undo(change)
    assert board_json_text(doc) == before == reopened_json(doc)
    assert [n.text for n in doc.cluster_notes(first)] == ["a", "b"]
    partly = doc.delete_notes([ids[2]])
    assert [n.text for n in doc.cluster_notes(second)] == ["d"]
    doc.undo(partly)
    assert board_json_text(doc) == before


@pytest.mark.parametrize("which", ["stage", "lane"])
def test_deleting_a_stage_or_lane_deletes_its_clusters_and_undo_brings_them_back(doc, which):
    place = cell(doc, 1, 0)
    ids = doc.add_notes(place, [{"text": t} for t in "abc"]).result
    cluster_id = doc.group_notes(ids, "abc").result
    keep = doc.group_notes(doc.add_notes(cell(doc, 2, 1), [{"text": "k"}]).result, "kept").result
    before = board_json_text(doc)
    if which == "stage":
        change = doc.delete_stage(place.stage_id)
    else:
        change = doc.delete_lane(place.lane_id)
    assert [c.id for c in doc.clusters()] == [keep]
    with sqlite3.connect(doc.path) as raw:  # nothing in the file points at a deleted row
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        assert raw.execute("SELECT count(*) FROM cluster WHERE id=?", (cluster_id,)).fetchone() == (0,)
    doc.undo(change)
    assert board_json_text(doc) == before == reopened_json(doc)
    assert doc.cluster(cluster_id).label == "abc"


def test_the_file_refuses_a_note_in_a_missing_cluster(doc):
    """The foreign key holds in the file itself, not only in the document's checks."""
    note_id = doc.add_note(cell(doc, 0, 0), "a").result
    with sqlite3.connect(doc.path) as raw:
        raw.execute("PRAGMA foreign_keys=ON")
        with pytest.raises(sqlite3.IntegrityError):
            raw.execute("UPDATE note SET cluster_id=12345 WHERE id=?", (note_id,))


def test_listeners_hear_cluster_changes(doc):
    ids = doc.add_notes(cell(doc, 0, 0), [{"text": t} for t in "ab"]).result
    heard = []
    doc.subscribe(heard.append)
    cluster_id = doc.group_notes(ids, "ab").result
    doc.ungroup(cluster_id)
    assert [c.label for c in heard] == ["Group notes", "Ungroup"]
    assert heard[0].ids(Cluster) == {cluster_id} and heard[0].ids(Note) == set(ids)
