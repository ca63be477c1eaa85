"""The one layout: notes sit inside their cells, never overlap, rows grow, text is never cut."""
import itertools

from app.model.document import Place
from app.model.entities import LaneKind
from app.model.layout import NOTE_MIN_H, NOTE_TEXT_MIN, compute_layout
from app.model.text import text_width


def overlaps(a, b):
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def test_notes_inside_their_cell_and_never_overlapping(doc):
    stage, lane = doc.stages()[1], doc.lanes()[0]
    place = Place.cell(stage.id, lane.id)
    doc.add_notes(place, [{"text": f"note {i} " * (i + 1)} for i in range(7)])
    doc.add_notes(Place.parking(), [{"text": "later"}] * 3)
    layout = compute_layout(doc)
    cell = next(c for c in layout.cells if c.place == place)
    for box in layout.notes.values():
        holder = cell if box.place == place else layout.parking
        assert holder.rect.x <= box.rect.x and box.rect.right <= holder.rect.right
        assert holder.rect.y <= box.rect.y and box.rect.bottom <= holder.rect.bottom
    for a, b in itertools.combinations(layout.notes.values(), 2):
        assert not overlaps(a.rect, b.rect)


def test_row_grows_with_its_notes_and_the_rows_below_move_down(doc):
    lane = doc.lanes()[0]
    before = compute_layout(doc)
    doc.add_notes(Place.cell(doc.stages()[0].id, lane.id), [{"text": "x"}] * 9)
    after = compute_layout(doc)
    assert after.lanes[0].row.h > before.lanes[0].row.h + 3 * NOTE_MIN_H
    assert after.lanes[1].row.y == after.lanes[0].row.bottom


def test_text_shrinks_then_the_note_grows_and_nothing_is_cut(doc):
    place = Place.cell(doc.stages()[0].id, doc.lanes()[0].id)
    short, medium, huge = doc.add_notes(place, [
        {"text": "Short"}, {"text": "A somewhat longer note that needs a few lines of text"},
        {"text": "word " * 2000}]).result
    layout = compute_layout(doc)
    assert layout.notes[short].text.size > layout.notes[medium].text.size
    big = layout.notes[huge]
    assert big.text.size == NOTE_TEXT_MIN and big.rect.h > 20 * NOTE_MIN_H
    assert "".join(big.text.lines).replace(" ", "") == ("word " * 2000).replace(" ", "")
    for box in layout.notes.values():
        for line in box.text.lines:
            assert text_width(line, box.text.size) <= box.rect.w


def test_the_same_board_gives_the_same_layout(doc):
    doc.add_notes(Place.cell(doc.stages()[2].id, doc.lanes()[1].id), [{"text": "漢字かなカナ"}, {"text": "שלום"}])
    assert compute_layout(doc) == compute_layout(doc)


def test_drop_point_to_cell_and_index(doc):
    place = Place.cell(doc.stages()[0].id, doc.lanes()[0].id)
    ids = doc.add_notes(place, [{"text": t} for t in "abc"]).result
    layout = compute_layout(doc)
    first, second = layout.notes[ids[0]].rect, layout.notes[ids[1]].rect
    assert layout.place_at(first.x + 1, first.y + 1).place == place
    assert layout.insert_index(place, first.x + 2, first.y + 5) == 0
    assert layout.insert_index(place, second.x + second.w - 2, second.y + 5) == 2
    assert layout.insert_index(place, first.x, first.bottom + 500) == 3
    assert layout.insert_index(place, first.x + 2, first.y + 5, ignore=frozenset({ids[0]})) == 0
    assert layout.place_at(-5, -5) is None


def test_emotion_points_follow_scores(doc):
    lane = next(lane for lane in doc.lanes() if lane.kind == LaneKind.EMOTION)
    s0, s1 = doc.stages()[0], doc.stages()[1]
    doc.set_emotion(lane.id, s0.id, -2)
    doc.set_emotion(lane.id, s1.id, 2)
    layout = compute_layout(doc)
    low, high = layout.emotions[lane.id]
    assert high.y < low.y and low.x < high.x
    assert layout.emotion_score_at(lane.id, high.y) == 2
    assert layout.emotion_score_at(lane.id, low.y) == -2
    assert layout.emotion_score_at(lane.id, (low.y + high.y) / 2) == 0
