"""The board a PNG or PDF export carries (written with embed_board), for opening it again."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Optional

from app.model.interchange import InterchangeError

from . import pdf_attach, png

SUFFIXES = (".png", ".pdf")


def embedded_board(source: os.PathLike | str) -> Optional[dict[str, Any]]:
    """The board JSON inside an exported PNG or PDF, or None when it carries none."""
    source = Path(source)
    if not source.exists():
        raise InterchangeError(f"“{source.name}” does not exist.")
    if source.suffix.lower() == ".png":
        text = png.read_embedded_board(source)
        return None if text is None else json.loads(text)
    return pdf_attach.read_embedded_board(source)


def board_data_or_error(source: os.PathLike | str) -> dict[str, Any]:
    data = embedded_board(source)
    if data is None:
        raise InterchangeError(f"“{Path(source).name}” carries no board: export it with the board "
                               "inside (--embed-board, or the Export dialog's option) to share it.")
    return data
