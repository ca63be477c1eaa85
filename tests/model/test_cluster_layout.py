"""Clusters and voting rounds in the one layout: frames around grouped notes, stacks for
collapsed clusters, and no note that grows when somebody secretly votes for it."""
from app.model.document import Place
from app.model.empathy_layout import compute_empathy_layout
from app.model.layout import compute_layout


def contains(outer, inner):
    return (outer.x <= inner.x and inner.right <= outer.right
            and outer.y <= inner.y and inner.bottom <= outer.bottom)


def cell_with_notes(doc, count):
    place = Place.cell(doc.stages()[0].id, doc.lanes()[0].id)
    return place, doc.add_notes(place, [{"text": f"note {i}"} for i in range(count)]).result


def test_a_cluster_frames_its_notes_under_its_label_and_the_rest_follow_below(doc):
    place, ids = cell_with_notes(doc, 5)
    cluster_id = doc.group_notes(ids[1:4], "Slow checkout").result
    layout = compute_layout(doc)
    frame = next(c for c in layout.clusters if c.cluster_id == cluster_id)
    assert frame.label.lines[0].startswith("Slow checkout · 3")
    for note_id in ids[1:4]:
        assert contains(frame.rect, layout.notes[note_id].rect)
        assert layout.notes[note_id].rect.y > frame.rect.y + 20  # below the label strip
    outside = [layout.notes[i].rect for i in (ids[0], ids[4])]
    assert all(not contains(frame.rect, r) for r in outside)
    assert layout.notes[ids[4]].rect.y > frame.rect.bottom  # the notes after it start a new row
    cell = next(c for c in layout.cells if c.place == place)
    assert contains(cell.rect, frame.rect)


def test_a_collapsed_cluster_shows_its_first_note_and_drops_after_it_land_after_the_cluster(doc):
    place, ids = cell_with_notes(doc, 4)
    cluster_id = doc.group_notes(ids[:3], "Same idea").result
    doc.set_cluster_collapsed(cluster_id, True)
    layout = compute_layout(doc)
    assert ids[0] in layout.notes and ids[1] not in layout.notes and ids[2] not in layout.notes
    frame = layout.clusters[0]
    assert frame.collapsed and frame.folded == 2 and "3 notes" in frame.label.lines[0]
    top = layout.notes[ids[0]].rect
    assert layout.insert_index(place, top.right + 1, top.y + 5) == 3  # after the folded notes
    assert layout.insert_index(place, top.x + 1, top.y + 5) == 0
    doc.set_cluster_collapsed(cluster_id, False)
    assert all(i in compute_layout(doc).notes for i in ids)


def test_clusters_in_the_empathy_map_are_framed_too(doc):
    ids = doc.add_notes(Place.empathy("says"), [{"text": "a"}, {"text": "b"}, {"text": "c"}]).result
    doc.group_notes(ids[:2], "Quotes")
    layout = compute_empathy_layout(doc)
    frame = layout.clusters[0]
    assert contains(frame.rect, layout.notes[ids[0]].rect) and contains(frame.rect, layout.notes[ids[1]].rect)
    assert contains(layout.section("says").rect, frame.rect)


def test_a_secret_dot_never_changes_the_board_the_room_sees(doc):
    _, ids = cell_with_notes(doc, 3)
    doc.start_round(3, ["Ana", "Ben"], hidden=True)
    before = compute_layout(doc)
    doc.add_votes(ids[1])
    after = compute_layout(doc)
    assert {i: b.rect for i, b in before.notes.items()} == {i: b.rect for i, b in after.notes.items()}
