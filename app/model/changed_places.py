"""Which places of a board a committed change touched: what the layout must flow again."""
from __future__ import annotations

from typing import Optional

from .changes import Change, RowChange
from .document import Document
from .entities import AgendaBlock, AgendaTimer, Cluster, Emotion, Metric, Note, Vote
from .place import Place

# Rows that change no place's notes and nothing of the grid.
_NOT_LAID_OUT = (AgendaBlock, AgendaTimer)


def changed_places(doc: Document, change: Change) -> Optional[frozenset[Place]]:
    """The places (cells, the parking lot, empathy sections) whose notes must flow again after
    change, which doc has committed; None when the change reaches past places (stages, lanes,
    the title, the persona, a voting round): then the whole board is laid out again."""
    places: set[Place] = set()
    for row in change.rows:
        entity = row.entity
        if entity in (Note, Cluster):
            found = _places_of_row(doc, row)
            if found is None:
                return None
            places.update(found)
        elif entity is Vote:  # a dot may give its note a row of chips
            note_id = vote_note(doc, row)
            if note_id is not None and doc.has_note(note_id):
                places.add(Place.of(doc.note(note_id)))
        elif entity in (Emotion, Metric):
            lane_id, stage_id = row.key
            places.add(Place.cell(stage_id, lane_id))
        elif entity not in _NOT_LAID_OUT:
            return None
    return frozenset(places)


def changed_notes(doc: Document, change: Change) -> frozenset[int]:
    """The notes whose look (text, picture, colour, tags, dots) change may have changed; the
    others only move, if anything."""
    notes = change.ids(Note)
    notes.update(vote_note(doc, row) for row in change.rows if row.entity is Vote)
    notes.discard(None)
    return frozenset(notes)


def _places_of_row(doc: Document, row: RowChange) -> Optional[list[Place]]:
    """Where a note or cluster row was and is; None if an updated row is gone by now (a merged
    change that edited, then deleted it)."""
    if row.before is None:
        return [_place(row.after)]
    if row.after is None:
        return [_place(row.before)]
    current = doc.row(row.entity, row.key)
    if current is None:
        return None
    now = Place.of(current)
    before = {**now.columns(), **{k: v for k, v in row.before.items() if k in _PLACE_COLUMNS}}
    return [now, _place(before)]


_PLACE_COLUMNS = ("place", "stage_id", "lane_id", "section")


def _place(values: dict) -> Place:
    return Place(values["place"], values["stage_id"], values["lane_id"], values["section"])


def vote_note(doc: Document, row: RowChange) -> Optional[int]:
    """The note a vote row gives a dot to (or took one from)."""
    values = row.after if row.before is None else row.before
    if "note_id" in values:
        return values["note_id"]
    vote = doc.row(Vote, row.key)
    return None if vote is None else vote.note_id
