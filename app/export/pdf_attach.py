"""The board's JSON attached to a PDF (an embedded file), so a shared PDF opens again as the board.

ReportLab cannot attach files; pypdf adds the attachment to the finished PDF, keeping its pages,
outline and metadata.
"""
from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any, Optional

ATTACHMENT_NAME = "journeywall-board.json"


def attach_board(pdf: bytes, board_json: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_attachment(ATTACHMENT_NAME, board_json.encode("utf-8"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def read_embedded_board(pdf_path: os.PathLike | str) -> Optional[dict[str, Any]]:
    """The board JSON (as interchange.board_to_json made it) attached to a PDF, or None when the
    PDF carries none. Raises InterchangeError when the file is not a readable PDF or the
    attachment is not a board."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    from app.model.interchange import FORMAT, InterchangeError

    path = Path(pdf_path)
    try:
        reader = PdfReader(path)
        attachments = reader.attachments
        data = attachments.get(ATTACHMENT_NAME)
    except FileNotFoundError:
        raise InterchangeError(f"“{path.name}” does not exist.") from None
    except (PdfReadError, OSError, ValueError, KeyError) as error:
        raise InterchangeError(f"“{path.name}” is not a readable PDF ({error}).") from None
    if not data:
        return None
    try:
        board = json.loads(data[0].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InterchangeError(f"The board attached to “{path.name}” is damaged ({error}).") from None
    if not isinstance(board, dict) or board.get("format") != FORMAT:
        raise InterchangeError(f"The file attached to “{path.name}” is not a Journey Wall board.")
    return board
