"""The empathy map's geometry: every note shows in both layouts, inside its own section, and
nothing overlaps."""
import itertools

import pytest

from app.model.document import Place
from app.model.empathy_layout import (
    CANVAS_SECTIONS, CLASSIC_SECTIONS, compute_empathy_layout, initials,
)
from app.model.entities import EMPATHY_SECTIONS
from app.model.layout import NOTE_GAP, NOTE_MIN_H


def overlaps(a, b):
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def inside(inner, outer):
    return (outer.x <= inner.x and inner.right <= outer.right
            and outer.y <= inner.y and inner.bottom <= outer.bottom)


def fill_every_section(doc, per_section=3):
    ids = {}
    for n, section in enumerate(EMPATHY_SECTIONS):
        specs = [{"text": f"{section} {i} " + "word " * (i * 7)} for i in range(per_section + n % 3)]
        ids[section] = doc.add_notes(Place.empathy(section), specs).result
    return ids


@pytest.mark.parametrize("kind", ["classic", "canvas"])
def test_every_note_inside_its_own_section_and_nothing_overlaps(doc, kind):
    ids = fill_every_section(doc)
    doc.add_votes(ids["pains"][0], 3)
    doc.set_board_info(empathy_layout=kind)
    layout = compute_empathy_layout(doc)
    assert layout.kind == kind
    shown = {note_id for s in layout.sections for note_id in (b.note_id for b in s.notes)}
    assert shown == {i for group in ids.values() for i in group} == set(layout.notes)
    for section in layout.sections:
        assert [b.note_id for b in section.notes] == ids[section.section]  # in their order
        for box in section.notes:
            assert inside(box.rect, section.rect)
            assert box.rect.y >= section.title_rect.bottom  # below the title, never over it
            assert box.place == Place.empathy(section.section)
    for a, b in itertools.combinations(layout.sections, 2):
        assert not overlaps(a.rect, b.rect), (a.section, b.section)
    for a, b in itertools.combinations(layout.notes.values(), 2):
        assert not overlaps(a.rect, b.rect)
    for section in layout.sections:
        assert 0 <= section.rect.x and section.rect.right <= layout.width + 1e-6
        assert 0 <= section.rect.y and section.rect.bottom <= layout.height + 1e-6


def test_classic_shows_its_six_sections_around_the_persona(doc):
    doc.set_persona(name="Paige Turner")
    layout = compute_empathy_layout(doc, "classic")
    assert [s.section for s in layout.sections] == list(CLASSIC_SECTIONS)
    assert all(s.number is None and not s.extra for s in layout.sections)
    says, thinks, does, feels = (layout.section(k).rect for k in ("says", "thinks", "does", "feels"))
    assert says.x < thinks.x and says.y < does.y and feels.x > does.x
    persona = layout.persona
    assert persona.initials == "PT" and persona.name_text.lines == ("Paige Turner",)
    # The circle sits where the four quadrants meet and covers no note or title.
    assert (persona.cx, persona.cy) == (says.right, says.bottom)
    doc.add_notes(Place.empathy("says"), [{"text": "x"}] * 9)
    doc.add_notes(Place.empathy("feels"), [{"text": "y"}] * 9)
    layout = compute_empathy_layout(doc, "classic")
    p = layout.persona
    for s in layout.sections:
        for r in [s.title_rect] + [b.rect for b in s.notes]:
            nearest_x = min(max(p.cx, r.x), r.right)
            nearest_y = min(max(p.cy, r.y), r.bottom)
            assert (nearest_x - p.cx) ** 2 + (nearest_y - p.cy) ** 2 >= p.r ** 2


def test_canvas_numbers_its_steps_and_frames_think_and_feel(doc):
    layout = compute_empathy_layout(doc, "canvas")
    assert {s.section for s in layout.sections} == set(CANVAS_SECTIONS)
    numbers = {s.section: s.number for s in layout.sections if s.number}
    assert numbers == {"who": 1, "goal": 2, "sees": 3, "says": 4, "does": 5, "hears": 6}
    assert [s.title for s in layout.sections][:6] == ["Who", "Goal", "See", "Say", "Do", "Hear"]
    (frame,) = layout.frames
    assert frame.number == 7 and frame.title == "Think & Feel"
    for key in ("thinks", "feels", "pains", "gains"):
        assert inside(layout.section(key).rect, frame.rect)
    hear, say, see, do = (layout.section(k).rect for k in ("hears", "says", "sees", "does"))
    assert hear.right <= frame.rect.x and frame.rect.right <= say.x  # Hear | 7 | Say
    assert see.bottom <= frame.rect.y and frame.rect.bottom <= do.y  # See above, Do below
    assert layout.section("pains").rect.y > layout.section("thinks").rect.y  # split below


def test_switching_layout_never_hides_a_note_extra_sections_appear(doc):
    seen = doc.add_notes(Place.empathy("sees"), [{"text": "ads on the metro"}]).result
    heard = doc.add_notes(Place.empathy("hears"), [{"text": "friends say it is slow"}]).result
    classic = compute_empathy_layout(doc, "classic")
    extras = [s for s in classic.sections if s.extra]
    assert [s.section for s in extras] == ["sees", "hears"]
    assert [b.note_id for b in classic.section("sees").notes] == seen
    assert [b.note_id for b in classic.section("hears").notes] == heard
    bottom = max(s.rect.bottom for s in classic.sections if not s.extra)
    assert all(s.rect.y >= bottom for s in extras)  # below the map, not over it
    # Empty sections the layout lacks stay out of the way.
    assert classic.section("who") is None and classic.section("goal") is None
    canvas = compute_empathy_layout(doc, "canvas")
    assert not any(s.extra for s in canvas.sections)


def test_sections_grow_to_fit_their_notes(doc):
    before = compute_empathy_layout(doc, "canvas")
    doc.add_notes(Place.empathy("hears"), [{"text": f"heard {i}"} for i in range(9)])
    after = compute_empathy_layout(doc, "canvas")
    rows = 5  # nine notes, two to a row
    assert after.section("hears").rect.h >= rows * NOTE_MIN_H + (rows - 1) * NOTE_GAP
    assert after.section("hears").rect.h > before.section("hears").rect.h
    assert after.section("does").rect.y > before.section("does").rect.y  # the row below moves down
    assert after.height > before.height


def test_the_same_board_gives_the_same_layout(doc):
    fill_every_section(doc, 2)
    for kind in ("classic", "canvas"):
        assert compute_empathy_layout(doc, kind) == compute_empathy_layout(doc, kind)


def test_drop_point_to_section_and_index(doc):
    ids = doc.add_notes(Place.empathy("feels"), [{"text": t} for t in "abcd"]).result
    layout = compute_empathy_layout(doc, "classic")
    first, second = layout.notes[ids[0]].rect, layout.notes[ids[1]].rect
    assert layout.section_at(first.x + 1, first.y + 1).section == "feels"
    assert layout.insert_index("feels", first.x + 2, first.y + 5) == 0
    assert layout.insert_index("feels", second.right - 2, second.y + 5) == 2
    assert layout.insert_index("feels", first.x, first.bottom + 900) == 4
    assert layout.insert_index("feels", first.x + 2, first.y + 5, ignore=frozenset({ids[0]})) == 0
    assert layout.section_at(-5, -5) is None


def test_note_colour_falls_back_to_the_section_colour(doc):
    plain, red = doc.add_notes(Place.empathy("pains"), [{"text": "a"}, {"text": "b", "color": "#FF0000"}]).result
    layout = compute_empathy_layout(doc, "classic")
    assert layout.notes[plain].color == layout.section("pains").color
    assert layout.notes[red].color == "#FF0000"


def test_initials():
    assert initials("Paige Turner") == "PT"
    assert initials("  ") == "?"
    assert initials("Zoë") == "Z"
    assert initials("José María López") == "JL"


def test_a_long_persona_name_wraps_and_pushes_the_lower_quadrants_down(doc):
    short = compute_empathy_layout(doc, "classic")
    doc.set_persona(name="Dr. Maria-Fernanda Gonçalves de Albuquerque e Vasconcelos Pereira")
    layout = compute_empathy_layout(doc, "classic")
    name = layout.persona.name_rect
    assert len(layout.persona.name_text.lines) > 1
    assert layout.persona.name_text.height <= name.h
    for key in ("does", "feels"):
        assert layout.section(key).title_rect.y >= name.bottom
    assert layout.section("does").title_rect.y > short.section("does").title_rect.y
