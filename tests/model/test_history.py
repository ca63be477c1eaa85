"""History: copies kept on open and every ten minutes of editing, listed with time and note
count, pruned by age and size (the newest twenty always kept), and restored as one undo step."""
import os
import shutil

from app.model import history
from app.model.document import Place
from tests.model.test_store import make_board


class Clock:
    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def fresh_history(path):
    shutil.rmtree(history.history_folder(path), ignore_errors=True)


def test_a_copy_is_kept_on_open_and_after_ten_minutes_of_editing(doc):
    fresh_history(doc.path)
    clock = Clock()
    history.Recorder(doc, clock)
    assert [s.notes for s in history.snapshots(doc.path)] == [0]
    doc.add_note(Place.parking(), "one")
    clock.now += history.EVERY_SECONDS - 1
    doc.add_note(Place.parking(), "two")
    assert len(history.snapshots(doc.path)) == 1  # not yet ten minutes
    clock.now += 1
    doc.add_note(Place.parking(), "three")
    kept = history.snapshots(doc.path)
    assert [s.notes for s in kept] == [3, 0] and kept[0].when == clock.now
    assert os.path.dirname(kept[0].path).startswith(os.environ["XDG_DATA_HOME"])


def test_a_lane_deleted_is_restored_from_history_and_the_restore_undone(doc):
    fresh_history(doc.path)
    history.Recorder(doc, Clock())
    lanes = [lane.name for lane in doc.lanes()]
    doc.add_note(Place.cell(doc.stages()[0].id, doc.lanes()[1].id), "in the lane")
    doc.delete_lane(doc.lanes()[1].id)
    from app.model.document import Document
    with Document.snapshot(history.snapshots(doc.path)[0].path) as kept:
        rows = history.board_rows(kept)
    change = doc.replace_contents(rows)
    assert [lane.name for lane in doc.lanes()] == lanes and doc.notes() == []  # as it was on open
    with Document.snapshot(doc.path) as on_disk:
        assert [lane.name for lane in on_disk.lanes()] == lanes
    doc.undo(change)
    assert len(doc.lanes()) == len(lanes) - 1


def test_old_copies_are_pruned_but_the_newest_twenty_always_stay(tmp_path):
    from app.model.document import Document
    path = make_board(tmp_path / "b.cjm")
    fresh_history(path)
    day = 86400
    with Document.open(path) as doc:
        start = 1_800_000_000.0
        for i in range(25):  # one a day, the oldest 100 days before the last
            history.keep_snapshot(doc, start + (i * 4 - 96) * day)
        kept = history.snapshots(path)
    # The five oldest (80 to 96 days old) went; the newest twenty stay, 76 days old ones too.
    assert len(kept) == history.MIN_KEPT
    assert round((start - kept[-1].when) / day) == 76 > history.MAX_AGE_DAYS
