"""One room session: the room, its server and the hand-over between them, started and stopped
together. The window and `journeywall room` both use it; the caller's thread is the board's
thread and must call serve() often (the window from a timer, the terminal in a loop)."""
from __future__ import annotations

from typing import Callable, Optional

from app.model.document import Document

from .host import HostQueue
from .limits import RoomLimits
from .room import Commit, Room
from .server import RoomServer


class RoomSession:
    def __init__(self, doc: Document, commit: Commit, address: str = "127.0.0.1", port: int = 0,
                 limits: Optional[RoomLimits] = None, on_change: Callable[[], None] = lambda: None,
                 ended_grace: float = 0.0):
        self.host = HostQueue()
        self.room = Room(doc, commit, limits or RoomLimits(), on_change=self._changed)
        self.server = RoomServer(self.room, self.host, address, port, ended_grace)
        self._on_change = on_change

    def start(self) -> str:
        """Serves the room; returns the join URL (OSError when the address or port is taken)."""
        try:
            return self.server.start()
        except BaseException:
            self.room.close()
            raise

    def stop(self, wait: bool = True) -> None:
        """Ends the session: phones hear it ended, the link stops working, the port closes
        (after the server's ended_grace; wait: block until then)."""
        self.server.stop(wait)
        self.room.close()  # requests still queued are never run: their phones hear it ended

    def serve(self, budget: float = 0.008, wait: float = 0.0) -> int:
        """Runs the phones' requests that are waiting, for about budget seconds: as one batch,
        so the window lays out and paints the notes of a burst once."""
        with self.room.doc.batched():
            return self.host.drain(budget, wait)

    @property
    def url(self) -> str:
        return self.server.url

    def _changed(self) -> None:
        self.server.notify()
        self._on_change()
