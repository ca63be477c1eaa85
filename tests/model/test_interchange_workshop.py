"""The lossless JSON with workshop mode (interchange version 2): clusters, voting rounds, the
timer and the hidden/reveal flags go out and come back; version-1 JSON still imports."""
import json
from pathlib import Path

import pytest

from app.model import interchange
from app.model.agenda_timer import TimerState
from app.model.document import Place
from app.model.interchange import InterchangeError, board_json_text, board_to_json, import_board

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def workshop_board(doc):
    stage, lanes = doc.stages()[0], doc.lanes()
    ids = doc.add_notes(Place.cell(stage.id, lanes[4].id), [{"text": t} for t in "abc"]).result
    cluster_id = doc.group_notes(ids[1:], "bc").result
    doc.set_cluster_collapsed(cluster_id, True)
    doc.set_lane_hidden(lanes[2].id, True)
    doc.set_reveal_mode(True)
    doc.add_note(Place.parking(), "hidden until revealed")
    doc.start_round(3, voters=["Ana", "Bo"])
    doc.add_votes(ids[0], 2)
    doc.next_voter()
    doc.timer_start(1_750_000_000.0)
    return ids


def test_export_import_export_is_identical_with_workshop_data(doc, tmp_path):
    workshop_board(doc)
    text = board_json_text(doc)
    data = json.loads(text)
    assert data["version"] == interchange.VERSION == 3
    assert [c["label"] for c in data["clusters"]] == ["bc"]
    assert data["rounds"][0]["voters"] == ["Ana", "Bo"] and data["rounds"][0]["current_voter"] == 1
    assert data["timer"] == {"id": 1, "block": 0, "running": True, "remaining": 600.0,
                             "started_at": 1_750_000_000.0}
    assert data["board"]["reveal_mode"] is True
    assert sum(n["hidden"] for n in data["notes"]) == 1
    with import_board(data, tmp_path / "copy.cjm") as copy:
        assert board_json_text(copy) == text
        assert copy.current_voter() == "Bo"
        assert copy.cluster(data["clusters"][0]["id"]).collapsed


def test_version_1_json_still_imports_with_the_defaults(tmp_path):
    data = interchange.read_json(FIXTURES / "board-v1.json")
    assert data["version"] == 1 and "clusters" not in data and "timer" not in data
    with import_board(data, tmp_path / "from-v1.cjm") as doc:
        assert len(doc.notes()) == 36 and len(doc.votes()) == 18
        assert doc.board.title == data["board"]["title"]
        assert not any(n.hidden or n.cluster_id for n in doc.notes())
        assert not any(lane.hidden for lane in doc.lanes())
        assert doc.clusters() == [] and doc.rounds() == []
        assert doc.timer_state() == TimerState()
        again = board_to_json(doc)
    # The same rows, now with the new columns and tables.
    for key in ("stages", "lanes", "notes", "votes", "emotions", "metrics", "agenda"):
        assert [{k: row[k] for k in old} for row, old in zip(again[key], data[key])] == data[key]
    assert again["clusters"] == [] and again["rounds"] == []


def test_a_newer_json_version_is_refused(tmp_path):
    with pytest.raises(InterchangeError, match="reads up to 3"):
        import_board({"format": interchange.FORMAT, "version": 4}, tmp_path / "x.cjm")
    assert not (tmp_path / "x.cjm").exists()


def test_a_json_with_a_note_in_a_missing_cluster_is_refused(doc, tmp_path):
    workshop_board(doc)
    data = board_to_json(doc)
    data["clusters"] = []
    with pytest.raises(InterchangeError, match=r"notes\[\d+\]\.cluster_id: there is no cluster \d+ in the JSON"):
        import_board(data, tmp_path / "broken.cjm")
    assert not (tmp_path / "broken.cjm").exists()


def test_a_bad_timer_object_is_named(doc, tmp_path):
    data = board_to_json(doc)
    data["timer"] = ["not", "an", "object"]
    with pytest.raises(InterchangeError, match="timer: expected an object"):
        import_board(data, tmp_path / "bad.cjm")
    data["timer"] = {"id": 1, "blok": 2}
    with pytest.raises(InterchangeError, match="timer: unknown field 'blok'"):
        import_board(data, tmp_path / "bad.cjm")
