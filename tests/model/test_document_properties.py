"""Any sequence of document calls can be undone back to the original board, redone back to the
final one, and what is in memory is what a fresh open of the file reads."""
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

from app.model.document import BoardError, Document, Place
from app.model.entities import EMPATHY_SECTIONS
from app.model.interchange import board_json_text
from app.model.templates import template

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
COLORS = st.sampled_from([None, "#FFE082", "#90CAF9", "#a5d6a7"])


class EditSequence(RuleBasedStateMachine):
    @initialize()
    def open_board(self):
        self.folder = Path(tempfile.mkdtemp(prefix="jw-prop-"))
        self.doc = Document.create(self.folder / "b.cjm", lambda d: template("future-state").apply(d))
        self.original = board_json_text(self.doc)
        self.changes = []

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
            assert board_json_text(doc) == self.original
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
    @rule(data=st.data(), index=st.none() | st.integers(0, 6))
    def move_notes(self, data, index):
        ids = data.draw(st.lists(st.sampled_from(self.note_ids()), min_size=1, max_size=3))
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

    @rule(name=TEXT, kind=st.sampled_from(["notes", "emotion", "metric"]), index=st.none() | st.integers(0, 8))
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


EditSequence.TestCase.settings = settings(
    max_examples=40, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
test_any_edit_sequence_undoes_and_redoes = EditSequence.TestCase
