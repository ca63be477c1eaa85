"""The board as JSON: a lossless, versioned export, and import of it or of a minimal hand-written form.

The lossless form holds every row with its id, so export -> import -> export gives the same JSON.
Version 2 (board format 2) adds clusters, voting rounds, the agenda timer and the hidden/reveal
flags; version 3 (format 3) a note's source (the participant who sent it from a phone, or
"anonymous"; "" for the laptop's notes). Older JSON still imports (those get their defaults).
The minimal form names stages and lanes instead (see resources/samples/paige-saas.json):
    {"title": ..., "stages": ["Awareness", ...], "lanes": [{"name": "Actions", "kind": "notes"}],
     "notes": [{"stage": "Awareness", "lane": "Actions", "text": "...", "votes": 2}], ...}
Both are built through the document API, in a temporary file that appears complete or not at all.
"""
from __future__ import annotations

import base64
import json
import os
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import LargeBinary
from sqlalchemy.dialects import sqlite as sqlite_dialect

from . import store
from .document import BOARD_FIELDS, PERSONA_FIELDS, BoardError, Document, Place
from .entities import (
    EMPATHY_SECTIONS, AgendaBlock, AgendaTimer, Base, Board, Cluster, Emotion, Lane, LaneKind, Metric, Note,
    Persona, Stage, Vote, VotingRound,
)
from .row_rules import row_problem, shown_value
from .row_sql import TableSql

FORMAT = "journeywall-board"
VERSION = 3
LIST_KEYS: dict[str, type[Base]] = {
    "stages": Stage, "lanes": Lane, "notes": Note, "votes": Vote, "emotions": Emotion,
    "metrics": Metric, "agenda": AgendaBlock, "clusters": Cluster, "rounds": VotingRound,
}
# A single row that a new board already has: a JSON without it (version 1) keeps its defaults.
SINGLE_KEYS: dict[str, type[Base]] = {"board": Board, "persona": Persona, "timer": AgendaTimer}
_DIALECT = sqlite_dialect.dialect()
MAX_VOTES = 1000  # dots on one note in the minimal form: a typo must not make millions of rows


class InterchangeError(BoardError):
    """A JSON file that cannot become a board; the message names the place and the reason."""


# ---------------------------------------------------------------- export


def board_to_json(doc: Document) -> dict[str, Any]:
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    for key, entity in SINGLE_KEYS.items():
        data[key] = _encode(entity, doc.rows(entity)[0].row())
    for key, entity in LIST_KEYS.items():
        data[key] = [_encode(entity, row.row()) for row in doc.rows(entity)]
    return data


def board_json_text(doc: Document) -> str:
    return json.dumps(board_to_json(doc), ensure_ascii=False, indent=1) + "\n"


def write_json(doc: Document, target: os.PathLike | str) -> None:
    text = board_json_text(doc).encode("utf-8")
    store.write_atomically(Path(target), lambda tmp: tmp.write_bytes(text), replace=True)


def _binary_columns(entity: type[Base]) -> set[str]:
    return {a.key for a in entity.__mapper__.column_attrs if isinstance(a.columns[0].type, LargeBinary)}


def _encode(entity: type[Base], row: dict[str, Any]) -> dict[str, Any]:
    for key in _binary_columns(entity):
        if row[key] is not None:
            row[key] = base64.b64encode(row[key]).decode("ascii")
    return row


# ---------------------------------------------------------------- import


def _named(path: Path) -> str:
    return f"“{store.shown(path.name)}”"


def read_json(source: os.PathLike | str) -> Any:
    source = Path(source)
    try:
        fd = store.open_regular_file(source)  # a FIFO named x.json must not block the import
    except store.BoardFileError as error:
        raise InterchangeError(str(error)) from None
    try:
        with os.fdopen(fd, "rb") as file:
            raw = file.read()
    except OSError as error:
        raise InterchangeError(f"Cannot read {_named(source)}: {error.strerror}.") from None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InterchangeError(f"{_named(source)} is not a text file in UTF-8.") from None
    except json.JSONDecodeError as error:
        raise InterchangeError(
            f"{_named(source)} is not valid JSON: line {error.lineno}, column {error.colno}: {error.msg}.") from None
    except RecursionError:  # the parser's own depth limit: no board nests more than a few levels
        raise InterchangeError(f"{_named(source)} is nested too deeply to be a board.") from None
    except ValueError:  # a number of more than 4,300 digits
        raise InterchangeError(f"{_named(source)} holds a number too long to be part of a board.") from None


def import_board(data: Any, target: os.PathLike | str) -> Document:
    """Creates a board file at target from JSON data (either form) and opens it."""
    if not isinstance(data, dict):
        raise InterchangeError("The JSON must be an object with a title, stages and lanes.")
    populate = _populate_lossless(data) if data.get("format") == FORMAT else _populate_minimal(data)
    return Document.create(target, populate)


def import_file(source: os.PathLike | str, target: os.PathLike | str) -> Document:
    data = read_json(source)
    try:
        return import_board(data, target)
    except InterchangeError as error:
        raise InterchangeError(f"{_named(Path(source))}: {error}") from None


@contextmanager
def _at(path: str) -> Iterator[None]:
    """Names the place in the JSON where a document call refused a value."""
    try:
        yield
    except InterchangeError:
        raise
    except (BoardError, store.BoardFileError, KeyError, TypeError, ValueError) as error:
        raise InterchangeError(f"{path}: {_reason(error)}") from None


def _reason(error: Exception) -> str:
    """Why a value was refused, in the words of the document's checks; never Python's own."""
    if isinstance(error, KeyError):
        return f"missing {shown_value(error.args[0])}."
    if isinstance(error, (BoardError, store.BoardFileError)):
        return str(error)
    return "this value is not one Journey Wall can use here."


def _expect(value: Any, kind: type | tuple, path: str, what: str) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise InterchangeError(f"{path}: expected {what}.")
    return value


def _populate_lossless(data: dict[str, Any]):
    version = data.get("version")
    if type(version) is not int or not 1 <= version <= VERSION:
        raise InterchangeError(
            f"This board JSON has format version {shown_value(version)}; this Journey Wall reads up to {VERSION}.")
    rows: dict[type[Base], list[dict[str, Any]]] = {}
    paths: dict[type[Base], list[str]] = {}
    for key, entity in {**SINGLE_KEYS, **LIST_KEYS}.items():
        items = data.get(key, [])
        if key in SINGLE_KEYS:
            items = [_expect(items, dict, key, "an object")] if key in data else []
        _expect(items, list, key, "a list")
        paths[entity] = [key if key in SINGLE_KEYS else f"{key}[{i}]" for i in range(len(items))]
        rows[entity] = [_decode(entity, item, path) for item, path in zip(items, paths[entity])]
    _check_lossless(rows, paths)

    def populate(doc: Document) -> None:
        with _at("board"):
            doc.restore(rows)
    return populate


def _check_lossless(rows: dict[type[Base], list[dict[str, Any]]], paths: dict[type[Base], list[str]]) -> None:
    """Every row as the document could have written it (app.model.row_rules), each id once,
    and every reference to a row that is there, so that restore() writes a whole board."""
    ids: dict[str, set[tuple]] = {}
    full: dict[type[Base], list[dict[str, Any]]] = {}
    for entity, items in rows.items():
        table = TableSql(entity, _DIALECT)
        seen = ids[entity.__tablename__] = {(1,)} if entity in SINGLE_KEYS.values() else set()
        full[entity] = []
        for row, path in zip(items, paths[entity]):
            complete = table.full_row(row)  # a version-1 JSON lacks the newer columns: defaults
            problem = row_problem(entity, complete, pictures=True)
            if problem is not None:
                raise InterchangeError(f"{path}.{problem[0]}: {problem[1]}")
            key = table.identity(entity(**complete))
            if key in seen and entity not in SINGLE_KEYS.values():
                raise InterchangeError(f"{path}: a second {entity.__tablename__} with the key {key[0] if len(key) == 1 else key}; keys must differ.")
            seen.add(key)
            full[entity].append(complete)
    for entity, items in full.items():
        for row, path in zip(items, paths[entity]):
            problem = _reference_problem(entity, row, ids, full)
            if problem is not None:
                raise InterchangeError(f"{path}.{problem}")


def _reference_problem(entity: type[Base], row: dict[str, Any], ids: dict[str, set[tuple]],
                       full: dict[type[Base], list[dict[str, Any]]]) -> str | None:
    """A column naming a row the JSON lacks, or a lane of the wrong kind for the row."""
    for column in entity.__table__.columns:
        value = row[column.key]
        for foreign in column.foreign_keys:
            if value is not None and (value,) not in ids[foreign.column.table.name]:
                return f"{column.key}: there is no {foreign.column.table.name} {value} in the JSON."
    lane_id = row.get("lane_id")
    if entity not in (Emotion, Metric, Note, Cluster) or lane_id is None:
        return None
    kind = next(lane["kind"] for lane in full[Lane] if lane["id"] == lane_id)
    if entity in (Emotion, Metric) and kind != entity.__tablename__:
        wanted = "an emotion" if entity is Emotion else "a metric"
        return f"lane_id: lane {lane_id} is a {kind} lane, not {wanted} lane."
    if entity in (Note, Cluster) and kind == LaneKind.METRIC:
        return f"lane_id: lane {lane_id} is a metric lane, which holds one value per stage, not notes."
    return None


def _decode(entity: type[Base], item: Any, path: str) -> dict[str, Any]:
    _expect(item, dict, path, "an object")
    columns = {a.key for a in entity.__mapper__.column_attrs}
    unknown = set(item) - columns
    if unknown:
        raise InterchangeError(f"{path}: unknown field {shown_value(sorted(unknown)[0])}.")
    row = dict(item)
    for key in _binary_columns(entity):
        if row.get(key) is not None:
            try:
                row[key] = base64.b64decode(_expect(row[key], str, f"{path}.{key}", "base64 text"),
                                            validate=True)
            except ValueError:
                raise InterchangeError(f"{path}.{key}: not valid base64.") from None
    return row


def _populate_minimal(data: dict[str, Any]):
    title = _expect(data.get("title"), str, "title", "a text (the board's title)")
    stages = _expect(data.get("stages"), list, "stages", "a list of stage names")
    lanes = _expect(data.get("lanes"), list, "lanes", "a list of lanes")
    for i, name in enumerate(stages):
        _expect(name, str, f"stages[{i}]", "a stage name")
    _unique([s.strip() for s in stages], "stages", "stage")
    lane_specs = [_lane_spec(lane, f"lanes[{i}]") for i, lane in enumerate(lanes)]
    _unique([spec["name"].strip() for spec in lane_specs], "lanes", "lane")

    def populate(doc: Document) -> None:
        info = {k: data[k] for k in BOARD_FIELDS if k in data and k != "title"}
        with _at("title"):
            doc.set_board_info(title=title)
        for key, value in info.items():  # one by one, so that a refusal names its field
            with _at(key):
                doc.set_board_info(**{key: value})
        stage_ids = {}
        for i, name in enumerate(stages):
            with _at(f"stages[{i}]"):
                stage_ids[name.strip()] = doc.add_stage(name).result
        lane_ids = {}
        for i, spec in enumerate(lane_specs):
            with _at(f"lanes[{i}]"):
                lane_ids[spec["name"].strip()] = doc.add_lane(**spec).result
        _add_minimal_notes(doc, data.get("notes", []), stage_ids, lane_ids)
        _set_minimal_emotions(doc, data.get("emotions", {}), stage_ids, lane_ids)
        _set_minimal_metrics(doc, data.get("metrics", {}), stage_ids, lane_ids)
        _set_minimal_empathy(doc, data.get("empathy", {}))
        if "persona" in data:
            with _at("persona"):
                persona = _expect(data["persona"], dict, "persona", "an object")
                _reject_unknown(persona, PERSONA_FIELDS, "persona")
                doc.set_persona(**persona)
        if "agenda" in data:
            blocks = _expect(data["agenda"], list, "agenda", "a list of blocks")
            pairs = []
            for i, block in enumerate(blocks):
                _expect(block, dict, f"agenda[{i}]", "an object with a name and minutes")
                with _at(f"agenda[{i}]"):
                    pairs.append((block["name"], block["minutes"]))
            with _at("agenda"):
                doc.set_agenda(pairs)
    return populate


def _reject_unknown(item: dict, allowed, path: str) -> None:
    unknown = set(item) - set(allowed)
    if unknown:
        raise InterchangeError(f"{path}: unknown field {sorted(unknown)[0]!r}.")


def _unique(names: list[str], path: str, what: str) -> None:
    seen = set()
    for i, name in enumerate(names):
        if name in seen:
            raise InterchangeError(f"{path}[{i}]: a second {what} named {name!r}; names must differ.")
        seen.add(name)


def _lane_spec(lane: Any, path: str) -> dict[str, Any]:
    if isinstance(lane, str):
        return {"name": lane}
    _expect(lane, dict, path, "a lane name or object")
    _reject_unknown(lane, ("name", "kind", "role", "color"), path)
    _expect(lane.get("name"), str, f"{path}.name", "a lane name")
    return dict(lane)


def _lookup(ids: dict[str, int], name: Any, path: str, what: str) -> int:
    _expect(name, str, path, f"a {what} name")
    try:
        return ids[name.strip()]
    except KeyError:
        raise InterchangeError(f"{path}: no {what} named {name!r}.") from None


def _add_minimal_notes(doc: Document, notes: Any, stage_ids: dict, lane_ids: dict) -> None:
    _expect(notes, list, "notes", "a list of notes")
    by_place: dict[Place, list[tuple[int, dict]]] = defaultdict(list)
    note_keys = ("stage", "lane", "parking", "text", "color", "votes", "tags", "owner", "idea")
    for i, note in enumerate(notes):
        path = f"notes[{i}]"
        _expect(note, dict, path, "an object")
        _reject_unknown(note, note_keys, path)
        if note.get("parking"):
            place = Place.parking()
        else:
            place = Place.cell(_lookup(stage_ids, note.get("stage"), f"{path}.stage", "stage"),
                               _lookup(lane_ids, note.get("lane"), f"{path}.lane", "lane"))
        by_place[place].append((i, note))
    # One call per cell keeps a big import fast: each call reorders its cell once.
    for place, items in by_place.items():
        fields = ("text", "color", "tags", "owner", "idea")
        specs = [{k: n[k] for k in fields if k in n} for _, n in items]
        with _at(f"notes[{items[0][0]}]"):
            try:
                ids = doc.add_notes(place, specs).result
            except BoardError:
                # Name the note that was refused, not the first of its cell: add them one by
                # one until it fails (this draft board is thrown away with the error).
                for (i, _), spec in zip(items, specs):
                    with _at(f"notes[{i}]"):
                        doc.add_notes(place, [spec])
                raise
        for note_id, (i, note) in zip(ids, items):
            votes = note.get("votes", 0)
            _expect(votes, int, f"notes[{i}].votes", "a whole number of dots")
            if not 0 <= votes <= MAX_VOTES:  # add_votes makes one row per dot
                raise InterchangeError(f"notes[{i}].votes: expected 0 to {MAX_VOTES} dots, not {votes}.")
            if votes:
                with _at(f"notes[{i}].votes"):
                    doc.add_votes(note_id, votes)


def _emotion_lane_ids(doc: Document) -> list[int]:
    return [lane.id for lane in doc.lanes() if lane.kind == LaneKind.EMOTION]


def _set_minimal_emotions(doc: Document, emotions: Any, stage_ids: dict, lane_ids: dict) -> None:
    """{"Stage": score} scores the first emotion lane; {"Lane": {"Stage": score}} any lane."""
    _expect(emotions, dict, "emotions", "an object")
    for key, value in emotions.items():
        path = f"emotions.{key}"
        if isinstance(value, dict):
            lane_id = _lookup(lane_ids, key, path, "lane")
            scores = value
        else:
            lanes = _emotion_lane_ids(doc)
            if not lanes:
                raise InterchangeError(f"{path}: the board has no emotion lane.")
            lane_id, scores = lanes[0], {key: value}
        for stage, score in scores.items():
            stage_path = f"{path}.{stage}" if isinstance(value, dict) else path
            with _at(stage_path):
                doc.set_emotion(lane_id, _lookup(stage_ids, stage, stage_path, "stage"), score)


def _set_minimal_metrics(doc: Document, metrics: Any, stage_ids: dict, lane_ids: dict) -> None:
    """{"Lane": {"Stage": "value"}}."""
    _expect(metrics, dict, "metrics", "an object")
    for lane, values in metrics.items():
        path = f"metrics.{lane}"
        lane_id = _lookup(lane_ids, lane, path, "lane")
        for stage, value in _expect(values, dict, path, "an object of stage: value").items():
            with _at(f"{path}.{stage}"):
                doc.set_metric(lane_id, _lookup(stage_ids, stage, f"{path}.{stage}", "stage"), value)


def _set_minimal_empathy(doc: Document, empathy: Any) -> None:
    """{"says": ["...", ...], ...}: notes in the empathy-map sections."""
    _expect(empathy, dict, "empathy", "an object")
    for section, texts in empathy.items():
        path = f"empathy.{section}"
        if section not in EMPATHY_SECTIONS:
            raise InterchangeError(f"{path}: unknown section; use one of {', '.join(EMPATHY_SECTIONS)}.")
        _expect(texts, list, path, "a list of texts")
        with _at(path):
            doc.add_notes(Place.empathy(section), [{"text": text} for text in texts])
