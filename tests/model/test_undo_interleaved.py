"""Undo by operation: local edits interleaved with edits from elsewhere (a remote peer's plain
document calls, which never reach the local undo stack) undo cleanly.

Undoing the local changes, newest first, must take back only what they did: the remote notes
stay, with their texts, where the remote put them; every locally made note goes; the local
notes get their texts, colours and places back; every place is numbered 0..n-1; and the file
says what memory says. Redoing them all then brings the local notes back under their ids.

Local and remote calls touch different notes (the seeded notes are shared out between them),
so every expectation is exact; they share the cells, so positions interleave."""
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

from app.model.document import BoardError, Document, Place
from app.model.interchange import board_json_text
from tests.model.board_rules import check_clusters
from tests.model.test_document_properties import COLORS, seeded

TEXT = st.text("abc xyz", max_size=6)
INDEX = st.none() | st.integers(0, 6)


def check_positions(doc):
    places = defaultdict(list)
    for note in doc.notes():
        places[Place.of(note)].append(note.position)
    for place, positions in places.items():
        assert sorted(positions) == list(range(len(positions))), f"{place}: {sorted(positions)}"


class Interleaved(RuleBasedStateMachine):
    @initialize()
    def open_board(self):
        self.folder = Path(tempfile.mkdtemp(prefix="jw-undo-"))
        self.doc = Document.create(self.folder / "b.cjm", seeded)
        seed = sorted(self.doc.notes(), key=lambda n: n.id)
        # Every other seeded note is the remote's; its notes: id -> (text, place) it last gave.
        self.remote = {n.id: (n.text, Place.of(n)) for n in seed[1::2]}
        self.local_seed = {n.id: (n.text, n.color, Place.of(n)) for n in seed[::2]}
        self.created = set()  # notes made by local calls
        self.changes = []  # the local undo stack

    def teardown(self):
        doc = getattr(self, "doc", None)
        if doc is None:
            return
        try:
            made = {i: doc.note(i).text for i in self.created if doc.has_note(i)}
            for change in reversed(self.changes):
                doc.undo(change)
            self.check_remote()
            assert not any(doc.has_note(i) for i in self.created)
            for note_id, (text, color, place) in self.local_seed.items():
                note = doc.note(note_id)
                assert (note.text, note.color, Place.of(note)) == (text, color, place)
            check_positions(doc)
            check_clusters(doc)
            undone = board_json_text(doc)
            doc.close()
            self.doc = doc = Document.open(self.folder / "b.cjm")
            assert board_json_text(doc) == undone
            for change in self.changes:  # the undo steps work on the reopened board too
                doc.redo(change)
            assert {i: doc.note(i).text for i in made} == made
            self.check_remote()
            check_positions(doc)
            check_clusters(doc)
        finally:
            doc.close()
            shutil.rmtree(self.folder)

    def check_remote(self):
        for note_id, (text, place) in self.remote.items():
            note = self.doc.note(note_id)
            assert (note.text, Place.of(note)) == (text, place)

    def places(self):
        stages, lanes = self.doc.stages(), self.doc.lanes()
        return [Place.cell(s.id, lane.id) for s in stages[:2] for lane in lanes[:2]] + [Place.parking()]

    def local_ids(self):
        return sorted(i for i in [*self.local_seed, *self.created] if self.doc.has_note(i))

    def local(self, call, *args, **kwargs):
        try:
            change = call(*args, **kwargs)
        except BoardError:
            return None
        if change:  # as the UI pushes only changes that changed something
            self.changes.append(change)
        return change

    # ------------------------------------------------------------ local calls (undoable)

    @rule(data=st.data(), texts=st.lists(TEXT, min_size=1, max_size=3), index=INDEX)
    def add(self, data, texts, index):
        place = data.draw(st.sampled_from(self.places()))
        change = self.local(self.doc.add_notes, place, [{"text": t} for t in texts], index=index)
        self.created.update(change.result)

    @precondition(lambda self: self.local_ids())
    @rule(data=st.data(), text=TEXT, color=COLORS)
    def edit(self, data, text, color):
        note_id = data.draw(st.sampled_from(self.local_ids()))
        self.local(self.doc.edit_note, note_id, text=text, color=color)

    @precondition(lambda self: self.local_ids())
    @rule(data=st.data(), index=INDEX)
    def move(self, data, index):
        ids = data.draw(st.lists(st.sampled_from(self.local_ids()), min_size=1, max_size=3))
        self.local(self.doc.move_notes, ids, data.draw(st.sampled_from(self.places())), index)

    @precondition(lambda self: self.local_ids())
    @rule(data=st.data(), delete=st.booleans())
    def delete_or_duplicate(self, data, delete):
        ids = data.draw(st.lists(st.sampled_from(self.local_ids()), min_size=1, max_size=2))
        if delete:
            self.local(self.doc.delete_notes, ids)
        else:
            self.created.update(self.local(self.doc.duplicate_notes, ids).result)

    @precondition(lambda self: self.local_ids())
    @rule(data=st.data(), ungroup=st.booleans())
    def group(self, data, ungroup):
        place = Place.of(self.doc.note(data.draw(st.sampled_from(self.local_ids()))))
        mine = [i for i in self.local_ids() if Place.of(self.doc.note(i)) == place]
        change = self.local(self.doc.group_notes, data.draw(st.lists(st.sampled_from(mine), min_size=1)))
        if change and ungroup:
            self.local(self.doc.ungroup, change.result)

    # ------------------------------------------------------------ remote calls (never undone)

    @rule(data=st.data(), text=TEXT, index=INDEX)
    def remote_add(self, data, text, index):
        place = data.draw(st.sampled_from(self.places()))
        self.remote[self.doc.add_note(place, text, index=index).result] = (text, place)

    @precondition(lambda self: self.remote)
    @rule(data=st.data(), index=INDEX)
    def remote_move(self, data, index):
        ids = data.draw(st.lists(st.sampled_from(sorted(self.remote)), min_size=1, max_size=2))
        place = data.draw(st.sampled_from(self.places()))
        self.doc.move_notes(ids, place, index)
        for note_id in ids:
            self.remote[note_id] = (self.remote[note_id][0], place)

    @precondition(lambda self: self.remote)
    @rule(data=st.data(), text=TEXT, delete=st.booleans())
    def remote_edit_or_delete(self, data, text, delete):
        note_id = data.draw(st.sampled_from(sorted(self.remote)))
        if delete:
            self.doc.delete_notes([note_id])
            del self.remote[note_id]
        else:
            self.doc.edit_note(note_id, text=text)
            self.remote[note_id] = (text, self.remote[note_id][1])


Interleaved.TestCase.settings = settings(
    max_examples=60, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
test_local_undo_keeps_remote_edits = Interleaved.TestCase
