"""The rows of a board file, as SQLAlchemy typed ORM classes.

Only app.model.document changes them; everybody else reads. Every table has a primary key
that never changes and is never reused (AUTOINCREMENT), so undo can put a deleted row back
under its old id without colliding with a row made in between.
"""
from __future__ import annotations

from enum import Enum
from typing import Any, Optional

from sqlalchemy import JSON, ForeignKey, LargeBinary, MetaData, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class LaneKind(str, Enum):
    """What a lane holds. Str-valued: a kind is stored, exported and compared as its plain
    string ("notes" in the file and the JSON), so LaneKind.EMOTION == "emotion"."""
    NOTES = "notes"  # sticky notes, one cell per stage
    EMOTION = "emotion"  # one emotion score per stage, drawn as a curve
    METRIC = "metric"  # one short value per stage (a KPI: "NPS 31")

    __str__ = str.__str__  # f"{kind}" and str(kind) are the value on every Python (3.12 changed format())
    __format__ = str.__format__


NOTE_KINDS = tuple(kind.value for kind in LaneKind)  # the lane kinds' names, in their order
LANE_ROLES = (
    "actions", "touchpoints", "thoughts", "questions", "emotions", "pain_points",
    "opportunities", "ideas", "owners", "kpis", "frontstage", "backstage", "evidence", "custom",
)
MAP_TYPES = (
    "current-state", "future-state", "day-in-the-life", "service-blueprint", "support",
    "churn-renewal", "blank",
)
EMPATHY_SECTIONS = (
    "who", "goal", "says", "thinks", "does", "feels", "sees", "hears", "pains", "gains",
)
EMPATHY_LAYOUTS = ("classic", "canvas")
EMOTION_MIN, EMOTION_MAX = -2, 2
MAX_NOTE_TEXT = 2000  # characters a note takes from a phone (app/room): a long paragraph, not a file
ANONYMOUS_SOURCE = "anonymous"  # the source of a phone note whose writer gave no name

# Columns added to a table that already held rows (format 2) carry a default in the file too:
# ALTER TABLE ADD COLUMN needs one for NOT NULL, and a new board's schema must equal a migrated one.
_FALSE = text("0")
_EMPTY = text("''")


class Base(DeclarativeBase):
    metadata = MetaData()
    __table_args__ = {"sqlite_autoincrement": True}

    def row(self) -> dict[str, Any]:
        """The row's column values, the form undo records and the JSON export use."""
        return {attr.key: getattr(self, attr.key) for attr in self.__mapper__.column_attrs}

    def identity(self) -> tuple:
        return tuple(getattr(self, col.key) for col in self.__mapper__.primary_key)


class Board(Base):
    """Board metadata; the file holds exactly one row, id 1."""
    __tablename__ = "board"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(default="Untitled journey")
    map_type: Mapped[str] = mapped_column(default="blank")
    goal: Mapped[str] = mapped_column(default="")
    date: Mapped[str] = mapped_column(default="")
    participants: Mapped[list] = mapped_column(JSON, default=list)
    empathy_layout: Mapped[str] = mapped_column(default="classic")
    template: Mapped[str] = mapped_column(default="blank")
    # Notes added while reveal mode is on are created hidden (silent writing), format 2.
    reveal_mode: Mapped[bool] = mapped_column(default=False, server_default=_FALSE)


class Stage(Base):
    __tablename__ = "stage"
    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int]
    name: Mapped[str]
    width: Mapped[Optional[float]] = mapped_column(default=None)  # None: the layout's default


class Lane(Base):
    __tablename__ = "lane"
    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int]
    name: Mapped[str]
    kind: Mapped[str] = mapped_column(default=LaneKind.NOTES.value)
    role: Mapped[str] = mapped_column(default="custom")
    color: Mapped[str] = mapped_column(default="#FFE082")
    hidden: Mapped[bool] = mapped_column(default=False, server_default=_FALSE)  # format 2


class Cluster(Base):
    """A labelled group of notes of one place (affinity mapping), format 2. Its notes are
    consecutive in their place's order; a cluster is never empty."""
    __tablename__ = "cluster"
    id: Mapped[int] = mapped_column(primary_key=True)
    place: Mapped[str] = mapped_column(default="cell")
    stage_id: Mapped[Optional[int]] = mapped_column(ForeignKey("stage.id"), default=None)
    lane_id: Mapped[Optional[int]] = mapped_column(ForeignKey("lane.id"), default=None)
    section: Mapped[Optional[str]] = mapped_column(default=None)
    position: Mapped[int] = mapped_column(default=0)  # order among the clusters of its place
    label: Mapped[str] = mapped_column(default="")
    collapsed: Mapped[bool] = mapped_column(default=False)


class Note(Base):
    """One sticky note, wherever it sits: a cell, the parking lot or an empathy-map section."""
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    place: Mapped[str] = mapped_column(default="cell")
    stage_id: Mapped[Optional[int]] = mapped_column(ForeignKey("stage.id"), default=None)
    lane_id: Mapped[Optional[int]] = mapped_column(ForeignKey("lane.id"), default=None)
    section: Mapped[Optional[str]] = mapped_column(default=None)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(default="")
    color: Mapped[Optional[str]] = mapped_column(default=None)  # None: the lane's colour
    tags: Mapped[list] = mapped_column(JSON, default=list)
    owner: Mapped[str] = mapped_column(default="")
    idea: Mapped[bool] = mapped_column(default=False)  # "missing touchpoint / idea" flag
    image: Mapped[Optional[bytes]] = mapped_column(LargeBinary, default=None)
    # Format 2: hidden from the projector until revealed; the cluster it belongs to.
    hidden: Mapped[bool] = mapped_column(default=False, server_default=_FALSE)
    cluster_id: Mapped[Optional[int]] = mapped_column(ForeignKey("cluster.id"), index=True, default=None)
    # Format 3: who wrote it from a phone in the room (their name, or ANONYMOUS_SOURCE); '' for
    # the laptop's own notes.
    source: Mapped[str] = mapped_column(default="", server_default=_EMPTY)


class Vote(Base):
    """One dot a voter gave a note in a voting round; anonymous dots have voter ''."""
    __tablename__ = "vote"
    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("note.id"), index=True)
    voter: Mapped[str] = mapped_column(default="")
    round: Mapped[int] = mapped_column(default=0)  # a VotingRound.number, or 0: outside any round


class Emotion(Base):
    """A score of an emotion lane at a stage; no row means "not set" (distinct from 0)."""
    __tablename__ = "emotion"
    __table_args__ = ()
    lane_id: Mapped[int] = mapped_column(ForeignKey("lane.id"), primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id"), primary_key=True)
    score: Mapped[int]


class Metric(Base):
    """The short value of a metric lane at a stage ("NPS 31")."""
    __tablename__ = "metric"
    __table_args__ = ()
    lane_id: Mapped[int] = mapped_column(ForeignKey("lane.id"), primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id"), primary_key=True)
    value: Mapped[str]


class Persona(Base):
    """The board's persona; the file holds exactly one row, id 1."""
    __tablename__ = "persona"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(default="")
    role: Mapped[str] = mapped_column(default="")
    quote: Mapped[str] = mapped_column(default="")
    demographics: Mapped[str] = mapped_column(default="")
    goals: Mapped[list] = mapped_column(JSON, default=list)
    pains: Mapped[list] = mapped_column(JSON, default=list)
    current_solutions: Mapped[list] = mapped_column(JSON, default=list)
    backstory: Mapped[str] = mapped_column(default="")
    photo: Mapped[Optional[bytes]] = mapped_column(LargeBinary, default=None)


class AgendaBlock(Base):
    """A timed block of the workshop agenda."""
    __tablename__ = "agenda_block"
    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int]
    name: Mapped[str]
    minutes: Mapped[int]


class VotingRound(Base):
    """A dot-voting round (format 2). Its votes are the Vote rows whose round is its number.
    voters names the participants who take turns; empty means "count only": participants
    anonymous voters ("Voter 1" ...). Dots stay hidden while a hidden round is open."""
    __tablename__ = "voting_round"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    dots_per_voter: Mapped[int]
    voters: Mapped[list] = mapped_column(JSON, default=list)
    participants: Mapped[int]  # len(voters) when voters are named
    hidden: Mapped[bool] = mapped_column(default=True)
    open: Mapped[bool] = mapped_column(default=True)
    current_voter: Mapped[int] = mapped_column(default=0)  # index of the voter whose turn it is


class AgendaTimer(Base):
    """The workshop's agenda timer (format 2); the file holds exactly one row, id 1.
    Only starts, pauses and changes are written, never ticks: while it runs, the time left is
    remaining - (now - started_at) (see app.model.agenda_timer)."""
    __tablename__ = "agenda_timer"
    id: Mapped[int] = mapped_column(primary_key=True)
    block: Mapped[int] = mapped_column(default=0)  # index of the current block in agenda order
    running: Mapped[bool] = mapped_column(default=False)
    # Seconds left when it was last started, paused or changed; None: the block's full length.
    remaining: Mapped[Optional[float]] = mapped_column(default=None)
    started_at: Mapped[Optional[float]] = mapped_column(default=None)  # wall clock (epoch s) while running


# Parents before children.
ENTITIES: tuple[type[Base], ...] = (
    Board, Persona, Stage, Lane, Cluster, Note, Vote, Emotion, Metric, AgendaBlock, VotingRound,
    AgendaTimer,
)
