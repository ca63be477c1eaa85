"""What each row of a board may hold, for rows that did not come through the document API: a
board file read from disk, a lossless JSON import.

The rules are the document API's own (its checks, its lists of kinds, roles and map types,
its limits), applied column by column. The columns come from the entities' table definitions,
so a column added there is checked by its type at once; a rule of its own is one line of RULES.
Every check raises BoardError with a reason that reads after the column's name:
"color: 'red' is not a colour; use #RRGGBB."
"""
from __future__ import annotations

import functools
import math
from typing import Any, Callable, Optional

from sqlalchemy import JSON, Boolean, Column, Float, Integer, LargeBinary, String

from . import checks
from .checks import BoardError
from .entities import (
    EMOTION_MAX, EMOTION_MIN, EMPATHY_LAYOUTS, EMPATHY_SECTIONS, LANE_ROLES, MAP_TYPES, NOTE_KINDS,
    AgendaBlock, AgendaTimer, Base, Board, Cluster, Emotion, Lane, Metric, Note, Persona, Stage, Vote,
    VotingRound,
)
from .images import check_image
from .voting import MAX_DOTS_PER_VOTER, MAX_PARTICIPANTS

MAX_WHOLE = 2**31 - 1  # ids, positions, counts: far beyond any board, well inside SQLite's integers
MAX_SECONDS = 1e12  # the agenda timer's clock values (epoch seconds, seconds left)
SINGLE_ROWS = (Board, Persona, AgendaTimer)  # the file holds exactly one of each, id 1


def _one_of(choices: tuple[str, ...]) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        if value not in choices:
            raise BoardError(f"is {shown_value(value)}, not one of {', '.join(choices)}.")
    return check


def _colour(value: Any) -> None:
    from .document import Document  # the document's own rule (document imports this module's users)
    try:
        Document._color(value)
    except BoardError:
        raise BoardError(f"is {shown_value(value)}, not a colour; use #RRGGBB.") from None


def _span(low: float, high: float) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        if not low <= value <= high:
            raise BoardError(f"is {shown_value(value)}, not from {low:g} to {high:g}.")
    return check


def _name(value: Any) -> None:
    if not checks.text(value, "It", checks.MAX_NAME).strip():
        raise BoardError("It is empty; it needs a name.")


def _short(value: Any) -> None:
    checks.text(value, "It", checks.MAX_NAME)


# Rules beyond a column's type, by (table, column).
RULES: dict[tuple[type[Base], str], Callable[[Any], None]] = {
    (Board, "title"): _name,
    (Board, "map_type"): _one_of(MAP_TYPES),
    (Board, "empathy_layout"): _one_of(EMPATHY_LAYOUTS),
    (Stage, "name"): _name,
    (Stage, "width"): _span(40, 5000),
    (Lane, "name"): _name,
    (Lane, "kind"): _one_of(NOTE_KINDS),
    (Lane, "role"): _one_of(LANE_ROLES),
    (Lane, "color"): _colour,
    (Cluster, "label"): _short,
    (Note, "color"): _colour,
    (Vote, "voter"): _short,
    (Emotion, "score"): _span(EMOTION_MIN, EMOTION_MAX),
    (AgendaBlock, "name"): _name,
    (AgendaBlock, "minutes"): _span(1, 24 * 60),
    (VotingRound, "dots_per_voter"): _span(1, MAX_DOTS_PER_VOTER),
    (VotingRound, "participants"): _span(1, MAX_PARTICIPANTS),
    (AgendaTimer, "remaining"): _span(-MAX_SECONDS, MAX_SECONDS),  # below 0: overtime
    (AgendaTimer, "started_at"): _span(-MAX_SECONDS, MAX_SECONDS),
}
SIGNED = {(Emotion, "score")}  # the only whole numbers below zero


def _type_check(entity: type[Base], column: Column, pictures: bool) -> Callable[[Any], None]:
    """The check of a value (not None) by the column's type."""
    kind = column.type
    if isinstance(kind, Boolean):
        def check(value: Any) -> None:
            if value is not True and value is not False:
                raise BoardError(f"is {shown_value(value)}, not true or false.")
    elif isinstance(kind, Integer):
        low = -MAX_WHOLE if (entity, column.key) in SIGNED else int(column.primary_key and not column.foreign_keys)

        def check(value: Any) -> None:
            if type(value) is not int or not low <= value <= MAX_WHOLE:
                raise BoardError(f"is {shown_value(value)}, not a whole number from {low} to {MAX_WHOLE:,}.")
    elif isinstance(kind, Float):
        def check(value: Any) -> None:
            if type(value) not in (int, float) or not math.isfinite(value):
                raise BoardError(f"is {shown_value(value)}, not a number.")
    elif isinstance(kind, String):
        def check(value: Any) -> None:
            checks.text(value, "It")
    elif isinstance(kind, JSON):
        def check(value: Any) -> None:
            checks.text_list(value, "It")  # every JSON column of a board is a list of texts
    elif isinstance(kind, LargeBinary):
        def check(value: Any) -> None:
            if type(value) is not bytes:
                raise BoardError("is not a picture.")
            if pictures:
                check_image(value, "It")
    else:  # pragma: no cover - a new column type needs its check here
        raise TypeError(f"{entity.__name__}.{column.key}: no check for {kind!r}")
    return check


@functools.cache
def _column_checks(entity: type[Base], pictures: bool) -> tuple[tuple[str, bool, Callable, Optional[Callable]], ...]:
    """(attribute, may be None, type check, rule) of each column, made once per entity."""
    return tuple((column.key, bool(column.nullable), _type_check(entity, column, pictures),
                  RULES.get((entity, column.key))) for column in entity.__table__.columns)


def row_problem(entity: type[Base], row: dict[str, Any], *, pictures: bool) -> Optional[tuple[str, str]]:
    """What is wrong with a row, (column, reason), or None when the document could have written it."""
    for key, nullable, check, rule in _column_checks(entity, pictures):
        value = row.get(key)
        if value is None:
            if not nullable:
                return key, "is missing (it may not be empty)."
            continue
        try:
            check(value)
            if rule is not None:
                rule(value)
        except BoardError as error:
            return key, _reason(error)
    if entity in SINGLE_ROWS and row.get("id") != 1:
        return "id", f"is {shown_value(row.get('id'))}; the {entity.__tablename__} row has id 1."
    if entity in (Note, Cluster):
        return _place_problem(row)
    if entity is VotingRound:  # whose turn it is: an index into its voters (app.model.voting)
        count = len(row["voters"]) or row["participants"]
        if not row["current_voter"] < count:
            return "current_voter", f"is {row['current_voter']}, but the round has {count} voters (the first is 0)."
    return None


def _place_problem(row: dict[str, Any]) -> Optional[tuple[str, str]]:
    """A note or cluster sits in a cell (stage and lane), the parking lot (nothing) or an
    empathy-map section, as Document._check_place says."""
    where = (row.get("stage_id") is not None, row.get("lane_id") is not None, row.get("section"))
    place = row.get("place")
    if place == "cell" and where == (True, True, None):
        return None
    if place == "parking" and where == (False, False, None):
        return None
    if place == "empathy" and where[:2] == (False, False) and where[2] in EMPATHY_SECTIONS:
        return None
    return "place", (f"is {shown_value(place)} with stage {shown_value(row.get('stage_id'))}, lane "
                     f"{shown_value(row.get('lane_id'))} and section {shown_value(where[2])}: not a place on a board.")


def _reason(error: BoardError) -> str:
    """A check's message as a reason after a column's name: "It must be text." -> "must be text."."""
    text = str(error)
    return text[3:] if text.startswith("It ") else text


def shown_value(value: Any) -> str:
    """A value in a message, cut short: a 50 MB text or a 2**80 must not fill the screen, and a
    list nested 900 deep is not written out."""
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    text = repr(value[:40]) + ("…" if len(value) > 40 else "") if isinstance(value, str) else repr(value)
    return text if len(text) <= 48 else text[:45] + "…"
