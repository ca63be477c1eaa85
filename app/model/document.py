"""The document API: the one writer of a board.

Every change to a board is a method here. Each call validates first, then changes rows through
three primitives (_insert, _update, _delete) that record what they did, and commits: one call,
one transaction, on disk before it returns. The recorded Change goes to subscribers (the UI
follows it) and back to the caller.

Undo is by operation, not by row image: each call also records on its Change the calls that
take it back ("edit_note(7, text='draft')", "delete_notes([12])", "put notes back next to the
notes that followed them then"). undo() runs them through the same validated methods, so
positions are worked out against the board as it is now, after edits from elsewhere (another
window, a remote peer), and a call the board no longer allows refuses the whole undo. Deleted
rows come back under their old ids (ids are never reused), so a redo gives the same ids again.

Reads are served from memory: the whole board is loaded once on open (through SQLAlchemy's
ORM). Writes do not go through an ORM session: the primitives change the objects in memory and
write the same rows with plain SQL on the board's connection (app.model.row_sql), so an edit
costs little more than its durable commit.

Workshop mode's part of the API lives in small files and is inherited: clusters
(app.model.clusters), voting (app.model.voting), focus tools and the agenda timer
(app.model.workshop); putting back a copy kept in the board's history too
(app.model.history).
"""
from __future__ import annotations

import gc
import os
import re
import sqlite3
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from . import store
from .changes import Change, Operation, RowChange
from .checks import BoardError, ReadOnlyError
from .checks import name as _name
from .checks import text as _text
from .checks import text_list as _text_list
from .clusters import ClusterEdits
from .entities import (
    EMOTION_MAX, EMOTION_MIN, EMPATHY_LAYOUTS, EMPATHY_SECTIONS, ENTITIES, LANE_ROLES, MAP_TYPES,
    NOTE_KINDS, AgendaBlock, AgendaTimer, Base, Board, Cluster, Emotion, Lane, LaneKind, Metric, Note,
    Persona, Stage, Vote, VotingRound,
)
from .history import HistoryEdits
from .images import check_image
from .place import Place
from .place import place_key as _place_key
from .row_sql import RowWriter
from .voting import MAX_DOTS, VotingEdits
from .workshop import FocusEdits, TimerChange, TimerEdits

__all__ = ["BoardError", "Change", "Document", "MAX_DOTS", "NOTE_FIELDS", "Place", "ReadOnlyError",
           "TimerChange", "role_for"]

NOTE_FIELDS = ("text", "color", "tags", "owner", "idea", "image")
BOARD_FIELDS = ("title", "map_type", "goal", "date", "participants", "empathy_layout", "template")
PERSONA_FIELDS = ("name", "role", "quote", "demographics", "goals", "pains",
                  "current_solutions", "backstory", "photo")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


class Document(ClusterEdits, VotingEdits, FocusEdits, TimerEdits, HistoryEdits):
    """An open board. Create with Document.open(), Document.create() or Document.snapshot()."""

    def __init__(self, board_file: store.BoardFile):
        self.file = board_file
        self._writer = RowWriter(board_file.sqlite_connection(), board_file.engine.dialect)
        self._rows: dict[type[Base], dict[tuple, Base]] = {}
        self._pending: Optional[list[RowChange]] = None
        self._undoing: Optional[Change] = None  # the change an undo or redo is making
        self._listeners: list[Callable[[Change], None]] = []
        self._batch_depth = 0
        self._batched: Optional[Change] = None  # the changes made in batched(), told at its end
        self._by_place: dict[tuple, dict[int, Note]] = defaultdict(dict)  # place key -> notes
        self._load()

    # ------------------------------------------------------------ opening and closing

    @classmethod
    def open(cls, path: os.PathLike | str, *, read_only: bool = False) -> "Document":
        board_file = store.open_board_file(path, read_only=read_only)
        try:
            return cls(board_file)
        except BaseException:
            board_file.close()
            raise

    @classmethod
    def snapshot(cls, path: os.PathLike | str) -> "Document":
        """A read-only copy taken at once, for readers (info, export)."""
        return cls(store.snapshot(path))

    @classmethod
    def create(cls, path: os.PathLike | str,
               populate: Optional[Callable[["Document"], None]] = None) -> "Document":
        """Creates a board at path (which must not exist), filled by populate(document), and
        opens it. The file appears complete or not at all."""
        def fill(engine) -> None:
            with Session(engine) as session:
                session.add_all([Board(id=1), Persona(id=1), AgendaTimer(id=1)])
                session.commit()
            # The temporary file is synced once before it is moved into place, so its own
            # commits need not wait for the disk.
            with engine.begin() as conn:
                conn.exec_driver_sql("PRAGMA synchronous=OFF")
            if populate is not None:
                populate(cls(store.BoardFile(None, engine)))

        store.create_board_file(path, fill)
        return cls.open(path)

    def close(self) -> None:
        self.file.close()

    def __enter__(self) -> "Document":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def path(self) -> Optional[Path]:
        return self.file.path

    @property
    def read_only(self) -> bool:
        return self.file.read_only

    def save_copy(self, target: os.PathLike | str) -> None:
        """Writes a copy of this board to target; this document stays on its own file."""
        store.save_copy(self.file, target)

    def save_as(self, target: os.PathLike | str) -> None:
        """Writes this board to target and goes on editing that file (listeners stay)."""
        target = Path(target)
        store.save_copy(self.file, target)
        self.file.close()
        self.file = store.open_board_file(target)
        self._writer = RowWriter(self.file.sqlite_connection(), self.file.engine.dialect)
        self._load()

    def _load(self) -> None:
        self._rows = {entity: {} for entity in ENTITIES}
        # Thousands of new objects set off full garbage collections that find nothing to free.
        # The session only reads: closing it leaves the objects loaded, and detached, so that
        # nothing but the primitives below ever writes them.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            with Session(self.file.engine, expire_on_commit=False, autoflush=False) as session:
                for entity in ENTITIES:
                    for obj in session.scalars(select(entity)):
                        self._rows[entity][obj.identity()] = obj
        finally:
            if gc_was_enabled:
                gc.enable()
        self._by_place = defaultdict(dict)
        for note in self._rows[Note].values():
            self._by_place[_place_key(note)][note.id] = note
        if any((1,) not in self._rows[entity] for entity in (Board, Persona, AgendaTimer)):
            name = self.path.name if self.path else "the board"
            raise store.CorruptBoardError(f"“{name}” is damaged: its board record is missing.")

    # ------------------------------------------------------------ following changes

    def subscribe(self, listener: Callable[[Change], None]) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[Change], None]) -> None:
        self._listeners.remove(listener)

    @contextmanager
    def batched(self) -> Iterator[None]:
        """Tells listeners of the calls made inside as one change when it ends (each call is
        still its own transaction and undo step): a burst of notes from the room's phones is
        laid out and painted once, not once a note."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if not self._batch_depth and self._batched is not None:
                change, self._batched = self._batched, None
                self._tell(change)

    def _tell(self, change: Change) -> None:
        if self._batch_depth:
            self._batched = change if self._batched is None else self._batched.then(change)
            return
        for listener in list(self._listeners):
            listener(change)

    # ------------------------------------------------------------ reading

    @property
    def board(self) -> Board:
        return self._rows[Board][(1,)]

    @property
    def persona(self) -> Persona:
        return self._rows[Persona][(1,)]

    def stages(self) -> list[Stage]:
        return sorted(self._rows[Stage].values(), key=lambda s: s.position)

    def lanes(self) -> list[Lane]:
        return sorted(self._rows[Lane].values(), key=lambda lane: lane.position)

    def agenda(self) -> list[AgendaBlock]:
        return sorted(self._rows[AgendaBlock].values(), key=lambda b: b.position)

    def notes(self) -> list[Note]:
        return list(self._rows[Note].values())

    def stage(self, stage_id: int) -> Stage:
        return self._get(Stage, stage_id, "stage")

    def lane(self, lane_id: int) -> Lane:
        return self._get(Lane, lane_id, "lane")

    def note(self, note_id: int) -> Note:
        return self._get(Note, note_id, "note")

    def row(self, entity: type[Base], key: tuple) -> Optional[Base]:
        """The row of an entity with that primary key, or None."""
        return self._rows[entity].get(key)

    def has_note(self, note_id: int) -> bool:
        return (note_id,) in self._rows[Note]

    def notes_at(self, place: Place) -> list[Note]:
        """The notes of a place in their order."""
        notes = self._by_place.get((place.kind, place.stage_id, place.lane_id, place.section), {})
        return sorted(notes.values(), key=lambda n: n.position)

    def emotion(self, lane_id: int, stage_id: int) -> Optional[int]:
        row = self._rows[Emotion].get((lane_id, stage_id))
        return None if row is None else row.score

    def metric(self, lane_id: int, stage_id: int) -> str:
        row = self._rows[Metric].get((lane_id, stage_id))
        return "" if row is None else row.value

    def rows(self, entity: type[Base]) -> list[Base]:
        """Every row of an entity in key order (for export and comparison)."""
        return [self._rows[entity][key] for key in sorted(self._rows[entity])]

    def _get(self, entity: type[Base], key: int, what: str):
        try:
            return self._rows[entity][(key,)]
        except KeyError:
            raise BoardError(f"There is no {what} {key} on this board.") from None

    # ------------------------------------------------------------ the transaction and primitives

    @contextmanager
    def _edit(self, label: str, kind: type[Change] = Change) -> Iterator[Change]:
        outer = self._undoing
        if outer is not None:
            # A call an undo or redo runs is part of its transaction, which commits (or rolls
            # back) and notifies once; its rows and its own inverse join the undo's change.
            change = kind(label)
            self._pending = change.rows
            try:
                yield change
            finally:
                self._pending = outer.rows
            outer.rows.extend(change.rows)
            outer.undo_ops[:0] = change.undo_ops
            return
        if self.read_only:
            raise ReadOnlyError(f"This board is read-only. {self.file.read_only_reason}")
        if self._pending is not None:
            raise RuntimeError("document calls do not nest")
        change = kind(label)
        self._pending = change.rows
        try:
            yield change
            self._writer.commit()  # synchronous=FULL: on disk when it returns
        except BaseException as error:
            self._writer.rollback()
            self._load()  # memory follows the file again, which the rollback kept as it was
            if isinstance(error, (SQLAlchemyError, sqlite3.Error)):
                raise self.file.change_not_saved(error) from error
            raise
        finally:
            self._pending = None
        if change:
            self._tell(change)

    # The primitives write in the order they are called (updates a little later, but before the
    # next insert or delete), so a row a call refers to, e.g. a note moved to a new stage, is
    # always written first.

    def _insert(self, entity: type[Base], **values) -> Base:
        table = self._writer.tables[entity]
        row = table.full_row(values)  # with the columns' defaults, as the ORM fills them in
        row_id = self._writer.insert(entity, row)
        if table.autoincrement and row[table.primary_key[0]] is None:
            row[table.primary_key[0]] = row_id
        obj = entity(**row)
        identity = table.identity(obj)
        self._rows[entity][identity] = obj
        if entity is Note:
            self._by_place[_place_key(obj)][obj.id] = obj
        self._pending.append(RowChange(entity, identity, None, row))  # what obj.row() gives
        return obj

    def _update(self, obj: Base, **values) -> dict[str, Any]:
        """Sets columns of a row; returns the old values of those that changed."""
        before = {}
        for key, value in values.items():
            old = getattr(obj, key)
            if old != value:
                before[key] = old
        if not before:
            return before
        after = {k: values[k] for k in before}
        moved = isinstance(obj, Note) and not _PLACE_COLUMNS.isdisjoint(after)
        if moved:
            del self._by_place[_place_key(obj)][obj.id]
        for key, value in after.items():
            setattr(obj, key, value)
        if moved:
            self._by_place[_place_key(obj)][obj.id] = obj
        entity = type(obj)
        identity = self._writer.tables[entity].identity(obj)
        self._writer.update(entity, identity, after)
        self._pending.append(RowChange(entity, identity, before, after))
        return before

    def _delete(self, obj: Base) -> None:
        identity = obj.identity()
        self._pending.append(RowChange(type(obj), identity, obj.row(), None))
        self._writer.delete(type(obj), identity)
        del self._rows[type(obj)][identity]
        if isinstance(obj, Note):
            del self._by_place[_place_key(obj)][obj.id]

    # ------------------------------------------------------------ undo and redo

    def undo(self, change: Change) -> Change:
        """Takes back what change did by running the calls it recorded for that, against the
        board as it is now, in one transaction; returns what the undo changed (its undo_ops
        are the redo, kept in change.redo_ops). Raises BoardError and changes nothing when the
        board no longer allows it, e.g. a note it would put back was deleted elsewhere."""
        undone = self._run(f"Undo {change.label}", change.undo_ops, f"Cannot undo “{change.label}”")
        change.redo_ops = undone.undo_ops
        return undone

    def redo(self, change: Change) -> Change:
        """Does an undone change again, with the same ids; its next undo follows the board as
        the redo found it."""
        redone = self._run(change.label, change.redo_ops, f"Cannot redo “{change.label}”")
        redone.result = change.result
        change.undo_ops = redone.undo_ops
        return redone

    def _run(self, label: str, operations: Sequence[Operation], refusal: str) -> Change:
        try:
            with self._edit(label) as change:
                self._undoing = change
                try:
                    for operation in operations:
                        operation.run(self)
                finally:
                    self._undoing = None
        except BoardError as error:
            raise type(error)(f"{refusal}: {error}") from error
        return change

    # The calls below exist for undo and redo: each takes back a deletion, a move or a
    # replacement, and records its own inverse like every other call.

    def _restore(self, removed: dict[type[Base], Sequence[dict[str, Any]]],
                 spots: Sequence["Spot"] = (), order: Optional[tuple[Optional[int], int]] = None) -> Change:
        """Brings back, under their ids, the rows a deletion removed (removed: by entity): a stage
        or lane where order says (the one that followed it, its index), with its scores;
        clusters; notes where spots say, with their dots; a voting round. The same deletion
        undoes it."""
        with self._edit("Restore") as change:
            for entity, ordered in ((Stage, self.stages), (Lane, self.lanes)):
                for row in removed.get(entity, ()):
                    self._put_in_order(ordered(), self._insert(entity, **row), *order)
            self._revive_clusters(removed.get(Cluster, ()))
            at = {spot.note_id: spot for spot in spots}
            for row in removed.get(Note, ()):
                spot = at[row["id"]]
                self._check_place(spot.place)
                self._insert(Note, **{**row, "cluster_id": self._cluster_at(spot.cluster_id, spot.place)})
            for row in removed.get(Vote, ()):
                self.note(row["note_id"])
                self._insert(Vote, **row)
            for entity in (Emotion, Metric):
                for row in removed.get(entity, ()):
                    self.stage(row["stage_id"])
                    self.lane(row["lane_id"])
                    self._insert(entity, **row)
            for row in removed.get(VotingRound, ()):
                if any(r.number == row["number"] for r in self._rows[VotingRound].values()):
                    raise BoardError(f"There is a voting round {row['number']} already.")
                if row["open"] and self.open_round() is not None:
                    raise BoardError(f"Voting round {self.open_round().number} is open; end it first.")
                self._insert(VotingRound, **row)
            self._place_notes(spots)
            change.undo_by(*_deletion_of(removed))
        return change

    def _return_notes(self, spots: Sequence["Spot"], revive: Sequence[dict[str, Any]] = ()) -> Change:
        """Puts notes back where spots say (the undo of a move or of a change of clusters);
        revive holds the clusters that change deleted, to come back under their ids."""
        notes = [self.note(spot.note_id) for spot in spots]
        with self._edit("Put notes back") as change:
            before = self._spots(notes)
            self._revive_clusters(revive)
            self._place_notes(spots)
            change.undo_by("_return_notes", before, self._removed(change).get(Cluster, []))
        return change

    def _reorder(self, entity: type[Base], row_id: int, follower: Optional[int], index: int) -> Change:
        """Puts a stage or lane back before the one that followed it, or at its index."""
        row = self._get(entity, row_id, entity.__tablename__)
        ordered = self.stages() if entity is Stage else self.lanes()
        with self._edit(f"Move {entity.__tablename__}") as change:
            before = _order_of(ordered, row)
            self._put_in_order(ordered, row, follower, index)
            change.undo_by("_reorder", entity, row_id, *before)
        return change

    def _replace_agenda(self, rows: Sequence[dict[str, Any]]) -> Change:
        """Puts an agenda back, its blocks under their ids."""
        with self._edit("Edit agenda") as change:
            before = [block.row() for block in self.agenda()]
            for block in self.agenda():
                self._delete(block)
            for row in rows:
                self._insert(AgendaBlock, **row)
            change.undo_by("_replace_agenda", before)
        return change

    @staticmethod
    def _removed(change: Change) -> dict[type[Base], list[dict[str, Any]]]:
        """The rows change deleted, by entity, as they were."""
        removed: dict[type[Base], list[dict[str, Any]]] = defaultdict(list)
        for row in change.rows:
            if row.after is None:
                removed[row.entity].append(row.before)
        return dict(removed)

    def _revive_clusters(self, rows: Sequence[dict[str, Any]]) -> None:
        for row in rows:
            if (row["id"],) not in self._rows[Cluster]:
                self._check_place(_row_place(row))
                self._insert(Cluster, **row)

    def _cluster_at(self, cluster_id: Optional[int], place: Place) -> Optional[int]:
        """cluster_id if that cluster is (still) at place, else None: a note outside it."""
        cluster = None if cluster_id is None else self._rows[Cluster].get((cluster_id,))
        return cluster_id if cluster is not None and Place.of(cluster) == place else None

    def _spots(self, notes: Iterable[Note]) -> tuple["Spot", ...]:
        """Where notes are now, for putting them back there later."""
        orders: dict[Place, list[Note]] = {}
        spots = []
        for note in notes:
            place = Place.of(note)
            if place not in orders:
                orders[place] = self.notes_at(place)
            follower, index = _order_of(orders[place], note)
            spots.append(Spot(note.id, place, note.cluster_id, follower, index))
        return tuple(spots)

    def _place_notes(self, spots: Sequence["Spot"]) -> None:
        """Puts existing notes where spots say: in their place and cluster (if it is there too),
        before the note that followed each then if it is still there, else at its index then.
        A cluster whose notes all go to one other place in it goes along, as with move_notes."""
        going = {spot.note_id: spot for spot in spots}
        notes = {note_id: self.note(note_id) for note_id in going}
        sources = {Place.of(note) for note in notes.values()}
        for cluster_id in {spot.cluster_id for spot in spots} - {None}:
            cluster = self._rows[Cluster].get((cluster_id,))
            if cluster is None:
                continue
            members = [n for n in self.notes_at(Place.of(cluster)) if n.cluster_id == cluster_id]
            if members and all(n.id in going and going[n.id].cluster_id == cluster_id for n in members):
                places = {going[n.id].place for n in members}
                if len(places) == 1 and places != {Place.of(cluster)}:
                    self._update(cluster, **places.pop().columns())
        targets: dict[Place, list[Spot]] = defaultdict(list)
        for spot in spots:
            self._check_place(spot.place)
            self._update(notes[spot.note_id], **spot.place.columns(),
                         cluster_id=self._cluster_at(spot.cluster_id, spot.place))
            targets[spot.place].append(spot)
        for place, here in targets.items():
            order = [n for n in self.notes_at(place) if n.id not in going]
            # The last first: a note's follower then may be one of them, already back.
            for spot in sorted(here, key=lambda s: s.index, reverse=True):
                _insert_at(order, notes[spot.note_id], spot.follower, spot.index)
            self._arrange(place, order)
        for place in sources - targets.keys():
            self._arrange(place)

    def _put_in_order(self, ordered: list, row: Base, follower: Optional[int], index: int) -> None:
        others = [r for r in ordered if r is not row]
        _insert_at(others, row, follower, index)
        self._renumber(others)

    def restore(self, rows: dict[type[Base], Sequence[dict[str, Any]]], label: str = "Import") -> Change:
        """Inserts rows as they are, ids included (a lossless import). Parents come first."""
        with self._edit(label) as change:
            for entity in ENTITIES:
                for values in rows.get(entity, ()):
                    key = tuple(values[col.key] for col in entity.__mapper__.primary_key)
                    existing = self._rows[entity].get(key)
                    if existing is not None:  # the board and persona rows exist from creation
                        self._update(existing, **values)
                    else:
                        self._insert(entity, **values)
        return change

    # ------------------------------------------------------------ notes

    def add_note(self, place: Place, text: str = "", *, index: Optional[int] = None, source: str = "",
                 **fields) -> Change:
        """Adds a note at place (at index, or last); change.result is its id. source: who sent
        it from a phone in the room ('' for the laptop's own notes)."""
        change = self.add_notes(place, [dict(text=text, **fields)], index=index, source=source)
        change.result = change.result[0]
        return change

    def add_notes(self, place: Place, specs: Sequence[dict[str, Any]], *,
                  index: Optional[int] = None, source: str = "") -> Change:
        """Adds several notes at once (a paste); change.result is the list of their ids.
        While the board's reveal mode is on, they are created hidden. An index inside a
        cluster's notes puts them after the cluster (they do not join it)."""
        self._check_place(place)
        source = _text(source, "A note's source").strip()
        clean = [self._note_fields(spec) for spec in specs]
        label = "Add note" if len(specs) == 1 else f"Add {len(specs)} notes"
        hidden = self.board.reveal_mode
        with self._edit(label) as change:
            order = self.notes_at(place)
            index = len(order) if index is None else max(0, min(index, len(order)))
            new = [self._insert(Note, position=len(order) + i, hidden=hidden, source=source, **place.columns(),
                                **fields)
                   for i, fields in enumerate(clean)]
            self._arrange(place, order[:index] + new + order[index:])
            change.result = [note.id for note in new]
            change.undo_by("delete_notes", change.result)
        return change

    def edit_note(self, note_id: int, **fields) -> Change:
        """Changes a note's text, colour, tags, owner, idea flag or picture."""
        note = self.note(note_id)
        clean = self._note_fields(fields)
        with self._edit("Edit note") as change:
            change.undo_by("edit_note", note_id, **self._update(note, **clean))
        return change

    def recolor_notes(self, note_ids: Iterable[int], color: Optional[str]) -> Change:
        notes = [self.note(i) for i in note_ids]
        color = self._color(color)
        with self._edit("Recolour notes") as change:
            for note in notes:
                before = self._update(note, color=color)
                if before:
                    change.undo_by("edit_note", note.id, **before)
        return change

    def move_notes(self, note_ids: Sequence[int], place: Place, index: Optional[int] = None) -> Change:
        """Moves notes, in the given order, to place at index. The index counts the notes
        already there that are not being moved; None puts them last. Notes that leave their
        place leave their cluster, unless all of the cluster's notes move together: then the
        cluster moves with them. Clusters stay together: an index inside a cluster's notes
        puts the notes after it."""
        notes = [self.note(i) for i in dict.fromkeys(note_ids)]
        self._check_place(place)
        moving = {note.id for note in notes}
        with self._edit("Move note" if len(notes) == 1 else f"Move {len(notes)} notes") as change:
            spots = self._spots(notes)
            sources = {Place.of(note) for note in notes} - {place}
            staying = [n for n in self.notes_at(place) if n.id not in moving]
            index = len(staying) if index is None else max(0, min(index, len(staying)))
            following = self._clusters_following(notes, place)
            for cluster_id in following:
                self._update(self.cluster(cluster_id), **place.columns())
            for note in notes:
                leaves = Place.of(note) != place and note.cluster_id not in following
                self._update(note, **place.columns(), **({"cluster_id": None} if leaves else {}))
            self._arrange(place, staying[:index] + notes + staying[index:])
            for source in sources:
                self._arrange(source)
            change.undo_by("_return_notes", spots, self._removed(change).get(Cluster, []))
        return change

    def duplicate_notes(self, note_ids: Sequence[int]) -> Change:
        """Copies notes, each right after its original (in its cluster, hidden if it is
        hidden); change.result is the new ids."""
        notes = [self.note(i) for i in dict.fromkeys(note_ids)]
        with self._edit("Duplicate notes") as change:
            new_ids = []
            for note in notes:
                place = Place.of(note)
                order = self.notes_at(place)
                copy = self._insert(Note, position=len(order), **place.columns(),
                                    hidden=note.hidden, cluster_id=note.cluster_id,
                                    **{k: getattr(note, k) for k in NOTE_FIELDS})
                at = order.index(note) + 1
                self._arrange(place, order[:at] + [copy] + order[at:])
                new_ids.append(copy.id)
            change.result = new_ids
            change.undo_by("delete_notes", new_ids)
        return change

    def delete_notes(self, note_ids: Iterable[int]) -> Change:
        notes = [self.note(i) for i in dict.fromkeys(note_ids)]
        with self._edit("Delete note" if len(notes) == 1 else f"Delete {len(notes)} notes") as change:
            spots = self._delete_notes(notes)
            change.undo_by("_restore", self._removed(change), spots)
        return change

    def _delete_notes(self, notes: Sequence[Note]) -> tuple[Spot, ...]:
        """Deletes notes with their dots; a cluster left without notes goes too. Returns where
        the notes were, for their undo."""
        spots = self._spots(notes)
        doomed = {note.id for note in notes}
        places = {Place.of(note) for note in notes}
        for vote in [v for v in self._rows[Vote].values() if v.note_id in doomed]:
            self._delete(vote)
        for note in notes:
            self._delete(note)
        for place in places:
            self._arrange(place)
        return spots

    def _renumber(self, ordered: Sequence[Base]) -> None:
        """Numbers rows (notes, clusters, stages, lanes or agenda blocks) 0, 1, ... in order,
        as _update(row, position=...) of each would, writing only those whose position changes
        (in one executemany). Hot: a move or an insert renumbers the notes of one or two cells."""
        pending, writer = self._pending, self._writer
        for position, row in enumerate(ordered):
            old = row.position
            if old != position:
                entity = type(row)
                table = writer.tables[entity]
                identity = table.identity(row)
                row.position = position  # not a place column: _by_place is unchanged
                writer.queue(table.update_sql(_POSITION), (position, *identity))
                pending.append(RowChange(entity, identity, {"position": old}, {"position": position}))

    def _check_place(self, place: Place) -> None:
        if place.kind == "cell":
            self.stage(place.stage_id)
            if self.lane(place.lane_id).kind == LaneKind.METRIC:
                raise BoardError("A metric lane holds one value per stage, not notes.")
            if place.section is not None:
                raise BoardError("A cell has no empathy section.")
        elif place.kind == "parking":
            if (place.stage_id, place.lane_id, place.section) != (None, None, None):
                raise BoardError("The parking lot has no stage, lane or section.")
        elif place.kind == "empathy":
            if place.section not in EMPATHY_SECTIONS or (place.stage_id, place.lane_id) != (None, None):
                raise BoardError(f"Unknown empathy-map section {place.section!r}.")
        else:
            raise BoardError(f"Unknown place {place.kind!r}.")

    def _note_fields(self, fields: dict[str, Any]) -> dict[str, Any]:
        unknown = set(fields) - set(NOTE_FIELDS)
        if unknown:
            raise BoardError(f"A note has no field {sorted(unknown)[0]!r}.")
        clean = dict(fields)
        if "text" in clean:
            clean["text"] = _text(clean["text"], "A note's text")
        if "color" in clean:
            clean["color"] = self._color(clean["color"])
        if "tags" in clean:
            clean["tags"] = _tags(clean["tags"])
        if "owner" in clean:
            clean["owner"] = _text(clean["owner"], "A note's owner").strip()
        if "idea" in clean:
            clean["idea"] = bool(clean["idea"])
        if clean.get("image") is not None:
            check_image(clean["image"], "A note's picture")
        return clean

    @staticmethod
    def _color(color: Optional[str]) -> Optional[str]:
        if color is None:
            return None
        if not isinstance(color, str) or not _COLOR.match(color):
            raise BoardError(f"{color!r} is not a colour; use #RRGGBB.")
        return color.upper()

    # ------------------------------------------------------------ stages and lanes

    def add_stage(self, name: str, index: Optional[int] = None) -> Change:
        name = _name(name, "A stage")
        with self._edit("Add stage") as change:
            stage = self._insert(Stage, name=name, position=len(self._rows[Stage]))
            self._place_at(self.stages(), stage, index)
            change.result = stage.id
            change.undo_by("delete_stage", stage.id)
        return change

    def rename_stage(self, stage_id: int, name: str) -> Change:
        stage = self.stage(stage_id)
        name = _name(name, "A stage")
        with self._edit("Rename stage") as change:
            change.undo_by("rename_stage", stage_id, **self._update(stage, name=name))
        return change

    def set_stage_width(self, stage_id: int, width: Optional[float]) -> Change:
        stage = self.stage(stage_id)
        if width is not None and not 40 <= width <= 5000:
            raise BoardError("A stage must be between 40 and 5000 points wide.")
        with self._edit("Resize stage") as change:
            change.undo_by("set_stage_width", stage_id, **self._update(stage, width=width))
        return change

    def move_stage(self, stage_id: int, index: int) -> Change:
        stage = self.stage(stage_id)
        with self._edit("Move stage") as change:
            change.undo_by("_reorder", Stage, stage_id, *self._moved_in_order(self.stages(), stage, index))
        return change

    def delete_stage(self, stage_id: int) -> Change:
        """Deletes a stage with its notes, emotion scores and metrics (undo brings all back)."""
        stage = self.stage(stage_id)
        with self._edit(f"Delete stage “{stage.name}”") as change:
            order = _order_of(self.stages(), stage)
            spots = self._delete_notes([n for n in self._rows[Note].values() if n.stage_id == stage_id])
            self._delete_clusters_of("stage_id", stage_id)
            self._delete_scores(lambda row: row.stage_id == stage_id)
            self._delete(stage)
            self._renumber(self.stages())
            change.undo_by("_restore", self._removed(change), spots, order)
        return change

    def add_lane(self, name: str, kind: str = LaneKind.NOTES.value, role: Optional[str] = None,
                 color: Optional[str] = None, index: Optional[int] = None) -> Change:
        name = _name(name, "A lane")
        if kind not in NOTE_KINDS:
            raise BoardError(f"Unknown lane kind {kind!r}; use one of {', '.join(NOTE_KINDS)}.")
        role = role_for(name) if role is None else _role(role)
        color = self._color(color) or ROLE_COLORS.get(role, DEFAULT_LANE_COLOR)
        with self._edit("Add lane") as change:
            lane = self._insert(Lane, name=name, kind=kind, role=role, color=color,
                                position=len(self._rows[Lane]))
            self._place_at(self.lanes(), lane, index)
            change.result = lane.id
            change.undo_by("delete_lane", lane.id)
        return change

    def edit_lane(self, lane_id: int, *, name: Optional[str] = None, role: Optional[str] = None,
                  color: Optional[str] = None) -> Change:
        lane = self.lane(lane_id)
        fields: dict[str, Any] = {}
        if name is not None:
            fields["name"] = _name(name, "A lane")
        if role is not None:
            fields["role"] = _role(role)
        if color is not None:
            fields["color"] = self._color(color)
        with self._edit("Edit lane") as change:
            change.undo_by("edit_lane", lane_id, **self._update(lane, **fields))
        return change

    def move_lane(self, lane_id: int, index: int) -> Change:
        lane = self.lane(lane_id)
        with self._edit("Move lane") as change:
            change.undo_by("_reorder", Lane, lane_id, *self._moved_in_order(self.lanes(), lane, index))
        return change

    def delete_lane(self, lane_id: int) -> Change:
        """Deletes a lane with its notes, emotion scores and metrics (undo brings all back)."""
        lane = self.lane(lane_id)
        with self._edit(f"Delete lane “{lane.name}”") as change:
            order = _order_of(self.lanes(), lane)
            spots = self._delete_notes([n for n in self._rows[Note].values() if n.lane_id == lane_id])
            self._delete_clusters_of("lane_id", lane_id)
            self._delete_scores(lambda row: row.lane_id == lane_id)
            self._delete(lane)
            self._renumber(self.lanes())
            change.undo_by("_restore", self._removed(change), spots, order)
        return change

    def _place_at(self, ordered: list, row: Base, index: Optional[int]) -> None:
        others = [r for r in ordered if r is not row]
        index = len(others) if index is None else max(0, min(index, len(others)))
        self._renumber(others[:index] + [row] + others[index:])

    def _moved_in_order(self, ordered: list, row: Base, index: int) -> tuple[Optional[int], int]:
        """Moves a stage or lane to index; returns where it was (its follower, its index)."""
        before = _order_of(ordered, row)
        self._place_at(ordered, row, index)
        return before

    def _delete_scores(self, matches: Callable[[Base], bool]) -> None:
        for entity in (Emotion, Metric):
            for row in [r for r in self._rows[entity].values() if matches(r)]:
                self._delete(row)

    # ------------------------------------------------------------ emotions and metrics

    def set_emotion(self, lane_id: int, stage_id: int, score: Optional[int]) -> Change:
        """Sets an emotion lane's score at a stage (-2..+2), or clears it with None."""
        self._check_lane_kind(lane_id, LaneKind.EMOTION)
        self.stage(stage_id)
        if score is not None and (not isinstance(score, int) or not EMOTION_MIN <= score <= EMOTION_MAX):
            raise BoardError(f"An emotion score is a whole number from {EMOTION_MIN} to +{EMOTION_MAX}.")
        with self._edit("Set emotion") as change:
            before = self.emotion(lane_id, stage_id)
            self._set_score(Emotion, lane_id, stage_id, "score", score)
            change.undo_by("set_emotion", lane_id, stage_id, before)
        return change

    def set_metric(self, lane_id: int, stage_id: int, value: str) -> Change:
        """Sets a metric lane's value at a stage; an empty value clears it."""
        self._check_lane_kind(lane_id, LaneKind.METRIC)
        self.stage(stage_id)
        value = _text(value, "A metric").strip()
        with self._edit("Set metric") as change:
            before = self.metric(lane_id, stage_id)
            self._set_score(Metric, lane_id, stage_id, "value", value or None)
            change.undo_by("set_metric", lane_id, stage_id, before)
        return change

    def _check_lane_kind(self, lane_id: int, kind: str) -> None:
        lane = self.lane(lane_id)
        if lane.kind != kind:
            raise BoardError(f"Lane “{lane.name}” is not a{'n' if kind == 'emotion' else ''} {kind} lane.")

    def _set_score(self, entity, lane_id: int, stage_id: int, column: str, value) -> None:
        row = self._rows[entity].get((lane_id, stage_id))
        if value is None:
            if row is not None:
                self._delete(row)
        elif row is None:
            self._insert(entity, lane_id=lane_id, stage_id=stage_id, **{column: value})
        else:
            self._update(row, **{column: value})

    # ------------------------------------------------------------ board, persona, agenda

    def set_board_info(self, **fields) -> Change:
        """Changes the board's title, map type, goal & scope, date, participants or empathy layout."""
        clean = _known(fields, BOARD_FIELDS, "The board")
        if "title" in clean:
            clean["title"] = _name(clean["title"], "A board's title")
        if "map_type" in clean and clean["map_type"] not in MAP_TYPES:
            raise BoardError(f"Unknown map type {clean['map_type']!r}; use one of {', '.join(MAP_TYPES)}.")
        if "empathy_layout" in clean and clean["empathy_layout"] not in EMPATHY_LAYOUTS:
            raise BoardError(f"Unknown empathy-map layout {clean['empathy_layout']!r}.")
        for key in ("goal", "date", "template"):
            if key in clean:
                clean[key] = _text(clean[key], f"The board's {key}")
        if "participants" in clean:
            clean["participants"] = _text_list(clean["participants"], "Participants")
        with self._edit("Edit board") as change:
            change.undo_by("set_board_info", **self._update(self.board, **clean))
        return change

    def set_persona(self, **fields) -> Change:
        clean = _known(fields, PERSONA_FIELDS, "The persona")
        for key, value in clean.items():
            if key in ("goals", "pains", "current_solutions"):
                clean[key] = _text_list(value, f"The persona's {key}")
            elif key == "photo":
                if value is not None:
                    check_image(value, "The persona's photo")
            else:
                clean[key] = _text(value, f"The persona's {key}")
        with self._edit("Edit persona") as change:
            change.undo_by("set_persona", **self._update(self.persona, **clean))
        return change

    def set_agenda(self, blocks: Sequence[tuple[str, int]]) -> Change:
        """Replaces the workshop agenda with timed blocks (name, minutes)."""
        clean = []
        for name, minutes in blocks:
            if not isinstance(minutes, int) or not 1 <= minutes <= 24 * 60:
                raise BoardError("An agenda block lasts from 1 to 1440 whole minutes.")
            clean.append((_name(name, "An agenda block"), minutes))
        with self._edit("Edit agenda") as change:
            before = [block.row() for block in self.agenda()]
            for block in self.agenda():
                self._delete(block)
            for position, (name, minutes) in enumerate(clean):
                self._insert(AgendaBlock, position=position, name=name, minutes=minutes)
            change.undo_by("_replace_agenda", before)
        return change


@dataclass(frozen=True)
class Spot:
    """Where a note was: its place and cluster, and its order there as the note that followed
    it (None: it was last) and its index. Undo puts it back next to that note, which stays
    right when notes came or went elsewhere in the place meanwhile."""
    note_id: int
    place: Place
    cluster_id: Optional[int]
    follower: Optional[int]
    index: int


def _order_of(ordered: Sequence[Base], row: Base) -> tuple[Optional[int], int]:
    """The id of the row after row in ordered (None: it is last) and row's index."""
    index = ordered.index(row)
    return (ordered[index + 1].id if index + 1 < len(ordered) else None), index


def _insert_at(order: list, row: Base, follower: Optional[int], index: int) -> None:
    """Puts row into order before follower, or last for None; at index (clamped) when the
    follower is no longer there."""
    ids = [r.id for r in order]
    if follower in ids:
        order.insert(ids.index(follower), row)
    else:
        order.insert(len(order) if follower is None else min(index, len(order)), row)


def _row_place(row: dict[str, Any]) -> Place:
    return Place(row["place"], row["stage_id"], row["lane_id"], row["section"])


def _deletion_of(removed: dict[type[Base], Sequence[dict[str, Any]]]) -> tuple:
    """The call that deletes again what Document._restore brought back."""
    for entity, method in ((Stage, "delete_stage"), (Lane, "delete_lane")):
        if entity in removed:
            return method, removed[entity][0]["id"]
    if Note in removed:
        return "delete_notes", [row["id"] for row in removed[Note]]
    if Vote in removed:
        return "_delete_votes", [row["id"] for row in removed[Vote]]
    return "_delete_round", removed[VotingRound][0]["number"]


DEFAULT_LANE_COLOR = "#FFE082"
# A lane with no colour of its own gets its role's, so a hand-written board is colourful too.
ROLE_COLORS = {
    "actions": "#FFE082", "touchpoints": "#90CAF9", "thoughts": "#CE93D8", "questions": "#CE93D8",
    "emotions": "#F48FB1", "pain_points": "#FFCC80", "opportunities": "#A5D6A7", "ideas": "#A5D6A7",
    "owners": "#80CBC4", "kpis": "#E0E0E0", "frontstage": "#90CAF9", "backstage": "#80CBC4",
    "evidence": "#E0E0E0",
}
_PLACE_COLUMNS = frozenset(("place", "stage_id", "lane_id", "section"))
_POSITION = ("position",)  # an integer column: no conversion

# English lane names that say their role (lower case, "&" and punctuation dropped).
_ROLE_NAMES = {
    "actions": "actions", "action": "actions", "doing": "actions", "customer actions": "actions",
    "touchpoints": "touchpoints", "touchpoint": "touchpoints", "channels": "touchpoints",
    "thoughts": "thoughts", "thinking": "thoughts", "thoughts questions": "thoughts",
    "questions": "questions", "emotions": "emotions", "feelings": "emotions",
    "emotional journey": "emotions", "pain points": "pain_points", "pains": "pain_points",
    "pain point": "pain_points", "opportunities": "opportunities", "opportunity": "opportunities",
    "ideas": "ideas", "owners": "owners", "owner": "owners", "ownership": "owners",
    "kpis": "kpis", "kpi": "kpis", "metrics": "kpis", "frontstage": "frontstage",
    "frontstage actions": "frontstage", "backstage": "backstage", "backstage actions": "backstage",
    "support processes": "backstage", "evidence": "evidence", "physical evidence": "evidence",
}


def role_for(name: str) -> str:
    """The role a lane gets from its name when none is given: a known English name, else custom."""
    words = re.sub(r"[^\w\s]", " ", name.lower()).split()
    key = " ".join(words)
    return _ROLE_NAMES.get(key) or _ROLE_NAMES.get(key.replace(" ", "_")) or (
        key.replace(" ", "_") if key.replace(" ", "_") in LANE_ROLES else "custom")


def _role(role: str) -> str:
    clean = str(role).strip().lower().replace(" ", "_")
    if clean not in LANE_ROLES:
        raise BoardError(f"Unknown lane role {role!r}; use one of {', '.join(LANE_ROLES)}.")
    return clean


def _tags(tags: Any) -> list[str]:
    return list(dict.fromkeys(t.strip() for t in _text_list(tags, "Tags") if t.strip()))


def _known(fields: dict[str, Any], allowed: Sequence[str], what: str) -> dict[str, Any]:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise BoardError(f"{what} has no field {sorted(unknown)[0]!r}.")
    return dict(fields)
