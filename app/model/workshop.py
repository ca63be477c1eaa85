"""Workshop mode, the rest of the document API: focus tools (hidden lanes, notes hidden until
revealed, reveal mode, notes by tag) and the agenda timer's state in the board file.

The timer's changes are committed through the document like every call (one transaction,
heard by subscribers) but are TimerChange objects, which do not belong on an undo stack:
Ctrl+Z during a workshop must take back the last edit of the board, not a press of "+1 min",
and undoing an edit must never move the clock. Nothing else changes the timer's row, so an
undo of any other change never touches it. The timer writes on start, pause and changes only,
never per tick: the time left is computed from the stored state (app.model.agenda_timer).

Document inherits these classes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from . import agenda_timer
from .agenda_timer import Block, TimerState, TimerView
from .changes import Change
from .checks import BoardError, flag
from .entities import AgendaTimer, Note


class FocusEdits:
    # ------------------------------------------------------------ hidden lanes

    def set_lane_hidden(self, lane_id: int, hidden: bool) -> Change:
        """Hides a lane (with its notes, scores or values) from the room, or shows it again."""
        lane = self.lane(lane_id)
        hidden = flag(hidden, "Hidden")
        with self._edit(f"{'Hide' if hidden else 'Show'} lane “{lane.name}”") as change:
            change.undo_by("set_lane_hidden", lane_id, **self._update(lane, hidden=hidden))
        return change

    # ------------------------------------------------------------ notes hidden until revealed

    def set_notes_hidden(self, note_ids: Iterable[int], hidden: bool) -> Change:
        """Hides notes from the projector until they are revealed, or reveals them."""
        notes = [self.note(i) for i in dict.fromkeys(note_ids)]
        hidden = flag(hidden, "Hidden")
        label = "Hide" if hidden else "Reveal"
        with self._edit(f"{label} note" if len(notes) == 1 else f"{label} {len(notes)} notes") as change:
            changed = [note.id for note in notes if self._update(note, hidden=hidden)]
            change.undo_by("set_notes_hidden", changed, not hidden)
        return change

    def set_reveal_mode(self, on: bool) -> Change:
        """While reveal mode is on, new notes (add_note, add_notes) are created hidden."""
        on = flag(on, "Reveal mode")
        with self._edit("Reveal mode on" if on else "Reveal mode off") as change:
            self._update(self.board, reveal_mode=on)
            change.undo_by("set_reveal_mode", not on)
        return change

    def reveal_all(self, *, keep_mode: bool = False) -> Change:
        """Reveals every hidden note and, unless keep_mode, turns reveal mode off (the end of a
        silent-writing block), in one undoable call; change.result is the revealed note ids."""
        hidden = sorted(n.id for n in self._rows[Note].values() if n.hidden)
        with self._edit("Reveal all notes") as change:
            for note_id in hidden:
                self._update(self._rows[Note][(note_id,)], hidden=False)
            change.undo_by("set_notes_hidden", hidden, True)
            if not keep_mode and self._update(self.board, reveal_mode=False):
                change.undo_by("set_reveal_mode", True)
            change.result = hidden
        return change

    def hidden_notes(self) -> list[Note]:
        return sorted((n for n in self._rows[Note].values() if n.hidden), key=lambda n: n.id)

    def shown_in_room(self, note_id: int) -> bool:
        """Whether the projector shows a note: not hidden itself, and not in a hidden lane."""
        note = self.note(note_id)
        return not note.hidden and not (note.lane_id is not None and self.lane(note.lane_id).hidden)

    def kept_from_room(self) -> set[int]:
        """The ids of every note the projector does not show."""
        return {note_id for (note_id,) in self._rows[Note] if not self.shown_in_room(note_id)}

    # ------------------------------------------------------------ tags

    def tags(self) -> list[str]:
        """Every tag used on the board, sorted case-insensitively."""
        found = {tag for n in self._rows[Note].values() for tag in n.tags}
        return sorted(found, key=lambda t: (t.casefold(), t))

    def notes_with_tag(self, tag: str) -> list[Note]:
        """The notes carrying tag (for highlighting), by id."""
        return sorted((n for n in self._rows[Note].values() if tag in n.tags), key=lambda n: n.id)


@dataclass
class TimerChange(Change):
    """A change of the agenda timer: committed and heard like any other, kept off undo stacks."""
    undoable = False  # a class attribute, not a field: the UI tests getattr(change, "undoable", True)


class TimerEdits:
    def timer(self) -> AgendaTimer:
        """The timer's stored state (the file's one agenda_timer row)."""
        return self._rows[AgendaTimer][(1,)]

    def timer_state(self) -> TimerState:
        row = self.timer()
        return TimerState(row.block, row.running, row.remaining, row.started_at)

    def timer_view(self, now: float) -> Optional[TimerView]:
        """What the timer shows at now (wall-clock seconds): block, seconds left (negative when
        overrunning), phase; None when the agenda is empty. Call it on every tick: it reads only."""
        return agenda_timer.view(self.timer_state(), self._blocks(), now)

    def timer_start(self, now: float) -> TimerChange:
        """Starts (or resumes) the countdown of the current block at now."""
        return self._set_timer("Start timer", agenda_timer.start(self.timer_state(), self._blocks(True), now))

    def timer_pause(self, now: float) -> TimerChange:
        return self._set_timer("Pause timer", agenda_timer.pause(self.timer_state(), self._blocks(True), now))

    def timer_add_minute(self, now: float) -> TimerChange:
        """One more minute for the current block (from now when it had overrun)."""
        state = agenda_timer.add_minute(self.timer_state(), self._blocks(True), now)
        return self._set_timer("Add a minute", state)

    def timer_next_block(self, now: float) -> TimerChange:
        """Goes to the next block from its start; a running timer goes on running."""
        blocks = self._blocks(True)
        index = agenda_timer.current_block(self.timer_state(), blocks) + 1
        if index >= len(blocks):
            raise BoardError(f"“{blocks[-1].name}” is the last block of the agenda.")
        return self._set_timer("Next block", agenda_timer.go_to(self.timer_state(), index, now))

    def timer_go_to_block(self, index: int, now: float) -> TimerChange:
        """Goes to block index (in agenda order) from its start; a running timer goes on running."""
        blocks = self._blocks(True)
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(blocks):
            raise BoardError(f"The agenda has blocks 1 to {len(blocks)}.")
        return self._set_timer("Go to block", agenda_timer.go_to(self.timer_state(), index, now))

    def timer_reset(self) -> TimerChange:
        """Back to the first block, stopped, with its full time."""
        return self._set_timer("Reset timer", agenda_timer.reset())

    def _blocks(self, needed: bool = False) -> list[Block]:
        blocks = [Block(b.name, b.minutes) for b in self.agenda()]
        if needed and not blocks:
            raise BoardError("The agenda is empty: add a block to time it.")
        return blocks

    def _set_timer(self, label: str, state: TimerState) -> TimerChange:
        with self._edit(label, TimerChange) as change:
            self._update(self.timer(), block=state.block, running=state.running,
                         remaining=state.remaining, started_at=state.started_at)
        return change
