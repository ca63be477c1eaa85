"""History: copies of a board kept in the user's data folder, so that a lane deleted yesterday
is not gone. A copy is kept when a board is opened for editing and after every ten minutes of
editing, taken with SQLite's backup API (store.save_copy), named by its time and note count,
and pruned by age and size while the last MIN_KEPT always stay.

Restoring one is a document call (HistoryEdits.replace_contents, inherited by Document): one
transaction, one undo step, like every other edit.
"""
from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from platformdirs import user_data_path

from . import store
from .entities import ENTITIES, AgendaTimer, Base, Board, Persona

EVERY_SECONDS = 10 * 60  # a copy after this much time spent editing
MIN_KEPT = 20  # the newest copies are kept whatever their age and size
MAX_AGE_DAYS = 60
MAX_BYTES = 500 * 1024 * 1024  # of one board's history, beyond the newest MIN_KEPT
_NAME = re.compile(r"^(\d{8}-\d{6}-\d{6}) (\d+) notes\.cjm$")
_STAMP = "%Y%m%d-%H%M%S"
_SINGLE = (Board, Persona, AgendaTimer)  # one row each, id 1, from the board's creation


@dataclass(frozen=True)
class Snapshot:
    path: Path
    when: float  # epoch seconds
    notes: int


def history_folder(board: os.PathLike | str) -> Path:
    """Where one board's copies live: named by a hash of its real path (a path may hold any bytes)."""
    key = hashlib.sha256(os.fsencode(os.path.realpath(board))).hexdigest()[:20]
    return user_data_path("journeywall", appauthor=False) / "history" / key


def keep_snapshot(doc, now: Optional[float] = None) -> Optional[Snapshot]:
    """Keeps a copy of an open board as it is now, then prunes; None for a board with no file."""
    if doc.path is None:
        return None
    now = time.time() if now is None else now
    folder = history_folder(doc.path)
    folder.mkdir(parents=True, exist_ok=True)
    micro = int(now * 1_000_000) % 1_000_000
    notes = len(doc.notes())
    target = folder / f"{time.strftime(_STAMP, time.localtime(now))}-{micro:06d} {notes} notes.cjm"
    store.save_copy(doc.file, target)
    prune(folder, now)
    return Snapshot(target, now, notes)


def snapshots(board: os.PathLike | str) -> list[Snapshot]:
    """A board's kept copies, newest first."""
    return _kept_in(history_folder(board))


def _kept_in(folder: Path) -> list[Snapshot]:
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return []
    found = []
    for name in names:
        match = _NAME.match(name)
        if match:
            stamp, micro = match.group(1).rsplit("-", 1)
            when = time.mktime(time.strptime(stamp, _STAMP)) + int(micro) / 1_000_000
            found.append(Snapshot(folder / name, when, int(match.group(2))))
    return sorted(found, key=lambda s: s.when, reverse=True)


def prune(folder: Path, now: float) -> list[Path]:
    """Removes copies beyond the newest MIN_KEPT that are older than MAX_AGE_DAYS or, oldest
    first, make the history larger than MAX_BYTES; returns what it removed."""
    kept = _kept_in(folder)
    total = sum(s.path.stat().st_size for s in kept)
    removed = []
    for snapshot in reversed(kept[MIN_KEPT:]):  # oldest first
        if now - snapshot.when > MAX_AGE_DAYS * 86400 or total > MAX_BYTES:
            total -= snapshot.path.stat().st_size
            snapshot.path.unlink()
            removed.append(snapshot.path)
    return removed


class Recorder:
    """Keeps a copy of a board when it starts recording and after every EVERY_SECONDS of
    editing: the first edit after that long since the last copy takes the next one."""

    def __init__(self, doc, clock: Callable[[], float] = time.time):
        self.doc = doc
        self.clock = clock
        self.last = clock()
        keep_snapshot(doc, self.last)
        doc.subscribe(self._changed)

    def _changed(self, _change) -> None:
        now = self.clock()
        if now - self.last >= EVERY_SECONDS:
            self.last = now
            try:
                keep_snapshot(self.doc, now)
            except (store.BoardFileError, OSError):  # a full disk: the edit itself is saved; try later
                pass

    def stop(self) -> None:
        self.doc.unsubscribe(self._changed)


def board_rows(doc) -> dict[type[Base], list[dict[str, Any]]]:
    """Every row of an open board, by entity: what replace_contents() puts back."""
    return {entity: [row.row() for row in doc.rows(entity)] for entity in ENTITIES}


class HistoryEdits:
    """The document call that puts a kept copy's rows in place of the board's (Document
    inherits it)."""

    def replace_contents(self, rows: dict[type[Base], Sequence[dict[str, Any]]],
                         label: str = "Restore from history"):
        """Makes the board what rows say (every entity's rows, as board_rows() gives them), in
        one transaction; its undo puts the board back as it was."""
        before = board_rows(self)
        with self._edit(label) as change:
            for entity in reversed(ENTITIES):  # children first: no reference is left dangling
                for row in list(self._rows[entity].values()):
                    if entity not in _SINGLE:
                        self._delete(row)
            for entity in ENTITIES:
                for values in rows.get(entity, ()):
                    if entity in _SINGLE:
                        self._update(self._rows[entity][(1,)], **values)
                    else:
                        self._insert(entity, **values)
            change.undo_by("replace_contents", before, label)
        return change
