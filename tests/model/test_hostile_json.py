"""JSON that cannot become a board: too deep, numbers too large, values the document API would
refuse. Each is refused with the path of the bad value and a reason in the document's words,
never Python's or SQL's, and no board file appears."""
import base64
import copy
import json
import os

import pytest

from app.model.interchange import InterchangeError, board_to_json, import_board, import_file
from tests.model.test_store import FIXTURE_V2

PYTHON_WORDS = ("object is not", "iterable", "constraint", "Error", "NoneType", "unhashable",
                "subscriptable", "invalid literal", "Traceback", "sqlite")


@pytest.fixture(scope="module")
def lossless():
    from app.model.document import Document
    import shutil
    import tempfile
    folder = tempfile.mkdtemp()
    shutil.copy(FIXTURE_V2, os.path.join(folder, "v2.cjm"))
    with Document.snapshot(os.path.join(folder, "v2.cjm")) as doc:
        return board_to_json(doc)


def refused(data, tmp_path, *words):
    target = tmp_path / "imported.cjm"
    with pytest.raises(InterchangeError) as caught:
        import_board(data, target)
    message = str(caught.value)
    for word in words:
        assert word in message, message
    for word in PYTHON_WORDS:
        assert word not in message, message
    assert os.listdir(tmp_path) == [], os.listdir(tmp_path)
    return message


def test_json_nested_ten_thousand_levels_deep_is_refused(tmp_path):
    source = tmp_path / "deep.json"
    source.write_text("[" * 10_000 + "]" * 10_000)
    with pytest.raises(InterchangeError, match="“deep.json” is nested too deeply"):
        import_file(source, tmp_path / "deep.cjm")
    assert os.listdir(tmp_path) == ["deep.json"]


def test_a_number_of_thousands_of_digits_is_refused(tmp_path):
    source = tmp_path / "long.json"
    source.write_text('{"title": "x", "stages": [], "lanes": [], "participants": ' + "9" * 5000 + "}")
    with pytest.raises(InterchangeError, match="number too long"):
        import_file(source, tmp_path / "long.cjm")


def _first(data, key):
    return data[key][0] if isinstance(data[key], list) else data[key]


# (what, where, value, words the message holds)
LOSSLESS_CASES = [
    ("a position of 2**80", "notes", ("position", 2**80), ["notes[0].position", "not a whole number"]),
    ("an id of 2**80", "stages", ("id", 2**80), ["stages[0].id"]),
    ("colour red", "notes", ("color", "red"), ["notes[0].color", "'red'", "#RRGGBB"]),
    ("nested tags", "notes", ("tags", [["a", ["b"]]]), ["notes[0].tags", "list of texts"]),
    ("width 1e400", "stages", ("width", float("inf")), ["stages[0].width", "not a number"]),
    ("width 1e300", "stages", ("width", 1e300), ["stages[0].width", "40 to 5000"]),
    ("emotion x", "emotions", ("score", "x"), ["emotions[0].score"]),
    ("participants 5", "board", ("participants", 5), ["board.participants", "list of texts"]),
    ("current_voter 99", "rounds", ("current_voter", 99), ["rounds[0].current_voter", "99"]),
    ("a lane kind", "lanes", ("kind", "graph"), ["lanes[0].kind", "'graph'"]),
    ("a title of text too long", "board", ("title", "t" * 60_000), ["board.title", "too long"]),
    ("a boolean as text", "notes", ("hidden", "yes"), ["notes[0].hidden", "true or false"]),
    ("a lone surrogate", "notes", ("text", "a\ud800b"), ["notes[0].text", "not valid text"]),
    ("a truncated picture", "persona", ("photo", "truncated"), ["persona.photo", "not a picture"]),
    ("a note in no place", "notes", ("place", "roof"), ["notes[0].place", "not a place"]),
]


@pytest.mark.parametrize("what, key, change, words", LOSSLESS_CASES, ids=[c[0] for c in LOSSLESS_CASES])
def test_a_bad_value_in_a_lossless_json_is_named_by_its_path(lossless, tmp_path, what, key, change, words):
    data = copy.deepcopy(lossless)
    column, value = change
    if value == "truncated":
        from tests.model.test_hostile_values import jpeg
        value = base64.b64encode(jpeg()[:200]).decode("ascii")
    _first(data, key)[column] = value
    refused(data, tmp_path, *words)


def test_duplicate_ids_are_named_not_a_foreign_key_failure(lossless, tmp_path):
    data = copy.deepcopy(lossless)
    data["notes"].append(dict(data["notes"][0]))
    refused(data, tmp_path, f"notes[{len(data['notes']) - 1}]", "a second note", "keys must differ")


def test_a_reference_to_a_missing_row_is_named(lossless, tmp_path):
    data = copy.deepcopy(lossless)
    data["votes"][0]["note_id"] = 999_999
    refused(data, tmp_path, "votes[0].note_id", "no note 999999")


def test_a_score_in_a_notes_lane_is_refused(lossless, tmp_path):
    data = copy.deepcopy(lossless)
    notes_lane = next(lane["id"] for lane in data["lanes"] if lane["kind"] == "notes")
    data["emotions"][0]["lane_id"] = notes_lane
    refused(data, tmp_path, "emotions[0].lane_id", "not an emotion lane")


MINIMAL = {"title": "T", "stages": ["A", "B"], "lanes": [{"name": "Actions"}, {"name": "Feel", "kind": "emotion"}]}
MINIMAL_CASES = [
    ("tags a number", {"notes": [{"stage": "A", "lane": "Actions", "text": "x", "tags": 5}]}, "notes[0]"),
    ("text a list", {"notes": [{"stage": "A", "lane": "Actions", "text": ["x"]}]}, "notes[0]"),
    ("votes huge", {"notes": [{"stage": "A", "lane": "Actions", "votes": 2**80}]}, "notes[0].votes"),
    ("kind a list", {"lanes": [{"name": "L", "kind": ["notes"]}]}, "lanes[0]"),
    ("role a number", {"lanes": [{"name": "L", "role": 7}]}, "lanes[0]"),
    ("agenda minutes text", {"agenda": [{"name": "Intro", "minutes": "ten"}]}, "agenda"),
    ("agenda block a list", {"agenda": [["Intro", 10]]}, "agenda[0]"),
    ("emotion x", {"emotions": {"A": "x"}}, "emotions.A"),
    ("participants 5", {"participants": 5}, "participants"),
    ("persona goals nested", {"persona": {"goals": [["deep"]]}}, "persona"),
    ("metric a number", {"lanes": [{"name": "KPI", "kind": "metric"}], "metrics": {"KPI": {"A": 5}}},
     "metrics.KPI.A"),
    ("empathy not texts", {"empathy": {"says": [1, 2]}}, "empathy.says"),
]


@pytest.mark.parametrize("what, extra, path", MINIMAL_CASES, ids=[c[0] for c in MINIMAL_CASES])
def test_a_bad_value_in_a_minimal_json_gets_the_documents_words(tmp_path, what, extra, path):
    refused({**MINIMAL, **extra}, tmp_path, path)


def test_the_lossless_fixture_itself_imports(lossless, tmp_path):
    with import_board(json.loads(json.dumps(lossless)), tmp_path / "again.cjm") as doc:
        assert len(doc.notes()) == len(lossless["notes"])
