"""CSV export: read back with the csv module, it holds every note of the board, in board order,
and no cell is ever run as a formula by a spreadsheet."""
import csv
import io
from pathlib import Path

import pytest

from app.export.csv_export import HEADER, export_csv
from app.model.document import Place
from app.model.store import BoardFileError


def read_back(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM spreadsheet apps need to read UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


@pytest.fixture
def board(doc):
    stages, lanes = doc.stages(), doc.lanes()
    actions, pains = lanes[0], next(lane for lane in lanes if lane.role == "pain_points")
    doc.add_notes(Place.cell(stages[1].id, actions.id), [
        {"text": "Compares plans", "tags": ["web", "pricing"], "owner": "Growth"},
        {"text": "Line one\nline two, with a comma and \"quotes\"", "color": "#90CAF9"},
    ])
    doc.add_notes(Place.cell(stages[0].id, pains.id), [{"text": "Café crème — naïve? Ж 漢字 שלום 😀"}])
    first = doc.add_note(Place.cell(stages[0].id, actions.id), "Searches the web").result
    doc.add_votes(first, 3)
    doc.add_notes(Place.parking(), [{"text": "later", "idea": True}])
    doc.add_notes(Place.empathy("feels"), [{"text": "Overwhelmed"}])
    return doc


def test_one_row_per_note_in_board_order(board, tmp_path):
    target = tmp_path / "notes.csv"
    assert export_csv(board, target) == 6
    rows = read_back(target)
    assert tuple(rows[0]) == HEADER
    stages = [s.name for s in board.stages()]
    actions = board.lanes()[0]
    assert [(r["section"], r["stage"], r["lane"], r["position"], r["text"]) for r in rows] == [
        ("grid", stages[0], actions.name, "1", "Searches the web"),
        ("grid", stages[0], "Pain points", "1", "Café crème — naïve? Ж 漢字 שלום 😀"),
        ("grid", stages[1], actions.name, "1", "Compares plans"),
        ("grid", stages[1], actions.name, "2", "Line one\nline two, with a comma and \"quotes\""),
        ("parking lot", "", "", "1", "later"),
        ("empathy", "", "Feels", "1", "Overwhelmed"),
    ]
    first, _, compares, blue, later, _ = rows
    assert first["votes"] == "3" and compares["votes"] == "0"
    assert compares["tags"] == "web, pricing" and compares["owner"] == "Growth"
    assert first["colour"] == actions.color  # no colour of its own: the lane's
    assert blue["colour"] == "#90CAF9"
    assert later["idea"] == "yes" and first["idea"] == "no"


def test_every_note_of_the_board_is_there(board, tmp_path):
    target = tmp_path / "notes.csv"
    export_csv(board, target)
    rows = read_back(target)
    assert sorted(r["text"] for r in rows) == sorted(n.text for n in board.notes())


def test_formula_like_cells_are_neutralised(doc, tmp_path):
    place = Place.cell(doc.stages()[0].id, doc.lanes()[0].id)
    texts = ["=HYPERLINK(\"http://evil\",\"x\")", "+ fast checkout", "-2 days", "@SUM(A1)", "\tcmd",
             "plain = fine"]
    doc.add_notes(place, [{"text": t} for t in texts[:-1]] + [{"text": texts[-1], "owner": "=owner"}])
    doc.edit_lane(doc.lanes()[0].id, name="=lane")
    target = tmp_path / "notes.csv"
    export_csv(doc, target)
    rows = read_back(target)
    cells = [r["text"] for r in rows]
    assert cells == ["'" + t for t in texts[:-1]] + ["plain = fine"]
    assert cells[1] == "'+ fast checkout"  # still reads as the note's text
    assert all(r["lane"] == "'=lane" for r in rows)
    assert rows[-1]["owner"] == "'=owner"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_a_failed_export_leaves_nothing_and_keeps_the_old_file(board, tmp_path, monkeypatch):
    with pytest.raises(BoardFileError):
        export_csv(board, tmp_path / "missing" / "notes.csv")
    assert not (tmp_path / "missing").exists()
    target = tmp_path / "notes.csv"
    target.write_text("old")

    def disk_full(self, data):  # writes a part, then fails, as a full disk does
        with open(self, "wb") as handle:
            handle.write(data[:10])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    with pytest.raises(BoardFileError):
        export_csv(board, target)
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board.cjm", "notes.csv"]
