"""Rooms on 127.0.0.1 for the tests, phones over plain HTTP, and the board's thread.

A test's own thread is the board's thread (the document is used on the thread that opened
it): phone requests run on a worker thread while the test thread serves the room, as the
window's timer and `journeywall room` do."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Optional

import pytest

from app.model.document import Document, Place
from app.model.templates import template
from app.room.limits import RoomLimits
from app.room.session import RoomSession

REQUEST_TIMEOUT = 30  # seconds a phone's request may take before the test fails


class Phone:
    """One phone: its requests to the room (status and JSON), and its key once it joined."""

    def __init__(self, url: str):
        self.url = url
        self.key = ""

    def send(self, method: str, path: str, body: Any = None, *, raw: Optional[bytes] = None,
             url: Optional[str] = None) -> tuple[int, Any]:
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        request = urllib.request.Request((url or self.url) + path, data=data, method=method,
                                         headers={"X-Phone": self.key, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:
                return response.status, _json(response.read())
        except urllib.error.HTTPError as error:
            return error.code, _json(error.read())

    def join(self, name: str = "") -> "Phone":
        status, answer = self.send("POST", "api/join", {"name": name})
        assert status == 200, answer
        self.key = answer["phone"]
        return self

    def note(self, place: Place, text: str) -> tuple[int, Any]:
        where = {"section": place.section} if place.kind == "empathy" else {"stage": place.stage_id, "lane": place.lane_id}
        return self.send("POST", "api/notes", {**where, "text": text})


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")


def on_phones(session: RoomSession, work: Callable[[], Any], timeout: float = 60) -> Any:
    """Runs work (phone requests) on a worker thread while this thread serves the room."""
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(work)
        while not future.done():
            session.serve(0.05, wait=0.01)
        return future.result(timeout=timeout)


@pytest.fixture
def room_session(doc):
    """A room on 127.0.0.1 whose accepted notes go straight to the document (no undo stack)."""
    session = RoomSession(doc, commit=lambda call: call(), limits=RoomLimits(notes_per_minute=30, phones=5))
    session.start()
    yield session
    session.stop()


@pytest.fixture
def first_cell(doc: Document) -> Place:
    return Place.cell(doc.stages()[0].id, doc.lanes()[0].id)


@pytest.fixture
def window(qtbot, tmp_path):
    """A main window on a current-state board (as in tests/ui)."""
    from app.ui.application import Boards
    from app.ui.fonts import load_fonts
    load_fonts()
    doc = Document.create(tmp_path / "board.cjm", lambda d: template("current-state").apply(d))
    win = Boards().show(doc)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    qtbot.waitExposed(win)
    yield win


def open_room(window, limits: Optional[RoomLimits] = None) -> str:
    """Invite the Room on 127.0.0.1 (the tests never use the machine's network); the URL."""
    from app.room.network import Address
    return window.workshop.room.start(Address("127.0.0.1", ""), 0, limits)


def in_background(qtbot, work: Callable[[], Any], timeout_ms: int = 60_000) -> Any:
    """Runs work (phones, a browser) on a worker thread while the window's event loop runs,
    which serves the room."""
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(work)
        qtbot.waitUntil(future.done, timeout=timeout_ms)
        return future.result()
