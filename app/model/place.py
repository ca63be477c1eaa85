"""Where a note (or a cluster of notes) sits: a cell, the parking lot or an empathy section."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional


@dataclass(frozen=True)
class Place:
    """Where a note sits: a cell (stage x lane), the parking lot, or an empathy-map section."""
    kind: str
    stage_id: Optional[int] = None
    lane_id: Optional[int] = None
    section: Optional[str] = None

    @classmethod
    def cell(cls, stage_id: int, lane_id: int) -> "Place":
        return cls("cell", stage_id, lane_id)

    @classmethod
    def parking(cls) -> "Place":
        return cls("parking")

    @classmethod
    def empathy(cls, section: str) -> "Place":
        return cls("empathy", section=section)

    @classmethod
    def of(cls, row: Any) -> "Place":
        """The place of a note or a cluster (both have the place columns)."""
        return cls(row.place, row.stage_id, row.lane_id, row.section)

    def key(self) -> tuple:
        return (self.kind, self.stage_id, self.lane_id, self.section)

    def columns(self) -> dict[str, Any]:
        return {"place": self.kind, "stage_id": self.stage_id, "lane_id": self.lane_id,
                "section": self.section}


def place_key(row: Any) -> tuple:
    """The place of a note or cluster row as a tuple (what Place.key() gives)."""
    return (row.place, row.stage_id, row.lane_id, row.section)
