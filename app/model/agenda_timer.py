"""The agenda timer as pure functions of its stored state and the time: no clock, no file.

The board file keeps four values (app.model.entities.AgendaTimer): the current block, whether
it runs, the seconds left when it was last started/paused/changed (None: the block's full
length), and the wall-clock time it was started. While it runs, the time left is

    remaining - (now - started_at)

so nothing is written while it counts down, and a board reopened later shows the time a
running timer really has left. `now` is wall-clock seconds (time.time()); tests pass their own.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

LAST_MINUTE = 60.0  # seconds: the phase that asks for a clear signal


@dataclass(frozen=True)
class TimerState:
    """What the file stores."""
    block: int = 0
    running: bool = False
    remaining: Optional[float] = None  # None: the full length of the block
    started_at: Optional[float] = None  # set while running


@dataclass(frozen=True)
class Block:
    name: str
    minutes: int


@dataclass(frozen=True)
class TimerView:
    """What a timer shows at a moment."""
    block: int  # index of the current block in agenda order
    name: str
    minutes: int  # the block's planned length
    remaining: float  # seconds left; negative when the block overruns
    running: bool
    phase: str  # "over" (no time left), "paused", "last-minute" (running, <= 60 s) or "running"
    last_block: bool  # no next block to go to

    @property
    def overrun(self) -> float:
        """Seconds past the block's end (0 while time is left)."""
        return max(0.0, -self.remaining)


def current_block(state: TimerState, agenda: Sequence[Block]) -> int:
    """The block the timer is in: its stored index, kept inside an agenda that may have shrunk."""
    return max(0, min(state.block, len(agenda) - 1))


def remaining(state: TimerState, agenda: Sequence[Block], now: float) -> float:
    """Seconds left in the current block at now (negative: overrun). A clock that went back
    (now before started_at) counts as no time passed."""
    left = state.remaining
    if left is None:
        left = agenda[current_block(state, agenda)].minutes * 60.0
    if state.running and state.started_at is not None:
        left -= max(0.0, now - state.started_at)
    return left


def phase(running: bool, left: float) -> str:
    if left <= 0:
        return "over"
    if not running:
        return "paused"
    return "last-minute" if left <= LAST_MINUTE else "running"


def view(state: TimerState, agenda: Sequence[Block], now: float) -> Optional[TimerView]:
    """What the timer shows at now; None when the agenda is empty."""
    if not agenda:
        return None
    index = current_block(state, agenda)
    left = remaining(state, agenda, now)
    return TimerView(index, agenda[index].name, agenda[index].minutes, left, state.running,
                     phase(state.running, left), index == len(agenda) - 1)


# ---------------------------------------------------------------- transitions


def start(state: TimerState, agenda: Sequence[Block], now: float) -> TimerState:
    if state.running:
        return state
    return TimerState(current_block(state, agenda), True, remaining(state, agenda, now), now)


def pause(state: TimerState, agenda: Sequence[Block], now: float) -> TimerState:
    if not state.running:
        return state
    return TimerState(current_block(state, agenda), False, remaining(state, agenda, now), None)


def add_minute(state: TimerState, agenda: Sequence[Block], now: float) -> TimerState:
    """One more minute: a block that overran gets one minute from now, not 60 s of its debt."""
    left = max(0.0, remaining(state, agenda, now)) + 60.0
    return TimerState(current_block(state, agenda), state.running, left,
                      now if state.running else None)


def go_to(state: TimerState, index: int, now: float) -> TimerState:
    """Block index from its start; a running timer goes on running."""
    return TimerState(index, state.running, None, now if state.running else None)


def reset() -> TimerState:
    return TimerState()

