"""The hand-over between the server's thread and the board's thread (the GUI thread, or the
CLI's main thread). The server never touches the document: it queues a call here and awaits
its result, which the board's thread sets once the call (and its commit) is done."""
from __future__ import annotations

import asyncio
import queue
import time
from typing import Any, Callable


class HostQueue:
    def __init__(self) -> None:
        self._calls: "queue.Queue[tuple[Callable[[], Any], asyncio.AbstractEventLoop, asyncio.Future]]" = queue.Queue()

    def call(self, fn: Callable[[], Any]) -> "asyncio.Future":
        """From the server's loop: runs fn on the board's thread; the future gets its result
        or its exception."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._calls.put((fn, loop, future))
        return future

    def waiting(self) -> int:
        """How many calls wait for the board's thread."""
        return self._calls.qsize()

    def drain(self, budget: float, wait: float = 0.0) -> int:
        """On the board's thread: runs queued calls for about budget seconds (so a burst of
        notes never makes one long frame), waiting up to wait seconds for the first.
        Returns how many ran."""
        deadline = time.perf_counter() + budget
        ran = 0
        while True:
            try:
                fn, loop, future = self._calls.get(timeout=wait) if ran == 0 and wait > 0 else self._calls.get_nowait()
            except queue.Empty:
                return ran
            if future.cancelled():  # its phone was told the session ended (or gave up)
                continue
            try:
                outcome, failed = fn(), False
            except Exception as error:  # handed to the request, which answers with it
                outcome, failed = error, True
            ran += 1
            if not loop.is_closed():
                loop.call_soon_threadsafe(_settle, future, outcome, failed)
            if time.perf_counter() >= deadline:
                return ran


def _settle(future: "asyncio.Future", outcome: Any, failed: bool) -> None:
    if future.done():  # the phone gave up waiting (its connection closed)
        return
    if failed:
        future.set_exception(outcome)
    else:
        future.set_result(outcome)
