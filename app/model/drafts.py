"""Where boards live before the user names them: the user's data folder (platformdirs), so an
untitled board is on disk from its first note and survives a crash."""
from __future__ import annotations

import importlib.resources
from pathlib import Path

from platformdirs import user_data_path

from .document import Document
from .interchange import import_board, read_json
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
