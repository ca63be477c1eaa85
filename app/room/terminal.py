"""`journeywall room BOARD.cjm`: a room with no window. It prints the join link, the room
code and a QR code for the terminal; with no facilitator at a screen, notes are accepted as
they come (each printed), straight into the board file. Ctrl+C, or the time limit, ends it."""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Optional, TextIO

from app.model.document import Document

from .limits import RoomLimits
from .network import lan_address
from .qr import qr_text
from .session import RoomSession


def serve_in_terminal(board: Path, address: Optional[str], port: int, seconds: Optional[float],
                      out: TextIO = sys.stdout) -> None:
    chosen = lan_address() if address is None else None
    ip = address or chosen.ip
    with Document.open(board) as doc:
        def commit(call):
            change = call()
            note = doc.note(change.result)
            print(f"On the board: “{note.text}” from {note.source}", file=out, flush=True)
            return change

        session = RoomSession(doc, commit, ip, port, RoomLimits(), ended_grace=3.0)
        session.room.set_auto_accept(True)
        url = session.start()
        print(qr_text(url), file=out)
        print(f"Join: {url}\nRoom code: {session.room.code}", file=out)
        if chosen is not None and chosen.advice:
            print(chosen.advice, file=out)
        print("Press Ctrl+C to stop inviting.", file=out, flush=True)
        deadline = None if seconds is None else time.monotonic() + seconds
        try:
            while deadline is None or time.monotonic() < deadline:
                session.serve(0.05, wait=0.1)
        except KeyboardInterrupt:
            pass
        finally:
            session.stop()
        print("The room is closed: its link no longer works.", file=out, flush=True)
