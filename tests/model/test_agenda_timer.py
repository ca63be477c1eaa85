"""The agenda timer: pure logic with a fake clock, then the document calls and the file.
No test sleeps: `now` is a number the test chooses."""
import sqlite3

import pytest

from app.model import agenda_timer as timer
from app.model.agenda_timer import Block, TimerState
from app.model.document import BoardError, Document, TimerChange
from app.model.entities import AgendaTimer
from app.model.interchange import board_json_text

AGENDA = [Block("Introduction", 10), Block("Empathy mapping", 30), Block("Wrap-up", 5)]
T0 = 1_750_000_000.0  # a wall-clock time


class FakeClock:
    def __init__(self, now: float = T0):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        self.now += seconds
        return self.now


# ---------------------------------------------------------------- pure


def test_a_new_timer_shows_the_first_block_paused_at_full_length():
    view = timer.view(TimerState(), AGENDA, T0)
    assert (view.block, view.name, view.minutes, view.remaining, view.running, view.phase) == (
        0, "Introduction", 10, 600.0, False, "paused")
    assert not view.last_block
    assert timer.view(TimerState(), [], T0) is None


def test_running_counts_down_from_the_start_time_without_writes():
    clock = FakeClock()
    state = timer.start(TimerState(), AGENDA, clock())
    assert state == TimerState(0, True, 600.0, T0)
    clock.advance(90)
    assert timer.view(state, AGENDA, clock()).remaining == 510.0
    assert timer.view(state, AGENDA, clock()).phase == "running"
    assert timer.start(state, AGENDA, clock()) is state  # starting a running timer changes nothing


def test_pause_keeps_the_time_left_and_resume_goes_on_from_it():
    clock = FakeClock()
    state = timer.start(TimerState(), AGENDA, clock())
    clock.advance(100)
    state = timer.pause(state, AGENDA, clock())
    assert state == TimerState(0, False, 500.0, None)
    clock.advance(3600)  # a long coffee break: a paused timer does not move
    assert timer.view(state, AGENDA, clock()).remaining == 500.0
    assert timer.view(state, AGENDA, clock()).phase == "paused"
    state = timer.start(state, AGENDA, clock())
    clock.advance(50)
    assert timer.view(state, AGENDA, clock()).remaining == 450.0
    assert timer.pause(timer.pause(state, AGENDA, clock()), AGENDA, clock()).remaining == 450.0


def test_last_minute_then_over_with_negative_time_left():
    clock = FakeClock()
    state = timer.start(TimerState(), AGENDA, clock())
    clock.advance(539)
    assert timer.view(state, AGENDA, clock()).phase == "running"
    clock.advance(1)  # 60 s left
    assert timer.view(state, AGENDA, clock()).phase == "last-minute"
    clock.advance(59.5)
    assert timer.view(state, AGENDA, clock()).phase == "last-minute"
    clock.advance(0.5)  # 0 s left
    assert timer.view(state, AGENDA, clock()).phase == "over"
    clock.advance(75)
    view = timer.view(state, AGENDA, clock())
    assert (view.remaining, view.overrun, view.phase, view.running) == (-75.0, 75.0, "over", True)
    paused = timer.pause(state, AGENDA, clock())
    assert timer.view(paused, AGENDA, clock()).phase == "over"


def test_a_minute_more_adds_to_the_time_left_or_starts_from_now_after_an_overrun():
    clock = FakeClock()
    state = timer.start(TimerState(), AGENDA, clock())
    clock.advance(100)
    state = timer.add_minute(state, AGENDA, clock())
    assert timer.view(state, AGENDA, clock()).remaining == 560.0
    clock.advance(700)  # 140 s over
    state = timer.add_minute(state, AGENDA, clock())
    assert timer.view(state, AGENDA, clock()).remaining == 60.0
    assert timer.view(state, AGENDA, clock()).phase == "last-minute"
    paused = timer.add_minute(TimerState(), AGENDA, clock())  # a paused timer stays paused
    assert paused == TimerState(0, False, 660.0, None)


def test_going_to_the_next_block_starts_it_at_full_length_and_keeps_running():
    clock = FakeClock()
    state = timer.start(TimerState(), AGENDA, clock())
    clock.advance(700)
    state = timer.go_to(state, 1, clock())
    clock.advance(60)
    view = timer.view(state, AGENDA, clock())
    assert (view.block, view.name, view.remaining, view.running) == (1, "Empathy mapping", 1740.0, True)
    paused = timer.go_to(timer.pause(state, AGENDA, clock()), 2, clock())
    view = timer.view(paused, AGENDA, clock())
    assert (view.block, view.remaining, view.running, view.last_block) == (2, 300.0, False, True)


def test_a_clock_that_went_back_counts_as_no_time_passed():
    state = timer.start(TimerState(), AGENDA, T0)
    assert timer.view(state, AGENDA, T0 - 500).remaining == 600.0


def test_an_agenda_that_shrank_keeps_the_timer_on_its_last_block():
    state = TimerState(block=5)
    view = timer.view(state, AGENDA, T0)
    assert (view.block, view.name) == (2, "Wrap-up")
    assert timer.start(state, AGENDA, T0).block == 2


# ---------------------------------------------------------------- the document


def test_timer_calls_are_committed_heard_and_not_for_the_undo_stack(doc):
    heard = []
    doc.subscribe(heard.append)
    clock = FakeClock()
    change = doc.timer_start(clock())
    assert isinstance(change, TimerChange) and change.undoable is False
    assert change.ids(AgendaTimer) == {1}
    assert [c.label for c in heard] == ["Start timer"]
    with sqlite3.connect(doc.path) as raw:
        assert raw.execute("SELECT block, running, remaining, started_at FROM agenda_timer").fetchall() == [
            (0, 1, 600.0, T0)]
    assert not doc.timer_start(clock.advance(5))  # already running: nothing written, nothing heard
    assert len(heard) == 1
    for _ in range(120):  # a tick is a read
        doc.timer_view(clock.advance(1))
    assert len(heard) == 1


def test_timer_state_goes_through_the_document_calls(doc):
    clock = FakeClock()
    assert [b.minutes for b in doc.agenda()] == [10, 30, 60, 5]
    doc.timer_start(clock())
    clock.advance(120)
    doc.timer_pause(clock())
    assert doc.timer_view(clock.advance(999)).remaining == 480.0
    doc.timer_add_minute(clock())
    assert doc.timer_view(clock()).remaining == 540.0
    doc.timer_start(clock())
    doc.timer_next_block(clock.advance(30))
    view = doc.timer_view(clock.advance(10))
    assert (view.block, view.name, view.remaining, view.phase) == (1, "Empathy mapping", 1790.0, "running")
    doc.timer_go_to_block(3, clock())
    with pytest.raises(BoardError, match="“Wrap-up” is the last block"):
        doc.timer_next_block(clock())
    with pytest.raises(BoardError, match="blocks 1 to 4"):
        doc.timer_go_to_block(4, clock())
    doc.timer_reset()
    assert doc.timer_state() == TimerState()
    doc.set_agenda([])
    assert doc.timer_view(clock()) is None
    with pytest.raises(BoardError, match="agenda is empty"):
        doc.timer_start(clock())


def test_a_running_timer_reopened_later_shows_the_wall_time_that_passed(board_path):
    from app.model.templates import template
    clock = FakeClock()
    with Document.create(board_path, lambda d: template("current-state").apply(d)) as doc:
        doc.timer_next_block(clock())  # Empathy mapping, 30 min
        doc.timer_start(clock.advance(10))
    clock.advance(25 * 60)  # the laptop was closed for 25 minutes
    with Document.open(board_path) as doc:
        view = doc.timer_view(clock())
        assert (view.block, view.remaining, view.phase, view.running) == (1, 300.0, "running", True)
        view = doc.timer_view(clock.advance(270))
        assert (view.remaining, view.phase) == (30.0, "last-minute")
        doc.timer_pause(clock.advance(40))
    clock.advance(3600)
    with Document.open(board_path) as doc:
        view = doc.timer_view(clock())
        assert (view.remaining, view.phase, view.running) == (-10.0, "over", False)


def test_undoing_edits_never_moves_the_timer(doc):
    """The timer row is changed by timer calls only, so undoing other changes leaves it alone."""
    clock = FakeClock()
    edit = doc.set_board_info(title="Workshop")
    doc.timer_start(clock())
    agenda = doc.set_agenda([("Only block", 20)])
    doc.timer_add_minute(clock.advance(30))
    state = doc.timer_state()
    doc.undo(agenda)
    doc.undo(edit)
    assert doc.timer_state() == state
    assert doc.timer_view(clock()).name == "Introduction"  # the block at the same index


def test_the_timer_is_in_the_lossless_json_and_a_snapshot(doc):
    doc.timer_start(T0)
    with Document.snapshot(doc.path) as fresh:
        assert fresh.timer_state() == doc.timer_state()
        assert board_json_text(fresh) == board_json_text(doc)
    assert '"timer": {' in board_json_text(doc)


def test_a_read_only_board_refuses_timer_calls(doc):
    with Document.snapshot(doc.path) as snap:
        with pytest.raises(BoardError, match="read-only"):
            snap.timer_start(T0)
        assert snap.timer_view(T0).remaining == 600.0
