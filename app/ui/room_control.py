"""Workshop › Invite the Room: a window's room session, its inbox panel and its QR dialog.

The GUI thread is the board's thread: a timer runs the phones' waiting requests every few
milliseconds, a few milliseconds at a time, so a burst from thirty phones is spread over many
frames instead of freezing one. A note the facilitator accepts (or that is accepted
automatically) is one document call on the window's undo stack; the scene follows it like any
edit."""
from __future__ import annotations

import time
from typing import Optional

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow

from app.room.limits import RoomLimits
from app.room.network import Address, lan_address
from app.room.room import RoomError
from app.room.session import RoomSession

from .board_scene import BoardScene
from .commands import perform
from .room_dialog import RoomDialog
from .room_inbox import RoomInbox

PORT_KEY = "room/port"
SERVE_EVERY_MS = 16  # a frame's time: between two ticks the window paints
SERVE_BUDGET_S = 0.006  # of each tick: the rest of the frame stays the window's
PANEL_EVERY_S = 0.25  # the panel follows the room four times a second: people read it, not a meter
ENDED_GRACE_S = 3.0  # after Stop, phones that were between two requests still hear it ended


class RoomControl:
    def __init__(self, window: QMainWindow, scene: BoardScene):
        self.window, self.scene = window, scene
        self.session: Optional[RoomSession] = None
        self.inbox: Optional[RoomInbox] = None
        self.dock: Optional[QDockWidget] = None
        self.dialog: Optional[RoomDialog] = None
        self.advice = ""
        self._dirty = False
        self._panel_shown_at = 0.0
        self.timer = QTimer()
        self.timer.setInterval(SERVE_EVERY_MS)
        self.timer.timeout.connect(self._serve)

    @property
    def running(self) -> bool:
        return self.session is not None

    def start(self, address: Optional[Address] = None, port: Optional[int] = None,
              limits: Optional[RoomLimits] = None) -> str:
        """Serves the room on address (the laptop's LAN address by default) and port (the one
        used last, else any free one); returns the join URL. Raises OSError when it cannot."""
        if self.session is not None:
            return self.session.url
        address = address or lan_address()
        remembered = int(QSettings().value(PORT_KEY, 0) or 0)
        session = RoomSession(self.scene.doc, lambda call: perform(self.scene.stack, self.scene.doc, call),
                              address.ip, remembered if port is None else port, limits, self._changed, ENDED_GRACE_S)
        try:
            url = session.start()
        except OSError:
            if port is not None or not remembered:
                raise
            session = RoomSession(self.scene.doc, session.room.commit, address.ip, 0, limits, self._changed,
                                  ENDED_GRACE_S)
            url = session.start()  # the remembered port is taken now: any free one
        self.session, self.advice = session, address.advice
        QSettings().setValue(PORT_KEY, session.server.port)
        self.inbox = RoomInbox(session.room, self.stop, self.show_code, self.pin_focused_cell)
        self.inbox.failed.connect(lambda message: self.window.statusBar().showMessage(message, 8000))
        self.dock = QDockWidget("Room", self.window)
        self.dock.setObjectName("room")
        self.dock.setWidget(self.inbox)
        self.window.addDockWidget(Qt.RightDockWidgetArea, self.dock)
        self.timer.start()
        return url

    def stop(self) -> None:
        """Stop Inviting: phones see that the session ended; the link works no more."""
        if self.session is None:
            return
        self.timer.stop()
        self.session.stop(wait=False)  # the window goes on; the port closes after the grace
        self.session = None
        if self.dialog is not None:
            self.dialog.close()
            self.dialog = None
        if self.dock is not None:
            self.window.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = self.inbox = None
        self.window.statusBar().showMessage("The room is closed: its link no longer works.", 8000)

    def show_code(self) -> RoomDialog:
        """The QR dialog (again), over the projector's window while presenting."""
        if self.dialog is None:
            parent = getattr(self.window, "presenter", None) or self.window
            self.dialog = RoomDialog(self.session.url, self.session.room.code, self.advice, parent)
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def pin_focused_cell(self) -> None:
        """Asks the phones about the focused cell only; again, and they write anywhere."""
        room = self.session.room
        place = None if room.pinned is not None else self.scene.focused_cell
        if room.pinned is None and place is None:
            self.window.statusBar().showMessage("Click the cell to ask the room about first.", 8000)
            return
        try:
            room.pin(place)
        except RoomError as error:
            self.window.statusBar().showMessage(str(error), 8000)
        self.inbox.refresh()

    def _changed(self) -> None:
        self._dirty = True  # the panel follows a few times a second, not once per note of a burst

    def _serve(self) -> None:
        if self.session is None:
            return
        self.session.serve(SERVE_BUDGET_S)
        now = time.monotonic()
        if self._dirty and self.inbox is not None and now - self._panel_shown_at >= PANEL_EVERY_S:
            self._dirty, self._panel_shown_at = False, now
            self.inbox.refresh()
