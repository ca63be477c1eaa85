"""Dot voting: the part of the document API for votes and voting rounds.

A vote is one dot (a Vote row: note, voter, round number). Round 0 holds dots given outside
any round (e.g. "votes": 3 in an imported JSON); so does any round number without a
VotingRound row (boards of format 1): such dots have no limit but MAX_DOTS per call.

A VotingRound row makes a round with rules: one round is open at a time; each voter has
dots_per_voter dots in it; voters are named, or "count only" (participants anonymous voters
called "Voter 1", "Voter 2" ...); with one laptop, voters take turns (next_voter), and while a
hidden round is open each voter sees only their own dots (visible_votes); end_round shows all.

Document inherits this class; every change goes through its primitives and records its undo.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Optional, Sequence

from .changes import Change
from .checks import BoardError, flag, text, whole
from .entities import EMPATHY_SECTIONS, LANE_ROLES, Note, Vote, VotingRound

MAX_DOTS = 1000  # dots in one call: a slip of the keyboard must not make millions of rows
MAX_DOTS_PER_VOTER = 100
MAX_PARTICIPANTS = 1000
MAX_NAME = 100  # characters of a voter's name


def anonymous_voter(index: int) -> str:
    """The name of the index-th voter (from 0) of a count-only round."""
    return f"Voter {index + 1}"


def round_voters(voting_round: VotingRound) -> list[str]:
    """The voters of a round in turn order: its names, or Voter 1 ... Voter n."""
    if voting_round.voters:
        return list(voting_round.voters)
    return [anonymous_voter(i) for i in range(voting_round.participants)]


def _dots(count: int) -> str:
    return f"{count} dot{'' if count == 1 else 's'}"


class VotingEdits:
    # ------------------------------------------------------------ reading

    def votes(self, note_id: Optional[int] = None) -> list[Vote]:
        votes = self._rows[Vote].values()
        return sorted((v for v in votes if note_id is None or v.note_id == note_id),
                      key=lambda v: v.id)

    def vote_count(self, note_id: int) -> int:
        return self.vote_counts().get(note_id, 0)

    def vote_counts(self) -> dict[int, int]:
        """All dots per note id, hidden or not: the facilitator's view (notes without dots are
        absent). What a voter or the room may see: visible_vote_counts."""
        return dict(Counter(v.note_id for v in self._rows[Vote].values()))

    def rounds(self) -> list[VotingRound]:
        """The voting rounds in order."""
        return sorted(self._rows[VotingRound].values(), key=lambda r: r.number)

    def voting_round(self, number: int) -> VotingRound:
        for row in self._rows[VotingRound].values():
            if row.number == number:
                return row
        raise BoardError(f"There is no voting round {number} on this board.")

    def open_round(self) -> Optional[VotingRound]:
        """The round being voted in, if any (at most one)."""
        return next((r for r in self._rows[VotingRound].values() if r.open), None)

    def voters(self, number: int) -> list[str]:
        """The voters of a round in turn order (Voter 1 ... for a count-only round)."""
        return round_voters(self.voting_round(number))

    def current_voter(self) -> Optional[str]:
        """Whose turn it is in the open round; None when no round is open."""
        voting_round = self.open_round()
        if voting_round is None:
            return None
        return round_voters(voting_round)[voting_round.current_voter]

    def dots_used(self, voter: str, number: int) -> int:
        return sum(1 for v in self._rows[Vote].values() if v.round == number and v.voter == voter)

    def dots_left(self, voter: Optional[str] = None, number: Optional[int] = None) -> int:
        """Dots a voter (by default the current one) has left in a round (by default the open one)."""
        voting_round = self._round_or_open(number)
        voter = round_voters(voting_round)[voting_round.current_voter] if voter is None else voter
        return max(0, voting_round.dots_per_voter - self.dots_used(voter, voting_round.number))

    def visible_votes(self, note_id: int, viewer: Optional[str] = None) -> int:
        """The dots on a note that viewer may see: all of them, except those of an open hidden
        round that are not viewer's own. viewer None is the room (the projector)."""
        hidden = self._hidden_rounds()
        return sum(1 for v in self._rows[Vote].values() if v.note_id == note_id
                   and (v.round not in hidden or (viewer is not None and v.voter == viewer)))

    def visible_vote_counts(self, viewer: Optional[str] = None) -> dict[int, int]:
        """visible_votes for every note that has some (like vote_counts)."""
        hidden = self._hidden_rounds()
        return dict(Counter(v.note_id for v in self._rows[Vote].values()
                            if v.round not in hidden or (viewer is not None and v.voter == viewer)))

    def tally(self, round: Optional[int] = None,
              lane_roles: Optional[Iterable[str]] = None) -> list[tuple[int, int]]:
        """Notes ranked by their dots, most first: [(note_id, dots), ...] without notes that
        have none. round: one round's dots (None: all dots). lane_roles: only notes in cells of
        lanes with these roles (e.g. ("pain_points", "opportunities")). Equal counts keep the
        board's reading order: grid by stage, then lane, then cell order; then empathy map and
        parking lot. Counts every dot: while a hidden round is open, show it to the facilitator only."""
        roles = None
        if lane_roles is not None:
            roles = set(lane_roles)
            unknown = roles - set(LANE_ROLES)
            if unknown:
                raise BoardError(f"Unknown lane role {sorted(unknown)[0]!r}; "
                                 f"use one of {', '.join(LANE_ROLES)}.")
        counts = Counter(v.note_id for v in self._rows[Vote].values() if round is None or v.round == round)
        ranked = []
        for note_id, dots in counts.items():
            note = self._rows[Note][(note_id,)]
            if roles is not None and (note.place != "cell" or self.lane(note.lane_id).role not in roles):
                continue
            ranked.append((note_id, dots))
        ranked.sort(key=lambda item: (-item[1], self._reading_order(self._rows[Note][(item[0],)])))
        return ranked

    # ------------------------------------------------------------ votes

    def add_votes(self, note_id: int, count: int = 1, voter: Optional[str] = None,
                  round: Optional[int] = None) -> Change:
        """Gives a note count dots (1 to MAX_DOTS); change.result is the list of their ids.
        round None: the open round, else round 0 (no round). voter None: in an open round the
        voter whose turn it is, else '' (anonymous). In an open round the voter must be one of
        its voters and have the dots left; a round that has ended takes no more dots."""
        self.note(note_id)
        whole(count, 1, MAX_DOTS, f"A vote gives from 1 to {MAX_DOTS} dots at a time.")
        voting_round, voter, number = self._ballot(voter, round)
        if voting_round is not None:
            used = self.dots_used(voter, number)
            left = voting_round.dots_per_voter - used
            if left <= 0:
                raise BoardError(f"{voter} has used all {_dots(voting_round.dots_per_voter)} "
                                 f"of round {number}.")
            if count > left:
                raise BoardError(f"{voter} has {_dots(left)} left in round {number}, "
                                 f"not {count}.")
        with self._edit("Vote") as change:
            change.result = [self._insert(Vote, note_id=note_id, voter=voter, round=number).id
                             for _ in range(count)]
            change.undo_by("_delete_votes", change.result)
        return change

    def remove_vote(self, note_id: int, voter: Optional[str] = None,
                    round: Optional[int] = None) -> Change:
        """Takes back the voter's latest dot on a note in a round (defaults as for add_votes)."""
        self.note(note_id)
        _, voter, number = self._ballot(voter, round)
        mine = [v for v in self.votes(note_id) if v.voter == voter and v.round == number]
        if not mine:
            raise BoardError("There is no dot of this voter on this note to take back.")
        with self._edit("Remove vote") as change:
            self._delete(mine[-1])
            change.undo_by("_restore", self._removed(change))
        return change

    def _delete_votes(self, vote_ids: Sequence[int]) -> Change:
        """Takes back those very dots (the undo of add_votes: not another voter's newer dot)."""
        votes = [self._get(Vote, vote_id, "dot") for vote_id in vote_ids]
        with self._edit("Take back dots") as change:
            for vote in votes:
                self._delete(vote)
            change.undo_by("_restore", self._removed(change))
        return change

    def _ballot(self, voter: Optional[str], number: Optional[int]) -> tuple[Optional[VotingRound], str, int]:
        """The round whose rules apply (None: no rules), the voter and the round number."""
        if number is None:
            voting_round = self.open_round()
            number = 0 if voting_round is None else voting_round.number
        else:
            whole(number, 0, 2**62, "A round number is a whole number from 0.")
            voting_round = next((r for r in self._rows[VotingRound].values() if r.number == number), None)
        if voting_round is None:
            return None, "" if voter is None else text(voter, "A voter"), number
        if not voting_round.open:
            raise BoardError(f"Voting round {number} has ended; its dots can no longer change.")
        names = round_voters(voting_round)
        if voter is None:
            voter = names[voting_round.current_voter]
        elif voter not in names:
            raise BoardError(f"{voter!r} is not a voter in round {number}.")
        return voting_round, voter, number

    # ------------------------------------------------------------ rounds

    def start_round(self, dots_per_voter: int, voters: Sequence[str] = (),
                    participants: Optional[int] = None, hidden: bool = True) -> Change:
        """Opens a voting round; change.result is its number (one more than any round so far).
        voters: names in turn order; or no names and participants, a count of anonymous voters.
        hidden: each voter sees only their own dots until the round ends."""
        if self.open_round() is not None:
            raise BoardError(f"Voting round {self.open_round().number} is still open; end it first.")
        whole(dots_per_voter, 1, MAX_DOTS_PER_VOTER,
              f"Each voter has from 1 to {MAX_DOTS_PER_VOTER} dots.")
        if isinstance(voters, str):
            raise BoardError("Voters must be a list of names.")
        names = [text(v, "A voter's name").strip() for v in voters]
        if any(not n for n in names):
            raise BoardError("A voter needs a name.")
        if any(len(n) > MAX_NAME for n in names):
            raise BoardError(f"A voter's name has at most {MAX_NAME} characters.")
        if len(set(names)) != len(names):
            raise BoardError("Two voters have the same name; names must differ.")
        if names:
            if participants is not None and participants != len(names):
                raise BoardError("Give the voters' names or their number, not both.")
            participants = len(names)
        elif participants is None:
            raise BoardError("A round needs its voters' names or their number.")
        whole(participants, 1, MAX_PARTICIPANTS, f"A round has from 1 to {MAX_PARTICIPANTS} voters.")
        hidden = flag(hidden, "Hidden")
        used = ([r.number for r in self._rows[VotingRound].values()]
                + [v.round for v in self._rows[Vote].values()])
        number = max(used, default=0) + 1
        with self._edit(f"Start voting round {number}") as change:
            self._insert(VotingRound, number=number, dots_per_voter=dots_per_voter, voters=names,
                         participants=participants, hidden=hidden, open=True, current_voter=0)
            change.result = number
            change.undo_by("_delete_round", number)
        return change

    def _delete_round(self, number: int) -> Change:
        """Deletes a round that has no dots (the undo of start_round)."""
        voting_round = self.voting_round(number)
        if any(v.round == number for v in self._rows[Vote].values()):
            raise BoardError(f"Voting round {number} has dots now.")
        with self._edit(f"Delete voting round {number}") as change:
            self._delete(voting_round)
            change.undo_by("_restore", self._removed(change))
        return change

    def add_round_voter(self, voter: str) -> Change:
        """Lets one more voter into the open round (a phone that joins the room mid-round);
        a count-only round names its voters from then on (Voter 1 ... stay who they were)."""
        voting_round = self._round_or_open(None)
        names = round_voters(voting_round)
        voter = text(voter, "A voter's name").strip()
        if not voter or len(voter) > MAX_NAME:
            raise BoardError(f"A voter's name has from 1 to {MAX_NAME} characters.")
        if voter in names:
            raise BoardError(f"{voter!r} is a voter in round {voting_round.number} already.")
        if len(names) >= MAX_PARTICIPANTS:
            raise BoardError(f"A round has from 1 to {MAX_PARTICIPANTS} voters.")
        with self._edit(f"{voter} joins voting round {voting_round.number}") as change:
            before = self._update(voting_round, voters=names + [voter], participants=len(names) + 1)
            change.undo_by("_set_round_voters", voting_round.number, before["voters"],
                           before["participants"])
        return change

    def _set_round_voters(self, number: int, voters: Sequence[str], participants: int) -> Change:
        """Puts a round's voters back (the undo of add_round_voter)."""
        voting_round = self.voting_round(number)
        with self._edit(f"Voters of round {number}") as change:
            before = {"voters": list(voting_round.voters), "participants": voting_round.participants}
            self._update(voting_round, voters=list(voters), participants=participants)
            change.undo_by("_set_round_voters", number, before["voters"], before["participants"])
        return change

    def next_voter(self) -> Change:
        """Hands over to the next voter of the open round (after the last: the first again);
        change.result is their name."""
        voting_round = self._round_or_open(None)
        names = round_voters(voting_round)
        with self._edit("Next voter") as change:
            before = names[voting_round.current_voter]
            self._update(voting_round, current_voter=(voting_round.current_voter + 1) % len(names))
            change.undo_by("set_current_voter", before)
            change.result = names[voting_round.current_voter]
        return change

    def set_current_voter(self, voter: str) -> Change:
        """Hands over to a voter of the open round by name; change.result is the name."""
        voting_round = self._round_or_open(None)
        names = round_voters(voting_round)
        if voter not in names:
            raise BoardError(f"{voter!r} is not a voter in round {voting_round.number}.")
        with self._edit("Change voter") as change:
            before = names[voting_round.current_voter]
            self._update(voting_round, current_voter=names.index(voter))
            change.undo_by("set_current_voter", before)
            change.result = voter
        return change

    def end_round(self) -> Change:
        """Ends the open round, which shows its dots to all; change.result is its number."""
        voting_round = self._round_or_open(None)
        with self._edit(f"End voting round {voting_round.number}") as change:
            self._update(voting_round, open=False)
            change.result = voting_round.number
            change.undo_by("_reopen_round", voting_round.number)
        return change

    def _reopen_round(self, number: int) -> Change:
        """Opens an ended round again (the undo of end_round), while no other round is open."""
        voting_round = self.voting_round(number)
        if self.open_round() is not None:
            raise BoardError(f"Voting round {self.open_round().number} is open; end it first.")
        with self._edit(f"Reopen voting round {number}") as change:
            self._update(voting_round, open=True)
            change.undo_by("end_round")
        return change

    def _round_or_open(self, number: Optional[int]) -> VotingRound:
        if number is not None:
            return self.voting_round(number)
        voting_round = self.open_round()
        if voting_round is None:
            raise BoardError("No voting round is open.")
        return voting_round

    def _hidden_rounds(self) -> set[int]:
        return {r.number for r in self._rows[VotingRound].values() if r.open and r.hidden}

    def _reading_order(self, note: Note) -> tuple:
        """Where a note comes when the board is read: grid, empathy map, parking lot."""
        if note.place == "cell":
            return (0, self.stage(note.stage_id).position, self.lane(note.lane_id).position, note.position)
        if note.place == "empathy":
            return (1, EMPATHY_SECTIONS.index(note.section), 0, note.position)
        return (2, 0, 0, note.position)
