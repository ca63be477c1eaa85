"""Where boards live before the user names them: the user's data folder (platformdirs), so an
untitled board is on disk from its first note and survives a crash."""
from __future__ import annotations

import importlib.resources
import json
import os
from pathlib import Path

from platformdirs import user_data_path

from .document import BoardError, Document
from .interchange import import_board, read_json
from . import store
from .store import BOARD_SUFFIX
from .templates import template

SAMPLE = "paige-saas.json"


def drafts_folder() -> Path:
    folder = user_data_path("journeywall", appauthor=False) / "boards"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def is_draft(path: Path) -> bool:
    return Path(path).resolve().parent == drafts_folder().resolve()


def new_draft_path(stem: str = "Untitled board") -> Path:
    folder = drafts_folder()
    for number in range(1, 10_000):
        suffix = "" if number == 1 else f" {number}"
        path = folder / f"{stem}{suffix}{BOARD_SUFFIX}"
        if not path.exists():
            return path
    raise RuntimeError("too many untitled boards")  # pragma: no cover


def create_draft(template_name: str, title: str = "") -> Document:
    """A new untitled board from a template, already saved in the drafts folder."""
    chosen = template(template_name)
    return Document.create(new_draft_path(), lambda doc: chosen.apply(doc, title or None))


def sample_board() -> Path:
    """The first-run sample board, made from the bundled sample once and reused after."""
    path = drafts_folder() / f"Sample – Paige's journey{BOARD_SUFFIX}"
    if not path.exists():
        source = importlib.resources.files("resources") / "samples" / SAMPLE
        with importlib.resources.as_file(source) as sample:
            import_board(read_json(sample), path).close()
    return path


# ---------------------------------------------------------------- notes being written

# A new note is in its board from the moment the editor opens on it, empty; a crash before any
# text was typed would leave it there. Such notes are listed here (board -> note ids) while they
# are being written, and the next window on the board removes those still empty.
UNFINISHED = "unfinished-notes.json"


def _unfinished_path() -> Path:
    return drafts_folder().parent / UNFINISHED


def _read_unfinished() -> dict[str, list[int]]:
    try:
        data = json.loads(_unfinished_path().read_text("utf-8"))
    except (OSError, ValueError):  # none yet, or half written by a crash: nothing to remember
        return {}
    return data if isinstance(data, dict) else {}


def _write_unfinished(data: dict[str, list[int]]) -> None:
    text = json.dumps({board: ids for board, ids in data.items() if ids}).encode("utf-8")
    store.write_atomically(_unfinished_path(), lambda tmp: tmp.write_bytes(text), replace=True)


def _board_key(doc: Document) -> str:
    return os.fsencode(os.path.realpath(doc.path)).decode("utf-8", "surrogateescape")


def note_started(doc: Document, note_id: int) -> None:
    """A new, empty note's editing began."""
    data = _read_unfinished()
    data.setdefault(_board_key(doc), []).append(note_id)
    _write_unfinished(data)


def note_finished(doc: Document, note_id: int) -> None:
    """Its editing ended (with text, or the empty note was taken away)."""
    data = _read_unfinished()
    ids = data.get(_board_key(doc), [])
    if note_id in ids:
        ids.remove(note_id)
        _write_unfinished(data)


def remove_unfinished_notes(doc: Document) -> list[int]:
    """Deletes the notes of this board whose editing a crash cut short before any text was
    typed; returns their ids. A note that got text, or a picture, stays."""
    if doc.read_only or doc.path is None:
        return []
    data = _read_unfinished()
    ids = data.pop(_board_key(doc), [])
    if not ids:
        return []
    empty = [i for i in ids if isinstance(i, int) and doc.has_note(i)
             and not doc.note(i).text.strip() and doc.note(i).image is None]
    try:
        if empty:
            doc.delete_notes(empty)
        _write_unfinished(data)
    except (BoardError, store.BoardFileError):  # the board cannot take it now: try next time
        return []
    return empty
