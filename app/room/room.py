"""The room, on the board's thread: who is in, the notes phones sent (the inbox), and the calls
that put them on the board. The server hands every request here through app.room.host and
answers the phone with what these methods return, so a phone hears "on the board" only after
the note's transaction has committed.

Accepting a note is one document call (add_note with the note's source), made through commit:
the window records it on its undo stack, the CLI just calls it. A phone's dots are the phone's
own edits, not the facilitator's, so they go straight to the document and stay off the undo
stack (as edits from elsewhere do, docs/architecture.md)."""
from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from app.model.changes import Change
from app.model.document import BoardError, Document, Place
from app.model.entities import ANONYMOUS_SOURCE, Lane, Stage

from . import phone_view
from .limits import RoomLimits

CODE_LETTERS = "ACDEFHJKMNPRTUVWXY3479"  # no 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B: read aloud, typed right
WAITING, ON_BOARD, REJECTED, WITHDRAWN = "waiting", "on the board", "rejected", "withdrawn"

Commit = Callable[[Callable[[], Change]], Change]


class RoomError(Exception):
    """A request the room refuses: status is the HTTP status the phone gets, str() the reason."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class Participant:
    id: int
    token: str  # the phone's own key, kept in its browser; removing the participant voids it
    name: str  # "" when anonymous
    voter: str  # the name the phone votes under: unique in the room
    notes_sent: int = 0
    removed: bool = False

    @property
    def source(self) -> str:
        return self.name or ANONYMOUS_SOURCE


@dataclass
class Submission:
    """A note a phone sent, from the inbox until the facilitator decides (or it is withdrawn)."""
    id: int
    participant: Participant
    place: Place
    text: str
    status: str = WAITING
    note_id: Optional[int] = None

    def for_phone(self, where: str) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "status": self.status, "where": where}


@dataclass
class Room:
    doc: Document
    commit: Commit
    limits: RoomLimits = field(default_factory=RoomLimits)
    auto_accept: bool = False
    on_change: Callable[[], None] = lambda: None  # what phones or the inbox see has changed
    code: str = field(default_factory=lambda: "".join(secrets.choice(CODE_LETTERS) for _ in range(5)))
    participants: list[Participant] = field(default_factory=list)
    submissions: dict[int, Submission] = field(default_factory=dict)
    pinned: Optional[Place] = None  # the one cell or section the facilitator asks about now

    def __post_init__(self) -> None:
        self.doc.subscribe(self._board_changed)

    def close(self) -> None:
        self.doc.unsubscribe(self._board_changed)

    def _board_changed(self, _change: Change) -> None:
        self.on_change()

    # ------------------------------------------------------------ phones (called by the server)

    def join(self, name: str) -> dict[str, Any]:
        name = _clean_name(name, self.limits.name_chars)
        if sum(not p.removed for p in self.participants) >= self.limits.phones:
            raise RoomError(403, f"The room is full ({self.limits.phones} phones). Ask the facilitator.")
        number = len(self.participants) + 1
        taken = {p.voter for p in self.participants}
        voter = name if name and name not in taken else f"Phone {number}" if not name else f"{name} ({number})"
        participant = Participant(number, secrets.token_urlsafe(18), name, voter)
        self.participants.append(participant)
        self.on_change()
        return {"phone": participant.token, "name": name}

    def phone(self, token: str) -> Participant:
        for participant in self.participants:
            if secrets.compare_digest(participant.token, token):
                if participant.removed:
                    raise RoomError(403, "The facilitator removed this phone from the room.")
                return participant
        raise RoomError(403, "This phone has not joined the room: open the room's link again.")

    def state(self, token: str) -> dict[str, Any]:
        """Everything the phone's page shows but the live board."""
        participant = self.phone(token)
        return {
            "title": self.doc.board.title, "goal": self.doc.board.goal, "code": self.code,
            "name": participant.name, "places": phone_view.writable_places(self.doc),
            "notes": [s.for_phone(self.where(s.place)) for s in self.submissions.values()
                      if s.participant is participant and s.status != WITHDRAWN],
            "ballot": phone_view.ballot(self.doc, participant.voter),
            "pinned": None if self.pinned is None else _place_json(self.pinned),
            "note_chars": self.limits.note_chars,
        }

    def submit(self, token: str, place: Place, text: str) -> dict[str, Any]:
        participant = self.phone(token)
        if not phone_view.phone_may_write(self.doc, place):
            raise RoomError(422, "That stage, lane or section is not on the board (any more).")
        if self.pinned is not None and place != self.pinned:
            raise RoomError(409, f"The facilitator asks for notes on {self.where(self.pinned)} now.")
        submission = Submission(max(self.submissions, default=0) + 1, participant, place,
                                self._note_text(text))
        self.submissions[submission.id] = submission
        participant.notes_sent += 1
        if self.auto_accept:
            self.accept(submission.id)
        self.on_change()
        return submission.for_phone(self.where(place))

    def edit(self, token: str, submission_id: int, text: str) -> dict[str, Any]:
        submission = self._own_waiting(token, submission_id)
        submission.text = self._note_text(text)
        self.on_change()
        return submission.for_phone(self.where(submission.place))

    def withdraw(self, token: str, submission_id: int) -> dict[str, Any]:
        submission = self._own_waiting(token, submission_id)
        submission.status = WITHDRAWN
        self.on_change()
        return submission.for_phone(self.where(submission.place))

    def vote(self, token: str, note_id: int, give: bool) -> dict[str, Any]:
        """Gives the note one of the phone's dots in the open round, or takes one back."""
        participant = self.phone(token)
        voting_round = self.doc.open_round()
        if voting_round is None:
            raise RoomError(409, "No voting round is open.")
        if not self.doc.has_note(note_id) or note_id in self.doc.kept_from_room():
            raise RoomError(404, "That note is not on the board.")
        try:
            if participant.voter not in self.doc.voters(voting_round.number):
                self.doc.add_round_voter(participant.voter)
            if give:
                self.doc.add_votes(note_id, 1, voter=participant.voter)
            else:
                self.doc.remove_vote(note_id, voter=participant.voter)
        except BoardError as error:
            raise RoomError(409, str(error)) from None
        return phone_view.ballot(self.doc, participant.voter)

    def board(self, token: str) -> dict[str, Any]:
        self.phone(token)
        return phone_view.board_view(self.doc)

    def _own_waiting(self, token: str, submission_id: int) -> Submission:
        participant = self.phone(token)
        submission = self.submissions.get(submission_id)
        if submission is None or submission.participant is not participant:
            raise RoomError(404, "This phone sent no such note.")
        if submission.status != WAITING:
            raise RoomError(409, f"This note is {submission.status}: it can no longer change.")
        return submission

    def _note_text(self, text: str) -> str:
        text = text.strip()
        if not text:
            raise RoomError(422, "A note needs some text.")
        if len(text) > self.limits.note_chars:
            raise RoomError(413, f"A note has at most {self.limits.note_chars} characters.")
        return text

    # ------------------------------------------------------------ the facilitator (the inbox)

    def inbox(self) -> list[Submission]:
        return [s for s in self.submissions.values() if s.status == WAITING]

    def accept(self, submission_id: int, text: Optional[str] = None) -> int:
        """Puts a waiting note on the board (edited to text, if given): one document call;
        returns the new note's id."""
        submission = self.submissions[submission_id]
        if submission.status != WAITING:
            raise RoomError(409, f"This note is {submission.status}.")
        if text is not None:
            submission.text = self._note_text(text)
        try:
            change = self.commit(lambda: self.doc.add_note(submission.place, submission.text,
                                                           source=submission.participant.source))
        except BoardError as error:
            raise RoomError(409, str(error)) from None
        submission.status, submission.note_id = ON_BOARD, change.result
        self.on_change()
        return change.result

    def merge(self, submission_ids: list[int]) -> int:
        """Puts several waiting notes on the board as one, where the first was going: their
        texts one under the other, their writers together as its source. Returns its id."""
        merged = [self.submissions[i] for i in dict.fromkeys(submission_ids)]
        if len(merged) < 2 or any(s.status != WAITING for s in merged):
            raise RoomError(409, "Choose two or more waiting notes to merge.")
        first = merged[0]
        text = "\n".join(s.text for s in merged)
        source = ", ".join(dict.fromkeys(s.participant.source for s in merged))
        try:
            change = self.commit(lambda: self.doc.add_note(first.place, text, source=source))
        except BoardError as error:
            raise RoomError(409, str(error)) from None
        for submission in merged:
            submission.status, submission.note_id = ON_BOARD, change.result
        self.on_change()
        return change.result

    def pin(self, place: Optional[Place]) -> None:
        """Asks every phone for notes on one cell or section (None: anywhere again)."""
        if place is not None and not phone_view.phone_may_write(self.doc, place):
            raise RoomError(422, "Phones cannot write there (a hidden lane, a KPI lane?).")
        self.pinned = place
        self.on_change()

    def reject(self, submission_id: int) -> None:
        submission = self.submissions[submission_id]
        if submission.status == WAITING:
            submission.status = REJECTED
            self.on_change()

    def set_auto_accept(self, on: bool) -> None:
        """From now on notes skip the inbox; those waiting stay for the facilitator to decide."""
        self.auto_accept = on

    def remove(self, participant_id: int) -> None:
        """Shuts a participant out: their phone's key stops working; their waiting notes go."""
        for participant in self.participants:
            if participant.id == participant_id:
                participant.removed = True
                for submission in self.submissions.values():
                    if submission.participant is participant and submission.status == WAITING:
                        submission.status = WITHDRAWN
        self.on_change()

    def present(self) -> list[Participant]:
        return [p for p in self.participants if not p.removed]

    def where(self, place: Place) -> str:
        """A place as a phone and the inbox name it: "Awareness · Actions", "Empathy map · Says"."""
        if place.kind == "empathy":
            return f"Empathy map · {phone_view.section_titles(self.doc)[place.section]}"
        stage, lane = self.doc.row(Stage, (place.stage_id,)), self.doc.row(Lane, (place.lane_id,))
        return f"{stage.name if stage else '(deleted stage)'} · {lane.name if lane else '(deleted lane)'}"


def _place_json(place: Place) -> dict[str, Any]:
    """A place as the page names it (the value of its place picker)."""
    if place.kind == "empathy":
        return {"section": place.section}
    return {"stage": place.stage_id, "lane": place.lane_id}


def _clean_name(name: str, limit: int) -> str:
    """A display name: printable, trimmed, at most limit characters ("" is anonymous)."""
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if len(name) > limit:
        raise RoomError(422, f"A name has at most {limit} characters.")
    return name
