"""The limits a room holds phones to, and the per-phone rate limit the server applies."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

from app.model.entities import MAX_NOTE_TEXT


@dataclass(frozen=True)
class RoomLimits:
    note_chars: int = MAX_NOTE_TEXT  # a note's text, as the app takes it
    notes_per_minute: int = 30  # from one phone: silent writing is fast, a script is faster
    phones: int = 60  # in one room
    body_bytes: int = 16 * 1024  # of one request: a note of note_chars in UTF-8 fits easily
    name_chars: int = 40  # a participant's display name


@dataclass
class RateLimiter:
    """A token bucket per phone: up to per_minute actions in a burst, refilled evenly. Only the
    server's thread uses it, so a flood from one phone is refused there and never reaches the
    board's thread (the other phones do not wait for it)."""
    per_minute: int
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)  # phone -> (tokens, at)

    def allow(self, phone: str) -> bool:
        now = self.clock()
        tokens, at = self._buckets.get(phone, (float(self.per_minute), now))
        tokens = min(float(self.per_minute), tokens + (now - at) * self.per_minute / 60.0)
        if tokens < 1.0:
            self._buckets[phone] = (tokens, now)
            return False
        self._buckets[phone] = (tokens - 1.0, now)
        return True
