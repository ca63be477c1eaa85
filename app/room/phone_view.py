"""What a phone may see of the board: the projector's view, never hidden lanes or notes, and
of an open hidden round only the phone's own dots. Plain dicts, ready for JSON; the page puts
every text in with textContent, never as HTML."""
from __future__ import annotations

from typing import Any, Optional

from app.model.document import Document, Place
from app.model.empathy_layout import CANVAS_TITLES, TITLES
from app.model.entities import EMPATHY_SECTIONS, Lane, LaneKind, Note, Stage

FACES = {-2: "very negative", -1: "negative", 0: "neutral", 1: "positive", 2: "very positive"}


def section_titles(doc: Document) -> dict[str, str]:
    return CANVAS_TITLES if doc.board.empathy_layout == "canvas" else TITLES


def writable_places(doc: Document) -> dict[str, Any]:
    """Where a phone may put a note: the cells of the lanes the room sees that hold notes, and
    the empathy-map sections."""
    titles = section_titles(doc)
    return {
        "stages": [{"id": s.id, "name": s.name} for s in doc.stages()],
        "lanes": [{"id": lane.id, "name": lane.name} for lane in doc.lanes()
                  if not lane.hidden and lane.kind != LaneKind.METRIC],
        "sections": [{"id": section, "name": titles[section]} for section in EMPATHY_SECTIONS],
    }


def phone_may_write(doc: Document, place: Place) -> bool:
    if place.kind == "empathy":
        return place.section in EMPATHY_SECTIONS
    if place.kind != "cell" or doc.row(Stage, (place.stage_id,)) is None:
        return False
    lane = doc.row(Lane, (place.lane_id,))
    return lane is not None and not lane.hidden and lane.kind != LaneKind.METRIC


def _shown(doc: Document, place: Place, dots: dict[int, int]) -> list[dict[str, Any]]:
    return [{"id": n.id, "text": n.text, "dots": dots.get(n.id, 0)} for n in doc.notes_at(place) if not n.hidden]


def board_view(doc: Document) -> dict[str, Any]:
    """The board as the projector shows it, for "follow the board": stage by stage, the lanes
    the room sees with their notes, scores or values; then the empathy map and the parking lot."""
    dots = doc.visible_vote_counts()
    stages = doc.stages()
    lanes = []
    for lane in doc.lanes():
        if lane.hidden:
            continue
        cells = []
        for stage in stages:
            if lane.kind == LaneKind.METRIC:
                cells.append({"value": doc.metric(lane.id, stage.id)})
            else:
                score = doc.emotion(lane.id, stage.id) if lane.kind == LaneKind.EMOTION else None
                cells.append({"notes": _shown(doc, Place.cell(stage.id, lane.id), dots),
                              "value": FACES.get(score, "") if score is not None else ""})
        lanes.append({"name": lane.name, "kind": str(lane.kind), "color": lane.color, "cells": cells})
    titles = section_titles(doc)
    empathy = [{"name": titles[s], "notes": _shown(doc, Place.empathy(s), dots)} for s in EMPATHY_SECTIONS]
    return {
        "title": doc.board.title, "goal": doc.board.goal,
        "stages": [s.name for s in stages], "lanes": lanes,
        "empathy": [section for section in empathy if section["notes"]],
        "parking": _shown(doc, Place.parking(), dots),
    }


def ballot(doc: Document, voter: Optional[str]) -> Optional[dict[str, Any]]:
    """The open round as a phone's voter sees it: the notes the room sees, in reading order,
    each with the phone's own dots and, unless the round is hidden, everyone's; None when no
    round is open."""
    voting_round = doc.open_round()
    if voting_round is None:
        return None
    kept = doc.kept_from_room()
    mine: dict[int, int] = {}
    if voter is not None:
        for vote in doc.votes():
            if vote.round == voting_round.number and vote.voter == voter:
                mine[vote.note_id] = mine.get(vote.note_id, 0) + 1
    everyone = doc.visible_vote_counts(voter)
    notes = []
    lanes = [lane for lane in doc.lanes() if not lane.hidden]
    for stage in doc.stages():
        for lane in lanes:
            for note in doc.notes_at(Place.cell(stage.id, lane.id)):
                if note.id in kept:
                    continue
                item = {"id": note.id, "text": note.text, "stage": stage.name, "lane": lane.name,
                        "mine": mine.get(note.id, 0)}
                if not voting_round.hidden:
                    item["dots"] = everyone.get(note.id, 0)
                notes.append(item)
    used = sum(mine.values())
    return {"number": voting_round.number, "hidden": voting_round.hidden,
            "dots_left": max(0, voting_round.dots_per_voter - used), "notes": notes}
