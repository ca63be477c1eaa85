"""CSV export: one row per note, for spreadsheets and issue trackers.

Columns: section (grid, parking lot, empathy), stage, lane (the empathy-map section for empathy
notes), position (1-based in its cell or section), text, colour (the note's own, else its lane's
or section's), votes, tags (joined with ", "), owner, idea, cluster (the label of the note's
cluster, empty when it is in none), hidden ("yes" while kept from the projector), source (who sent it
from a phone in the room, or "anonymous"; empty for the laptop's notes). Rows follow the board: stage by
stage, lane by lane, in each cell's order; then the parking lot; then the empathy sections.

UTF-8 with a byte-order mark, so spreadsheet apps read accents and scripts right. A text cell
that starts with =, +, -, @, a tab or a carriage return gets an apostrophe in front, so no
spreadsheet runs it as a formula ("+ fast checkout" stays readable as that text).
"""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Iterator

from app.model import store
from app.model.document import Document, Place
from app.model.empathy_layout import SECTION_COLORS, TITLES
from app.model.entities import EMPATHY_SECTIONS, Note

HEADER = ("section", "stage", "lane", "position", "text", "colour", "votes", "tags", "owner", "idea", "cluster",
          "hidden", "source")
PARKING_COLOR = "#E0E0E0"  # as the layout draws the parking lot's notes
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """A cell a spreadsheet shows as text, never evaluates: formula-like text gets an apostrophe."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def rows(doc: Document) -> Iterator[tuple]:
    """The CSV's rows (without the header), values as written (neutralised)."""
    votes = doc.vote_counts()
    clusters = {c.id: c.label or "Cluster" for c in doc.clusters()}
    kept_from_room = doc.kept_from_room()

    def row(section: str, stage: str, lane: str, position: int, note: Note, color: str) -> tuple:
        return (section, neutralise(stage), neutralise(lane), position, neutralise(note.text),
                note.color or color, votes.get(note.id, 0), neutralise(", ".join(note.tags)),
                neutralise(note.owner), "yes" if note.idea else "no",
                neutralise(clusters.get(note.cluster_id, "")), "yes" if note.id in kept_from_room else "no",
                neutralise(note.source))

    lanes = doc.lanes()
    for stage in doc.stages():
        for lane in lanes:
            for position, note in enumerate(doc.notes_at(Place.cell(stage.id, lane.id)), 1):
                yield row("grid", stage.name, lane.name, position, note, lane.color)
    for position, note in enumerate(doc.notes_at(Place.parking()), 1):
        yield row("parking lot", "", "", position, note, PARKING_COLOR)
    for section in EMPATHY_SECTIONS:
        for position, note in enumerate(doc.notes_at(Place.empathy(section)), 1):
            yield row("empathy", "", TITLES[section], position, note, SECTION_COLORS[section])


def csv_text(doc: Document) -> str:
    out = io.StringIO()
    writer = csv.writer(out)  # the "excel" dialect: commas, quotes where needed, CRLF
    writer.writerow(HEADER)
    writer.writerows(rows(doc))
    return out.getvalue()


def export_csv(doc: Document, target: os.PathLike | str) -> int:
    """Writes the board's notes as CSV to target (atomically); returns the number of notes."""
    text = csv_text(doc)
    data = ("\ufeff" + text).encode("utf-8")
    store.write_atomically(Path(target), lambda tmp: tmp.write_bytes(data), replace=True)
    return len(doc.notes())
