"""Starting the app: which board to show, one window per board, one running instance per user.

A second `journeywall BOARD.cjm` (or a double-click on a board) hands the path to the running
instance over a local socket and exits, so a board is never opened read-only against itself."""
from __future__ import annotations

import gc
import getpass
import hashlib
import os
import sys
import traceback
from pathlib import Path
from typing import Callable, Optional, Sequence

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.model import drafts, store
from app.model.document import BoardError, Document
from app.model.interchange import import_board, import_file

from .board_opening import lay_out_answering
from .fonts import load_fonts
from .main_window import MainWindow, recent_boards

HANDOVER_TIMEOUT_MS = 1500


def server_name() -> str:
    """The running instance's address: one per user and per graphical session and display, so
    that a launch on another display (a second login, a remote session) starts a window there
    rather than handing its board to a window the user cannot see."""
    where = "|".join(os.environ.get(name, "") for name in
                     ("XDG_SESSION_ID", "WAYLAND_DISPLAY", "DISPLAY", "QT_QPA_PLATFORM"))
    return f"journeywall-{getpass.getuser()}-{hashlib.sha1(where.encode('utf-8', 'replace')).hexdigest()[:12]}"


class Boards:
    """The open windows, at most one per board file.

    window_hooks add to each new window (File › Export… comes from app/export this way);
    importers turn other files (an exported PNG or PDF) into board JSON data by suffix."""

    def __init__(self, window_hooks: Sequence[Callable[[MainWindow], None]] = (),
                 importers: Optional[dict[str, Callable[[str], dict]]] = None) -> None:
        self.windows: list[MainWindow] = []
        self.window_hooks = tuple(window_hooks)
        self.importers = dict(importers or {})

    def window_of(self, path: str) -> Optional[MainWindow]:
        key = os.path.realpath(path)
        for window in self.windows:
            if window.doc.path is not None and os.path.realpath(window.doc.path) == key:
                return window
        return None

    def open_path(self, path: str, parent: Optional[QWidget] = None) -> Optional[MainWindow]:
        """Shows a board (a .json is imported into a new untitled board first); a bad file gets
        a clear message and changes nothing."""
        existing = self.window_of(path)
        if existing is not None:
            bring_forward(existing)
            return existing
        suffix = Path(path).suffix.lower()
        try:
            if suffix == ".json":
                doc = import_file(path, drafts.new_draft_path(Path(path).stem))
            elif suffix in self.importers:
                doc = import_board(self.importers[suffix](path), drafts.new_draft_path(Path(path).stem))
            else:
                doc = Document.open(path)
        except (BoardError, store.BoardFileError) as error:
            QMessageBox.warning(parent, "Journey Wall", f"“{store.shown(os.path.basename(path))}” could not be opened.\n\n{error}")
            return None
        return self.show(doc, parent)

    def show(self, doc: Document, parent: Optional[QWidget] = None) -> Optional[MainWindow]:
        """Shows a board in a new window (None: the facilitator cancelled a long open)."""
        name = store.shown(doc.path.name) if doc.path is not None else doc.board.title
        surface = lay_out_answering(doc, name, parent)
        if surface is None:
            doc.close()
            return None
        window = MainWindow(doc, self, surface)
        for hook in self.window_hooks:
            hook(window)
        window.setAttribute(Qt.WA_DeleteOnClose)
        window.destroyed.connect(lambda _=None, w=window: self.windows.remove(w) if w in self.windows else None)
        self.windows.append(window)
        window.show()
        # A board's rows, layout and items live as long as its window: leave them out of the
        # full garbage collections, which find nothing to free in them and, on a 10,000-note
        # board, took 130-140 ms every few dozen edits.
        gc.freeze()
        return window


def bring_forward(window: QWidget) -> None:
    window.show()
    window.raise_()
    window.activateWindow()


def hand_over_to_running_instance(path: Optional[str]) -> bool:
    """Sends the path to the Journey Wall running in this session and display; True when it
    took it (this launch then says so and ends)."""
    socket = QLocalSocket()
    socket.connectToServer(server_name())
    if not socket.waitForConnected(HANDOVER_TIMEOUT_MS):
        return False
    socket.write(QByteArray(os.fsencode(path or "")))  # bytes: a name need not be UTF-8
    socket.flush()
    socket.waitForBytesWritten(HANDOVER_TIMEOUT_MS)
    socket.disconnectFromServer()
    print("Journey Wall is already running on this display; "
          + ("the board was opened there." if path else "its window was brought forward."), file=sys.stderr)
    return True


def listen_for_other_instances(boards: Boards) -> QLocalServer:
    server = QLocalServer()
    server.setSocketOptions(QLocalServer.UserAccessOption)
    if not server.listen(server_name()):
        QLocalServer.removeServer(server_name())  # left behind by a crashed instance
        server.listen(server_name())

    def receive() -> None:
        socket = server.nextPendingConnection()

        def read() -> None:
            path = os.fsdecode(bytes(socket.readAll())).strip()
            if path:
                boards.open_path(path)
            elif boards.windows:
                bring_forward(boards.windows[-1])
        socket.disconnected.connect(read)
    server.newConnection.connect(receive)
    return server


def first_board() -> str:
    """With no board named: the last one used, else the sample board."""
    recent = recent_boards()
    return recent[0] if recent else str(drafts.sample_board())


def report_unexpected_errors() -> None:
    """An error nobody foresaw shows a message instead of vanishing into a terminal; the board
    is safe either way, since every edit that returned is already in its file."""
    def hook(kind, error, trace) -> None:
        traceback.print_exception(kind, error, trace)
        if QApplication.instance() is not None and kind is not KeyboardInterrupt:
            QMessageBox.critical(None, "Journey Wall", "Something went wrong that Journey Wall did not expect:\n\n"
                                 f"{error}\n\nYour board is saved up to the last change. Please tell us what you "
                                 "were doing.")
    sys.excepthook = hook


def run_app(argv: list[str], window_hooks: Sequence[Callable[[MainWindow], None]] = (),
            importers: Optional[dict[str, Callable[[str], dict]]] = None) -> int:
    path = os.path.abspath(argv[0]) if argv else None
    QApplication.setOrganizationName("JourneyWall")
    QApplication.setApplicationName("Journey Wall")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if hand_over_to_running_instance(path):
        return 0
    load_fonts()
    report_unexpected_errors()
    QSettings()  # settings follow the organisation and application names above
    boards = Boards(window_hooks, importers)
    server = listen_for_other_instances(boards)
    window = boards.open_path(path or first_board())
    if window is None:
        window = boards.open_path(str(drafts.sample_board()))
    if window is None:
        return 1
    code = app.exec()
    server.close()
    # Mime data still on the clipboard would be deleted during interpreter shutdown, which
    # crashes the process on its way out (seen with PySide6 6.11.3).
    QApplication.clipboard().clear()
    return code
