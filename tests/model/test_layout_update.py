"""The surface laid out again only where a change touched it equals the surface laid out anew,
exactly, after any sequence of document calls (and their undos)."""
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from app.model.document import BoardError, Document, Place
from app.model.entities import LaneKind
from app.model.surface import compute_surface, update_surface
from app.model.templates import template

# Short and long texts: a long one makes its note, and so its row, taller.
TEXTS = st.sampled_from(["", "a", "Checkout fails twice", "word " * 40, "長い文章" * 30, "שלום עולם"])
COLORS = st.sampled_from([None, "#FFE082", "#90CAF9"])


def seeded(doc):
    template("current-state").apply(doc)
    for stage in doc.stages()[:3]:
        for lane in doc.lanes():
            if lane.kind == LaneKind.NOTES:
                doc.add_notes(Place.cell(stage.id, lane.id), [{"text": t} for t in ("one", "two", "three")])
    doc.add_notes(Place.parking(), [{"text": "parked"}])
    doc.add_notes(Place.empathy("says"), [{"text": "said"}])


def same_surface(a, b) -> None:
    assert a.grid == b.grid
    assert a.empathy == b.empathy
    assert a.boxes == b.boxes
    assert a.clusters == b.clusters
    assert a.spots == b.spots
    assert (a.width, a.height) == (b.width, b.height)


class IncrementalLayout(RuleBasedStateMachine):
    @initialize()
    def open_board(self):
        self.folder = Path(tempfile.mkdtemp(prefix="jw-layout-"))
        self.doc = Document.create(self.folder / "b.cjm", seeded)
        self.surface = compute_surface(self.doc)
        self.done = []

    def teardown(self):
        if getattr(self, "doc", None) is not None:
            self.doc.close()
            shutil.rmtree(self.folder)

    def places(self):
        doc = self.doc
        cells = [Place.cell(s.id, lane.id) for s in doc.stages() for lane in doc.lanes() if lane.kind != LaneKind.METRIC]
        return cells + [Place.parking(), Place.empathy("says"), Place.empathy("pains")]

    def apply(self, call, *args, **kwargs):
        try:
            change = call(*args, **kwargs)
        except BoardError:
            return
        self.done.append(change)
        self.follow(change)

    def follow(self, change):
        before = self.surface
        self.surface = update_surface(before, self.doc, change)
        fresh = compute_surface(self.doc)
        same_surface(self.surface, fresh)
        if self.surface.changed is not None:  # every note whose box differs is named
            differ = {i for i in set(before.boxes) | set(fresh.boxes) if before.boxes.get(i) != fresh.boxes.get(i)}
            assert differ <= self.surface.changed

    def note_ids(self):
        return sorted(n.id for n in self.doc.notes())

    @rule(data=st.data(), text=TEXTS)
    def add_note(self, data, text):
        place = data.draw(st.sampled_from(self.places()))
        self.apply(self.doc.add_note, place, text, index=data.draw(st.integers(0, 5)))

    @rule(data=st.data(), count=st.integers(1, 12))
    def add_burst(self, data, count):
        place = data.draw(st.sampled_from(self.places()))
        self.apply(self.doc.add_notes, place, [{"text": f"burst {i}"} for i in range(count)])

    @rule(data=st.data(), text=TEXTS, color=COLORS)
    def edit_note(self, data, text, color):
        ids = self.note_ids()
        if ids:
            note_id = data.draw(st.sampled_from(ids))
            fields = data.draw(st.sampled_from([{"text": text}, {"color": color}, {"tags": ["web"]},
                                                {"owner": "Ana"}, {"idea": True}]))
            self.apply(self.doc.edit_note, note_id, **fields)

    @rule(data=st.data())
    def move_notes(self, data):
        ids = self.note_ids()
        if ids:
            moving = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=4, unique=True))
            place = data.draw(st.sampled_from(self.places()))
            self.apply(self.doc.move_notes, moving, place, data.draw(st.integers(0, 6)))

    @rule(data=st.data())
    def delete_notes(self, data):
        ids = self.note_ids()
        if ids:
            self.apply(self.doc.delete_notes, data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3)))

    @rule(data=st.data())
    def vote(self, data):
        ids = self.note_ids()
        if ids:
            note_id = data.draw(st.sampled_from(ids))
            self.apply(self.doc.add_votes if data.draw(st.booleans()) else self.doc.remove_vote, note_id)

    @rule(data=st.data())
    def cluster(self, data):
        place = data.draw(st.sampled_from(self.places()))
        notes = self.doc.notes_at(place)
        if len(notes) >= 2:
            self.apply(self.doc.group_notes, [n.id for n in notes[:2]], "Group")
        clusters = self.doc.clusters()
        if clusters:
            cluster = data.draw(st.sampled_from(clusters))
            if data.draw(st.booleans()):
                self.apply(self.doc.set_cluster_collapsed, cluster.id, not cluster.collapsed)
            else:
                self.apply(self.doc.ungroup, cluster.id)

    @rule(data=st.data(), score=st.one_of(st.none(), st.integers(-2, 2)))
    def emotion_or_metric(self, data, score):
        stage = data.draw(st.sampled_from(self.doc.stages()))
        for lane in self.doc.lanes():
            if lane.kind == LaneKind.EMOTION:
                self.apply(self.doc.set_emotion, lane.id, stage.id, score)
            elif lane.kind == LaneKind.METRIC:
                self.apply(self.doc.set_metric, lane.id, stage.id, "NPS 31 " * data.draw(st.integers(0, 12)))

    @rule(data=st.data())
    def grid_wide(self, data):  # laid out anew: the property holds trivially, the next edits build on it
        stage = data.draw(st.sampled_from(self.doc.stages()))
        self.apply(self.doc.rename_stage, stage.id, "Renamed " + data.draw(TEXTS)[:30] + "x")

    @rule()
    def undo_last(self):
        if self.done:
            self.follow(self.doc.undo(self.done.pop()))

    @invariant()
    def surface_is_whole(self):
        if hasattr(self, "doc"):
            assert set(self.surface.boxes) <= {n.id for n in self.doc.notes()}


IncrementalLayout.TestCase.settings = settings(max_examples=40, stateful_step_count=25, deadline=None,
                                               suppress_health_check=[HealthCheck.too_slow])
test_incremental_layout = IncrementalLayout.TestCase


def test_an_edit_lays_out_only_its_cell(tmp_path):
    doc = Document.create(tmp_path / "b.cjm", seeded)
    surface = compute_surface(doc)
    cell = Place.cell(doc.stages()[0].id, doc.lanes()[0].id)
    note = doc.notes_at(cell)[0]
    after = update_surface(surface, doc, doc.edit_note(note.id, text="short", color="#90CAF9"))
    assert note.id in after.changed
    assert after.changed <= {n.id for n in doc.notes_at(cell)}
    elsewhere = [n.id for n in doc.notes() if Place.of(n) != cell]
    assert all(after.boxes[i] is surface.boxes[i] for i in elsewhere)
    same_surface(after, compute_surface(doc))
    doc.close()


def test_a_taller_row_moves_the_rows_below(tmp_path):
    doc = Document.create(tmp_path / "b.cjm", seeded)
    surface = compute_surface(doc)
    lane = doc.lanes()[0]
    note = doc.notes_at(Place.cell(doc.stages()[0].id, lane.id))[0]
    after = update_surface(surface, doc, doc.edit_note(note.id, text="longer " * 60))
    below = [n.id for n in doc.notes() if n.place == "parking"]
    assert below and all(after.boxes[i].rect.y > surface.boxes[i].rect.y for i in below)
    assert set(below) <= after.changed
    same_surface(after, compute_surface(doc))
    doc.close()
