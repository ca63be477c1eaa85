"""Any sequence of document calls can be undone back to the original board, redone back to the
final one, and what is in memory is what a fresh open of the file reads.

Timer calls are mixed in but kept off the undo chain, as the UI keeps them off its undo stack:
undoing every other call must give back the original board with the timer as it was last set."""
import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from app.model.document import BoardError, Document, Place
from app.model.entities import EMPATHY_SECTIONS, LaneKind
from app.model.interchange import board_json_text
from app.model.templates import template
from tests.model.board_rules import check_clusters, check_rounds

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
COLORS = st.sampled_from([None, "#FFE082", "#90CAF9", "#a5d6a7"])
VOTERS = ["Ana", "Bo", "Cy"]


def without_timer(text: str) -> dict:
    data = json.loads(text)
    del data["timer"]
    return data


def seeded(doc):
    """A template with a few notes, so that sequences soon move, group and vote."""
    template("future-state").apply(doc)
    stages, lanes = doc.stages(), doc.lanes()
    for stage, lane in ((0, 0), (0, 1), (1, 0)):
        doc.add_notes(Place.cell(stages[stage].id, lanes[lane].id), [{"text": t} for t in "abc"])
    doc.add_notes(Place.parking(), [{"text": "p"}, {"text": "q"}])


class EditSequence(RuleBasedStateMachine):
    @initialize()
    def open_board(self):
        self.folder = Path(tempfile.mkdtemp(prefix="jw-prop-"))
        self.doc = Document.create(self.folder / "b.cjm", seeded)
        self.original = board_json_text(self.doc)
        self.changes = []
        self.now = 1_750_000_000.0  # the fake wall clock of the timer calls

    def teardown(self):
        doc = getattr(self, "doc", None)
        if doc is None:
            return
        try:
            final = board_json_text(doc)
            with Document.snapshot(doc.path) as fresh:
                assert board_json_text(fresh) == final
            for change in reversed(self.changes):
                doc.undo(change)
            undone = board_json_text(doc)
            assert without_timer(undone) == without_timer(self.original)
            assert json.loads(undone)["timer"] == json.loads(final)["timer"]  # undo never moves it
            check_clusters(doc)
            for change in self.changes:
                doc.redo(change)
            assert board_json_text(doc) == final
        finally:
            doc.close()
            shutil.rmtree(self.folder)

    def record(self, call, *args, **kwargs):
        try:
            self.changes.append(call(*args, **kwargs))
        except BoardError:
            pass  # a refused call must change nothing; teardown's undo chain proves it

    def call(self, call, *args, **kwargs):
        """A call that is not for the undo stack (the timer)."""
        try:
            assert not getattr(call(*args, **kwargs), "undoable", True)
        except BoardError:
            pass

    @invariant()
    def board_rules_hold(self):
        if hasattr(self, "doc"):
            check_clusters(self.doc)
            check_rounds(self.doc)

    def places(self):
        cells = [Place.cell(s.id, lane.id) for s in self.doc.stages() for lane in self.doc.lanes()]
        return cells + [Place.parking()] + [Place.empathy(s) for s in EMPATHY_SECTIONS[:3]]

    def note_ids(self):
        return sorted(n.id for n in self.doc.notes())

    @rule(data=st.data(), text=TEXT, color=COLORS, index=st.none() | st.integers(0, 5))
    def add_note(self, data, text, color, index):
        place = data.draw(st.sampled_from(self.places()))
        self.record(self.doc.add_note, place, text, color=color, index=index)

    @rule(data=st.data(), texts=st.lists(TEXT, min_size=1, max_size=4))
    def paste_notes(self, data, texts):
        place = data.draw(st.sampled_from(self.places()))
        self.record(self.doc.add_notes, place, [{"text": t} for t in texts])

    @precondition(lambda self: self.doc.notes())
    @rule(data=st.data(), text=TEXT, tags=st.lists(TEXT, max_size=3), idea=st.booleans())
    def edit_note(self, data, text, tags, idea):
        note_id = data.draw(st.sampled_from(self.note_ids()))
        self.record(self.doc.edit_note, note_id, text=text, tags=tags, idea=idea)

    @precondition(lambda self: self.doc.notes())
    @rule(data=st.data(), index=st.none() | st.integers(0, 6), whole_cluster=st.booleans())
    def move_notes(self, data, index, whole_cluster):
        ids = data.draw(st.lists(st.sampled_from(self.note_ids()), min_size=1, max_size=3))
        if whole_cluster and self.doc.clusters():  # a cluster dragged (maybe with other notes)
            cluster = data.draw(st.sampled_from(self.doc.clusters()))
            ids = [n.id for n in self.doc.cluster_notes(cluster.id)] + ids[:1]
        place = data.draw(st.sampled_from(self.places()))
        self.record(self.doc.move_notes, ids, place, index)

    @precondition(lambda self: self.doc.notes())
    @rule(data=st.data(), color=COLORS)
    def recolor(self, data, color):
        ids = data.draw(st.lists(st.sampled_from(self.note_ids()), min_size=1, max_size=3))
        self.record(self.doc.recolor_notes, ids, color)

    @precondition(lambda self: self.doc.notes())
    @rule(data=st.data())
    def duplicate_or_delete(self, data):
        ids = data.draw(st.lists(st.sampled_from(self.note_ids()), min_size=1, max_size=3))
        call = data.draw(st.sampled_from([self.doc.duplicate_notes, self.doc.delete_notes]))
        self.record(call, ids)

    @precondition(lambda self: self.doc.notes())
    @rule(data=st.data(), count=st.integers(1, 3), voter=st.sampled_from(["", "Ana", "Bo"]))
    def vote(self, data, count, voter):
        note_id = data.draw(st.sampled_from(self.note_ids()))
        self.record(self.doc.add_votes, note_id, count, voter=voter, round=1)
        if data.draw(st.booleans()):
            self.record(self.doc.remove_vote, note_id, voter=voter, round=1)

    @rule(name=TEXT, index=st.none() | st.integers(0, 8))
    def add_stage(self, name, index):
        self.record(self.doc.add_stage, name, index)

    @rule(data=st.data(), name=TEXT, index=st.integers(0, 8), width=st.none() | st.floats(40, 900))
    def change_stage(self, data, name, index, width):
        stage = data.draw(st.sampled_from(self.doc.stages()))
        self.record(self.doc.rename_stage, stage.id, name)
        self.record(self.doc.move_stage, stage.id, index)
        self.record(self.doc.set_stage_width, stage.id, width)

    @precondition(lambda self: len(self.doc.stages()) > 1)
    @rule(data=st.data())
    def delete_stage(self, data):
        self.record(self.doc.delete_stage, data.draw(st.sampled_from(self.doc.stages())).id)

    @rule(name=TEXT, kind=st.sampled_from(list(LaneKind)), index=st.none() | st.integers(0, 8))
    def add_lane(self, name, kind, index):
        self.record(self.doc.add_lane, name, kind, index=index)

    @rule(data=st.data(), name=TEXT, color=COLORS, index=st.integers(0, 8))
    def change_lane(self, data, name, color, index):
        lane = data.draw(st.sampled_from(self.doc.lanes()))
        self.record(self.doc.edit_lane, lane.id, name=name, color=color)
        self.record(self.doc.move_lane, lane.id, index)

    @precondition(lambda self: len(self.doc.lanes()) > 1)
    @rule(data=st.data())
    def delete_lane(self, data):
        self.record(self.doc.delete_lane, data.draw(st.sampled_from(self.doc.lanes())).id)

    @rule(data=st.data(), score=st.none() | st.integers(-3, 3), value=TEXT)
    def set_scores(self, data, score, value):
        lane = data.draw(st.sampled_from(self.doc.lanes()))
        stage = data.draw(st.sampled_from(self.doc.stages()))
        self.record(self.doc.set_emotion, lane.id, stage.id, score)
        self.record(self.doc.set_metric, lane.id, stage.id, value)

    @rule(title=TEXT, goal=TEXT, name=TEXT, goals=st.lists(TEXT, max_size=2),
          agenda=st.lists(st.tuples(TEXT, st.integers(0, 90)), max_size=3))
    def edit_board(self, title, goal, name, goals, agenda):
        self.record(self.doc.set_board_info, title=title, goal=goal)
        self.record(self.doc.set_persona, name=name, goals=goals)
        self.record(self.doc.set_agenda, agenda)

    # ------------------------------------------------------------ workshop mode

    @rule(data=st.data(), hidden=st.booleans())
    def hide_lane(self, data, hidden):
        self.record(self.doc.set_lane_hidden, data.draw(st.sampled_from(self.doc.lanes())).id, hidden)

    @rule(data=st.data(), on=st.booleans(), hidden=st.booleans())
    def reveal(self, data, on, hidden):
        call = data.draw(st.sampled_from(["mode", "notes", "all"]))
        if call == "mode":
            self.record(self.doc.set_reveal_mode, on)
        elif call == "notes" and self.doc.notes():
            ids = data.draw(st.lists(st.sampled_from(self.note_ids()), min_size=1, max_size=3))
            self.record(self.doc.set_notes_hidden, ids, hidden)
        else:
            self.record(self.doc.reveal_all, keep_mode=on)

    @precondition(lambda self: self.doc.notes())
    @rule(data=st.data(), label=TEXT)
    def group(self, data, label):
        place = Place.of(self.doc.note(data.draw(st.sampled_from(self.note_ids()))))
        here = [n.id for n in self.doc.notes_at(place)]
        if data.draw(st.integers(0, 9)) == 0:  # now and then a mixed selection, which is refused
            here = self.note_ids()
        ids = data.draw(st.lists(st.sampled_from(here), min_size=1, max_size=4))
        before = len(self.changes)
        self.record(self.doc.group_notes, ids, label)
        if len(self.changes) == before:
            return
        # Then something that must keep the clusters' rules, right away: sequences of random
        # rules seldom bring a cluster and such a call together.
        cluster_id = self.changes[-1].result
        members = [n.id for n in self.doc.cluster_notes(cluster_id)]
        some = data.draw(st.lists(st.sampled_from(members), min_size=1, max_size=2))
        then = data.draw(st.sampled_from(["move some", "move all", "move in place", "delete",
                                          "delete stage or lane", "duplicate", "add inside", "vote"]))
        target = data.draw(st.sampled_from(self.places()))
        if then == "move some":
            self.record(self.doc.move_notes, some, target, data.draw(st.none() | st.integers(0, 4)))
        elif then == "move all":
            self.record(self.doc.move_notes, members + some, target, data.draw(st.none() | st.integers(0, 4)))
        elif then == "move in place":
            self.record(self.doc.move_notes, some, place, data.draw(st.integers(0, 6)))
        elif then == "delete":
            self.record(self.doc.delete_notes, some)
        elif then == "delete stage or lane" and place.kind == "cell":
            # The other rules need a stage and a lane left (as delete_stage's precondition).
            if data.draw(st.booleans()):
                if len(self.doc.stages()) > 1:
                    self.record(self.doc.delete_stage, place.stage_id)
            elif len(self.doc.lanes()) > 1:
                self.record(self.doc.delete_lane, place.lane_id)
        elif then == "duplicate":
            self.record(self.doc.duplicate_notes, some)
        elif then == "add inside":
            self.record(self.doc.add_notes, place, [{"text": "in"}], index=data.draw(st.integers(0, 6)))
        elif then == "vote":
            self.record(self.doc.add_votes, some[0], 1)

    @precondition(lambda self: self.doc.clusters())
    @rule(data=st.data(), label=TEXT, collapsed=st.booleans())
    def change_cluster(self, data, label, collapsed):
        cluster = data.draw(st.sampled_from(self.doc.clusters()))
        action = data.draw(st.sampled_from(["rename", "collapse", "ungroup", "add", "remove"]))
        if action == "rename":
            self.record(self.doc.rename_cluster, cluster.id, label)
        elif action == "collapse":
            self.record(self.doc.set_cluster_collapsed, cluster.id, collapsed)
        elif action == "ungroup":
            self.record(self.doc.ungroup, cluster.id)
        else:
            here = [n.id for n in self.doc.notes_at(Place.of(cluster))]
            ids = data.draw(st.lists(st.sampled_from(here), min_size=1, max_size=2))
            call = self.doc.add_to_cluster if action == "add" else self.doc.remove_from_cluster
            self.record(call, *([cluster.id, ids] if action == "add" else [ids]))

    @precondition(lambda self: self.doc.open_round() is None)
    @rule(dots=st.integers(0, 4), named=st.booleans(), count=st.integers(1, 3), hidden=st.booleans())
    def start_round(self, dots, named, count, hidden):
        if named:
            self.record(self.doc.start_round, dots, voters=VOTERS[:count], hidden=hidden)
        else:
            self.record(self.doc.start_round, dots, participants=count, hidden=hidden)

    @precondition(lambda self: self.doc.notes())
    @rule(data=st.data(), count=st.integers(1, 3), take_back=st.booleans())
    def vote_in_round(self, data, count, take_back):
        note_id = data.draw(st.sampled_from(self.note_ids()))
        self.record(self.doc.add_votes, note_id, count)
        if take_back:
            self.record(self.doc.remove_vote, note_id)

    @precondition(lambda self: self.doc.open_round() is not None)
    @rule(action=st.sampled_from(["next", "next", "end"]))
    def turn_or_end(self, action):
        self.record(self.doc.next_voter if action == "next" else self.doc.end_round)

    @rule(action=st.sampled_from(["start", "pause", "minute", "next", "reset"]),
          seconds=st.floats(0, 4000))
    def timer(self, action, seconds):
        self.now += seconds
        calls = {"start": self.doc.timer_start, "pause": self.doc.timer_pause,
                 "minute": self.doc.timer_add_minute, "next": self.doc.timer_next_block}
        if action == "reset":
            self.call(self.doc.timer_reset)
        else:
            self.call(calls[action], self.now)


EditSequence.TestCase.settings = settings(
    max_examples=50, stateful_step_count=30, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
test_any_edit_sequence_undoes_and_redoes = EditSequence.TestCase
