"""The room's HTTP server (aiohttp) on its own thread and asyncio loop.

It binds to the one address it is given (never all interfaces), serves the phone page from
resources/room and a small JSON API, all under /j/<secret>/: any other path, or a wrong secret,
gets 403 and nothing else. It checks what it can without the board (the secret, the body's
size and shape, a phone's rate) and hands the rest to the board's thread through a HostQueue,
answering only when that call has returned (after its commit). It never touches the document
or a Qt object.

Phones follow changes by long polling /api/wait: the board's thread calls notify() after each
change, which wakes the waiting requests; at stop() they all hear "ended" before the port closes.
"""
from __future__ import annotations

import asyncio
import json
import secrets
import threading
from importlib import resources
from typing import Any, Callable, Optional

from aiohttp import web

from app.model.document import Place

from .host import HostQueue
from .limits import RateLimiter, RoomLimits
from .room import Room, RoomError

PAGE_FILES = {"": ("index.html", "text/html"), "room.js": ("room.js", "text/javascript"),
              "room.css": ("room.css", "text/css")}
WAIT_SECONDS = 20.0  # a long poll's longest wait: below the idle timeouts of phones and Wi-Fi
VOTES_PER_MINUTE = 120
HEADERS = {
    # Only the app's own page and script; no inline script, no framing, no referrer (the link
    # holds the secret), nothing cached on a shared phone.
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
                               "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; "
                               "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class RoomServer:
    def __init__(self, room: Room, host_queue: HostQueue, address: str = "127.0.0.1", port: int = 0,
                 ended_grace: float = 0.0):
        self.room, self.host_queue = room, host_queue
        # Seconds the server goes on answering "ended" (410) after stop(), so that a phone
        # between two requests (redrawing, or waking up) hears it too, not only those waiting.
        self.ended_grace = ended_grace
        self.address, self.port = address, port
        self.secret = secrets.token_urlsafe(16)  # 128 random bits, new for every session
        self.limits: RoomLimits = room.limits
        self._notes_rate = RateLimiter(self.limits.notes_per_minute)
        self._votes_rate = RateLimiter(VOTES_PER_MINUTE)
        self._page = {name: resources.files("resources").joinpath("room", file).read_bytes()
                      for name, (file, _type) in PAGE_FILES.items()}
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._thread: Optional[threading.Thread] = None
        self._ready = threading.Event()
        self._failure: Optional[BaseException] = None
        self._version = 0
        self._changed: Optional[asyncio.Event] = None
        self._stop: Optional[asyncio.Event] = None
        self.ended = False

    @property
    def url(self) -> str:
        host = f"[{self.address}]" if ":" in self.address else self.address
        return f"http://{host}:{self.port}/j/{self.secret}/"

    # ------------------------------------------------------------ the thread

    def start(self) -> str:
        """Binds and serves; returns the join URL. Raises OSError when the address or port
        cannot be had (the port is in use, the address is not this machine's)."""
        self._thread = threading.Thread(target=self._run, name="room-server", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._failure is not None:
            self._thread.join()
            raise self._failure
        return self.url

    def stop(self, wait: bool = True) -> None:
        """Ends the session: from now on every request hears that it ended (waiting phones at
        once), and after ended_grace the port closes. wait: block until it has."""
        if self._loop is None or self._thread is None or not self._thread.is_alive():
            return
        self._loop.call_soon_threadsafe(self._end)
        if wait:
            self._thread.join(timeout=self.ended_grace + 5)

    def notify(self) -> None:
        """From the board's thread: something phones see changed."""
        if self._loop is not None and not self._loop.is_closed():
            try:
                self._loop.call_soon_threadsafe(self._bump)
            except RuntimeError:  # the loop closed meanwhile: nobody is waiting
                pass

    def _run(self) -> None:
        loop = self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            runner = loop.run_until_complete(self._open())
        except BaseException as error:
            self._failure = error
            self._ready.set()
            loop.close()
            return
        self._ready.set()
        loop.run_until_complete(self._stop.wait())
        loop.run_until_complete(runner.cleanup())
        loop.close()

    async def _open(self) -> web.AppRunner:
        self._changed, self._stop, self._ending = asyncio.Event(), asyncio.Event(), asyncio.Event()
        app = web.Application(client_max_size=self.limits.body_bytes, middlewares=[self._guard])
        app.router.add_route("*", "/{path:.*}", self._dispatch)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.5)
        await runner.setup()
        site = web.TCPSite(runner, self.address, self.port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self.port = runner.addresses[0][1]
        return runner

    def _bump(self) -> None:
        self._version += 1
        self._changed.set()
        self._changed = asyncio.Event()

    def _end(self) -> None:
        self.ended = True
        self._ending.set()  # the phones whose calls wait for the board's thread hear it too
        self._bump()  # the waiting phones answer "ended" before the port closes
        asyncio.get_running_loop().call_later(self.ended_grace, self._stop.set)

    # ------------------------------------------------------------ requests

    @web.middleware
    async def _guard(self, request: web.Request, handler) -> web.StreamResponse:
        """The secret first, then the answer, with the security headers on every response."""
        if self._rest(request) is None:
            response = _refusal(403, "This link does not open a room. Scan the room's QR code again.")
        elif self.ended:
            response = _refusal(410, "The session has ended.")
        else:
            try:
                response = await handler(request)
            except RoomError as error:
                response = _refusal(error.status, str(error))
            except web.HTTPRequestEntityTooLarge:
                response = _refusal(413, f"A request has at most {self.limits.body_bytes} bytes.")
        response.headers.update(HEADERS)
        return response

    def _rest(self, request: web.Request) -> Optional[str]:
        """The path after /j/<secret>/, or None when the path does not carry this session's secret."""
        parts = request.path.split("/", 3)  # "", "j", secret, rest
        if len(parts) < 4 or parts[1] != "j" or not secrets.compare_digest(parts[2].encode(), self.secret.encode()):
            return None
        return parts[3]

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        rest, method = self._rest(request), request.method
        if rest in PAGE_FILES and method == "GET":
            return web.Response(body=self._page[rest], content_type=PAGE_FILES[rest][1], charset="utf-8")
        if not rest.startswith("api/"):
            raise RoomError(404, "There is no such page here.")
        route = (method, *rest[4:].split("/"))
        if route == ("POST", "join"):
            body = await _json_body(request)
            name = _field(body, "name", str, "")
            return await self._on_board(lambda: self.room.join(name))
        if route == ("GET", "wait"):
            return await self._wait(request)
        phone = request.headers.get("X-Phone", "")
        if not phone:
            raise RoomError(403, "This phone has not joined the room: open the room's link again.")
        if route == ("GET", "state"):
            return await self._on_board(lambda: self.room.state(phone))
        if route == ("GET", "board"):
            return await self._on_board(lambda: self.room.board(phone))
        if route == ("POST", "notes"):
            body = await _json_body(request)
            place, text = _place(body), _field(body, "text", str)
            self._rate(self._notes_rate, phone)
            return await self._on_board(lambda: self.room.submit(phone, place, text))
        if len(route) == 4 and route[:2] == ("POST", "notes") and route[3] in ("edit", "withdraw"):
            submission_id = _id(route[2])
            body = await _json_body(request)
            self._rate(self._notes_rate, phone)
            if route[3] == "edit":
                text = _field(body, "text", str)
                return await self._on_board(lambda: self.room.edit(phone, submission_id, text))
            return await self._on_board(lambda: self.room.withdraw(phone, submission_id))
        if route == ("POST", "votes"):
            body = await _json_body(request)
            note_id, give = _field(body, "note", int), _field(body, "give", bool)
            self._rate(self._votes_rate, phone)
            return await self._on_board(lambda: self.room.vote(phone, note_id, give))
        raise RoomError(404, "There is no such request here.")

    async def _on_board(self, call: Callable[[], Any]) -> web.Response:
        """Runs call on the board's thread and answers with what it returned, as JSON; a call
        still queued when the session ends is never run, and its phone hears that it ended."""
        result = self.host_queue.call(call)
        ending = asyncio.ensure_future(self._ending.wait())
        try:
            await asyncio.wait({result, ending}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            ending.cancel()
        if not result.done():
            result.cancel()  # (the board's thread skips it: HostQueue.drain)
            return _refusal(410, "The session has ended.")
        return web.json_response(result.result())

    def _rate(self, limiter: RateLimiter, phone: str) -> None:
        if not limiter.allow(phone):
            raise RoomError(429, "Slow down a little: this phone sent many notes in the last minute.")

    async def _wait(self, request: web.Request) -> web.Response:
        """Answers when something changed since version v (at once if it already has), or
        after WAIT_SECONDS; "ended" tells the phone the session is over."""
        seen = request.query.get("v", "")
        if seen == str(self._version) and not self.ended:
            changed = self._changed
            try:
                await asyncio.wait_for(changed.wait(), WAIT_SECONDS)
            except asyncio.TimeoutError:
                pass
        return web.json_response({"v": str(self._version), "ended": self.ended})


def _refusal(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def _json_body(request: web.Request) -> dict[str, Any]:
    raw = await request.read()  # over client_max_size: HTTPRequestEntityTooLarge
    if not raw:
        return {}
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise RoomError(400, "The request is not JSON.") from None
    if not isinstance(body, dict):
        raise RoomError(400, "The request must be a JSON object.")
    return body


_MISSING = object()


def _field(body: dict[str, Any], key: str, kind: type, default: Any = _MISSING) -> Any:
    value = body.get(key, default)
    if value is _MISSING:
        raise RoomError(400, f"The request needs “{key}”.")
    # JSON's true is no number, and 1 is no yes.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise RoomError(400, f"“{key}” has the wrong type.")
    return value


def _place(body: dict[str, Any]) -> Place:
    if "section" in body:
        return Place.empathy(_field(body, "section", str))
    return Place.cell(_field(body, "stage", int), _field(body, "lane", int))


def _id(text: str) -> int:
    if not text.isdigit() or len(text) > 12:
        raise RoomError(404, "There is no such note here.")
    return int(text)
