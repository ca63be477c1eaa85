"""The document API: every operation, its inverse, and what lands in the file."""
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from app.model import store
from app.model.document import BoardError, Document, Place
from app.model.entities import Emotion, LaneKind, Note, Vote
from app.model.interchange import board_json_text, import_board


def cell(doc, stage_index, lane_index):
    return Place.cell(doc.stages()[stage_index].id, doc.lanes()[lane_index].id)


def texts(doc, place):
    return [n.text for n in doc.notes_at(place)]


def _tiny_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 120)).save(out, "PNG")
    return out.getvalue()


TINY_PNG = _tiny_png()


def reopened_json(doc):
    """The board as a fresh process would read it from the file."""
    with Document.snapshot(doc.path) as fresh:
        return board_json_text(fresh)


def test_template_board_has_stages_lanes_and_agenda(doc):
    assert [s.name for s in doc.stages()] == [
        "Awareness", "Consideration", "Decision", "Retention", "Advocacy"]
    assert [lane.role for lane in doc.lanes()] == [
        "actions", "touchpoints", "thoughts", "emotions", "pain_points", "opportunities"]
    assert doc.lanes()[3].kind == LaneKind.EMOTION
    assert [(b.name, b.minutes) for b in doc.agenda()] == [
        ("Introduction", 10), ("Empathy mapping", 30), ("Journey mapping", 60), ("Wrap-up", 5)]


def test_add_notes_in_order_and_at_an_index(doc):
    place = cell(doc, 0, 0)
    first = doc.add_note(place, "first").result
    doc.add_note(place, "third")
    doc.add_note(place, "second", index=1)
    assert texts(doc, place) == ["first", "second", "third"]
    assert doc.note(first).text == "first"
    assert reopened_json(doc) == board_json_text(doc)


def test_every_call_is_in_the_file_when_it_returns(doc):
    note_id = doc.add_note(cell(doc, 1, 1), "on disk").result
    with sqlite3.connect(doc.path) as raw:
        assert raw.execute("SELECT text FROM note WHERE id=?", (note_id,)).fetchone() == ("on disk",)


def test_edit_and_undo_restores_the_text(doc):
    note_id = doc.add_note(cell(doc, 0, 0), "draft").result
    change = doc.edit_note(note_id, text="final", tags=["support", "support", " web "], owner="Ana")
    assert doc.note(note_id).tags == ["support", "web"]
    doc.undo(change)
    note = doc.note(note_id)
    assert (note.text, note.tags, note.owner) == ("draft", [], "")
    doc.redo(change)
    assert doc.note(note_id).text == "final"
    assert reopened_json(doc) == board_json_text(doc)


def test_move_between_cells_keeps_order_and_undo_puts_back(doc):
    source, target = cell(doc, 0, 0), cell(doc, 2, 1)
    ids = doc.add_notes(source, [{"text": t} for t in "abcd"]).result
    doc.add_notes(target, [{"text": t} for t in "xy"])
    before = board_json_text(doc)
    change = doc.move_notes([ids[3], ids[1]], target, index=1)
    assert texts(doc, source) == ["a", "c"]
    assert texts(doc, target) == ["x", "d", "b", "y"]
    assert [n.position for n in doc.notes_at(source)] == [0, 1]
    doc.undo(change)
    assert board_json_text(doc) == before
    assert reopened_json(doc) == before


def test_move_within_a_cell(doc):
    place = cell(doc, 0, 0)
    ids = doc.add_notes(place, [{"text": t} for t in "abc"]).result
    doc.move_notes([ids[0]], place, index=2)
    assert texts(doc, place) == ["b", "c", "a"]


def test_move_to_parking_lot_and_empathy_map(doc):
    note_id = doc.add_note(cell(doc, 0, 0), "wander").result
    doc.move_notes([note_id], Place.parking())
    assert texts(doc, Place.parking()) == ["wander"]
    doc.move_notes([note_id], Place.empathy("feels"))
    assert texts(doc, Place.empathy("feels")) == ["wander"]
    assert texts(doc, Place.parking()) == []


def test_delete_notes_with_their_votes_and_undo_keeps_ids(doc):
    place = cell(doc, 0, 4)
    ids = doc.add_notes(place, [{"text": "slow"}, {"text": "confusing"}]).result
    doc.add_votes(ids[0], 3, voter="Bo")
    before = board_json_text(doc)
    change = doc.delete_notes(ids)
    assert doc.notes_at(place) == [] and doc.votes() == []
    doc.undo(change)
    assert [n.id for n in doc.notes_at(place)] == ids
    assert doc.vote_count(ids[0]) == 3
    assert board_json_text(doc) == before


def test_duplicate_places_the_copy_after_the_original(doc):
    place = cell(doc, 0, 0)
    ids = doc.add_notes(place, [{"text": "a", "color": "#90caf9", "tags": ["x"]}, {"text": "b"}]).result
    copies = doc.duplicate_notes([ids[0]]).result
    assert texts(doc, place) == ["a", "a", "b"]
    copy = doc.note(copies[0])
    assert (copy.color, copy.tags) == ("#90CAF9", ["x"])


def test_recolor_several_notes_in_one_call(doc):
    ids = doc.add_notes(cell(doc, 0, 0), [{"text": "a"}, {"text": "b"}]).result
    change = doc.recolor_notes(ids, "#a5d6a7")
    assert {doc.note(i).color for i in ids} == {"#A5D6A7"}
    assert len(change.rows) == 2
    doc.undo(change)
    assert {doc.note(i).color for i in ids} == {None}


def test_delete_stage_with_notes_is_undoable(doc):
    stage = doc.stages()[1]
    emotion_lane = doc.lanes()[3]
    doc.add_notes(Place.cell(stage.id, doc.lanes()[0].id), [{"text": "gone?"}])
    doc.set_emotion(emotion_lane.id, stage.id, -2)
    before = board_json_text(doc)
    change = doc.delete_stage(stage.id)
    assert "Consideration" not in [s.name for s in doc.stages()]
    assert [s.position for s in doc.stages()] == [0, 1, 2, 3]
    assert not any(n.text == "gone?" for n in doc.notes())
    doc.undo(change)
    assert board_json_text(doc) == before
    assert reopened_json(doc) == before


def test_delete_lane_with_notes_is_undoable(doc):
    lane = doc.lanes()[0]
    doc.add_note(Place.cell(doc.stages()[0].id, lane.id), "x")
    before = board_json_text(doc)
    change = doc.delete_lane(lane.id)
    assert len(doc.lanes()) == 5 and doc.notes() == []
    doc.undo(change)
    assert board_json_text(doc) == before


def test_stages_and_lanes_rename_reorder_resize(doc):
    first = doc.stages()[0]
    doc.rename_stage(first.id, "  Discover ")
    doc.move_stage(first.id, 4)
    doc.set_stage_width(first.id, 400)
    assert [s.name for s in doc.stages()][-1] == "Discover"
    assert doc.stage(first.id).width == 400
    lane = doc.lanes()[-1]
    doc.move_lane(lane.id, 0)
    doc.edit_lane(lane.id, name="Ideen", color="#e0e0e0", role="ideas")
    assert (doc.lanes()[0].name, doc.lanes()[0].role, doc.lanes()[0].color) == ("Ideen", "ideas", "#E0E0E0")
    new_stage = doc.add_stage("Loyalty", index=2).result
    assert doc.stages()[2].id == new_stage
    new_lane = doc.add_lane("Pain points", index=1).result
    assert doc.lane(new_lane).role == "pain_points"
    assert doc.lane(doc.add_lane("Ärger").result).role == "custom"


def test_emotion_not_set_is_distinct_from_zero(doc):
    lane, stage = doc.lanes()[3], doc.stages()[0]
    assert doc.emotion(lane.id, stage.id) is None
    doc.set_emotion(lane.id, stage.id, 0)
    assert doc.emotion(lane.id, stage.id) == 0
    change = doc.set_emotion(lane.id, stage.id, None)
    assert doc.emotion(lane.id, stage.id) is None
    doc.undo(change)
    assert doc.emotion(lane.id, stage.id) == 0
    with pytest.raises(BoardError, match="-2 to \\+2"):
        doc.set_emotion(lane.id, stage.id, 3)
    with pytest.raises(BoardError, match="not an emotion lane"):
        doc.set_emotion(doc.lanes()[0].id, stage.id, 1)


def test_metric_values(board_path):
    from app.model.templates import template
    with Document.create(board_path, lambda d: template("future-state").apply(d)) as doc:
        kpis = [lane for lane in doc.lanes() if lane.kind == LaneKind.METRIC][0]
        stage = doc.stages()[2]
        doc.set_metric(kpis.id, stage.id, "NPS 31")
        assert doc.metric(kpis.id, stage.id) == "NPS 31"
        doc.set_metric(kpis.id, stage.id, "  ")
        assert doc.metric(kpis.id, stage.id) == ""
        with pytest.raises(BoardError, match="metric lane holds one value"):
            doc.add_note(Place.cell(stage.id, kpis.id), "no notes here")


def test_votes_are_dot_records(doc):
    note_id = doc.add_note(cell(doc, 0, 0), "vote me").result
    doc.add_votes(note_id, 2, voter="Ana", round=1)
    doc.add_votes(note_id, 1, voter="Bo", round=1)
    change = doc.remove_vote(note_id, voter="Ana", round=1)
    assert [(v.voter, v.round) for v in doc.votes(note_id)] == [("Ana", 1), ("Bo", 1)]
    doc.undo(change)
    assert doc.vote_count(note_id) == 3
    with pytest.raises(BoardError, match="no dot"):
        doc.remove_vote(note_id, voter="Cy", round=1)


def test_board_info_persona_and_agenda(doc):
    doc.set_board_info(title="Onboarding", goal="Find drop-offs", participants=["Ana", "Bo"],
                       map_type="future-state", empathy_layout="canvas", date="2026-11-24")
    doc.set_persona(name="Paige", role="CMO", goals=["Automate"], photo=TINY_PNG)
    change = doc.set_agenda([("Intro", 5), ("Mapping", 45)])
    assert [(b.name, b.minutes) for b in doc.agenda()] == [("Intro", 5), ("Mapping", 45)]
    doc.undo(change)
    assert len(doc.agenda()) == 4
    assert (doc.board.title, doc.board.empathy_layout, doc.persona.goals) == (
        "Onboarding", "canvas", ["Automate"])
    assert reopened_json(doc) == board_json_text(doc)


@pytest.mark.parametrize("call, message", [
    (lambda d: d.add_note(Place.cell(999, d.lanes()[0].id), "x"), "no stage 999"),
    (lambda d: d.add_note(Place.empathy("smells"), "x"), "Unknown empathy-map section"),
    (lambda d: d.add_note(Place.parking(), "x", color="red"), "not a colour"),
    (lambda d: d.edit_note(12345, text="x"), "no note 12345"),
    (lambda d: d.add_stage("   "), "needs a name"),
    (lambda d: d.add_lane("L", kind="chart"), "Unknown lane kind"),
    (lambda d: d.add_lane("L", role="vibes"), "Unknown lane role"),
    (lambda d: d.set_board_info(map_type="mind map"), "Unknown map type"),
    (lambda d: d.set_agenda([("Intro", 0)]), "1 to 1440"),
    (lambda d: d.set_persona(shoe_size=42), "no field 'shoe_size'"),
])
def test_bad_calls_get_a_clear_message_and_change_nothing(doc, call, message):
    before = board_json_text(doc)
    with pytest.raises(BoardError, match=message):
        call(doc)
    assert board_json_text(doc) == before == reopened_json(doc)


def test_listeners_hear_each_change_once(doc):
    heard = []
    doc.subscribe(heard.append)
    note_id = doc.add_note(cell(doc, 0, 0), "hi").result
    change = doc.edit_note(note_id, text="hello")
    doc.undo(change)
    assert [c.label for c in heard] == ["Add note", "Edit note", "Undo Edit note"]
    assert heard[1].ids(Note) == {note_id}


def test_a_batch_is_heard_once_at_its_end_and_each_call_is_saved_and_undone_alone(doc):
    heard = []
    doc.subscribe(heard.append)
    with doc.batched():
        first = doc.add_note(cell(doc, 0, 0), "from a phone")
        with doc.batched():  # nested: still one
            second = doc.add_note(cell(doc, 1, 0), "from another phone")
        assert heard == []
        with sqlite3.connect(doc.path) as raw:  # each call is saved when it returns
            assert sorted(raw.execute("SELECT text FROM note WHERE text LIKE 'from%'")) == [
                ("from a phone",), ("from another phone",)]
    assert len(heard) == 1
    assert heard[0].ids(Note) == {first.result, second.result}
    doc.undo(first)
    assert [n.text for n in doc.notes()] == ["from another phone"]


def test_a_batch_that_fails_half_way_is_heard_for_what_it_saved(doc):
    heard = []
    doc.subscribe(heard.append)
    with pytest.raises(BoardError):
        with doc.batched():
            saved = doc.add_note(cell(doc, 0, 0), "kept").result
            doc.edit_note(10_000, text="no such note")
    assert [c.ids(Note) for c in heard] == [{saved}]


def test_typing_merged_into_one_change_undoes_in_one_step(doc):
    note_id = doc.add_note(cell(doc, 0, 0), "").result
    typing = doc.edit_note(note_id, text="H")
    for text in ("He", "Hel", "Hello"):
        typing = typing.then(doc.edit_note(note_id, text=text))
    doc.undo(typing)
    assert doc.note(note_id).text == ""


def test_non_ascii_and_huge_notes_round_trip(doc):
    samples = ["Crème brûlée à la carte", "Ошибка оплаты", "支付失败，请重试", "😀👍🏽 👩‍👩‍👧",
               "הזמנה בוטלה", "تم إلغاء الطلب", "x" * 10_000]
    ids = doc.add_notes(cell(doc, 0, 0), [{"text": t} for t in samples]).result
    with Document.snapshot(doc.path) as fresh:
        assert [fresh.note(i).text for i in ids] == samples


def test_emotion_rows_removed_with_their_lane_come_back(doc):
    lane, stage = doc.lanes()[3], doc.stages()[0]
    doc.set_emotion(lane.id, stage.id, 2)
    change = doc.delete_lane(lane.id)
    assert doc.rows(Emotion) == []
    doc.undo(change)
    assert doc.emotion(lane.id, stage.id) == 2
    assert doc.rows(Vote) == []


# ---------------------------------------------------------------- what the writes put in the file

FIXTURE_V2 = Path(__file__).resolve().parents[1] / "fixtures" / "board-v2.cjm"


def table_dump(path):
    """Every row of every table (but sqlite_sequence) with each value's SQLite storage type."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        dump = {}
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                     "AND name != 'sqlite_sequence' ORDER BY name"):
            columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
            select = ", ".join(f'"{c}", typeof("{c}")' for c in columns)
            dump[table] = conn.execute(f'SELECT {select} FROM "{table}" ORDER BY rowid').fetchall()
        return dump
    finally:
        conn.close()


def test_rows_are_stored_as_the_format_2_board_stores_them(tmp_path):
    """The document writes rows with its own SQL: the same values with the same storage types
    (JSON text, booleans 0/1, reals, blobs) as the committed board, written through the ORM."""
    copy = tmp_path / "fixture.cjm"
    shutil.copyfile(FIXTURE_V2, copy)  # never the committed file itself
    Document.open(copy).close()  # migrated to the current format, which the restored board has
    with Document.snapshot(copy) as fixture:
        data = json.loads(board_json_text(fixture))
    with import_board(data, tmp_path / "restored.cjm") as restored:
        assert json.loads(board_json_text(restored)) == data
        path = restored.path
    assert table_dump(path) == table_dump(copy)


def test_values_written_by_each_kind_of_call_have_the_orm_storage_types(doc):
    note_id = doc.add_note(cell(doc, 0, 0), "a", tags=["x", "ü"], idea=True, image=TINY_PNG).result
    doc.set_stage_width(doc.stages()[0].id, 200)
    doc.set_board_info(participants=["Ana"])
    doc.set_reveal_mode(True)
    with sqlite3.connect(doc.path) as raw:
        assert raw.execute("SELECT tags, typeof(tags), idea, typeof(idea), typeof(image), typeof(hidden) "
                           "FROM note WHERE id=?", (note_id,)).fetchone() == (
            '["x", "\\u00fc"]', "text", 1, "integer", "blob", "integer")
        assert raw.execute("SELECT width, typeof(width) FROM stage ORDER BY position LIMIT 1").fetchone() == (
            200.0, "real")
        assert raw.execute("SELECT participants, reveal_mode FROM board").fetchone() == ('["Ana"]', 1)


def test_a_move_writes_only_the_rows_whose_position_changes(doc):
    place = cell(doc, 0, 0)
    ids = doc.add_notes(place, [{"text": t} for t in "abcdefgh"]).result
    conn = doc.file.sqlite_connection()
    before = conn.total_changes
    change = doc.move_notes([ids[5]], place, index=3)  # d e f -> f d e: three rows
    assert texts(doc, place) == list("abcfdegh")
    assert conn.total_changes - before == 3
    assert {row.key[0] for row in change.rows} == {ids[3], ids[4], ids[5]}
    before = conn.total_changes
    assert not doc.move_notes([ids[5]], place, index=3)  # already there: nothing written
    assert conn.total_changes == before
    doc.undo(change)
    assert texts(doc, place) == list("abcdefgh")
    assert reopened_json(doc) == board_json_text(doc)


def test_a_write_the_file_refuses_changes_nothing(doc):
    """A statement that fails half-way through a call rolls the whole call back, in the file
    and in memory, and the board goes on working."""
    place = cell(doc, 0, 0)
    doc.add_notes(place, [{"text": t} for t in "abc"])
    before = board_json_text(doc)
    good = {"id": 9001, "place": "parking", "text": "fine"}
    bad = {"id": 9002, "place": "cell", "stage_id": 12345, "lane_id": doc.lanes()[0].id, "text": "no stage"}
    with pytest.raises(store.BoardFileError) as caught:
        doc.restore({Note: [good, bad]})
    assert "could not be saved" in str(caught.value)
    assert board_json_text(doc) == before == reopened_json(doc)
    assert not doc.has_note(9001)
    doc.move_notes([doc.notes_at(place)[0].id], place, index=2)
    assert texts(doc, place) == ["b", "c", "a"]
    assert reopened_json(doc) == board_json_text(doc)
