"""PDF export, checked as a reader of the file would: the text is there and searchable in every
script, the fonts are embedded, the pages are not blank and show the notes' colours, the
outline and metadata are set, the attached board opens again, and a failed export leaves
nothing behind."""
import re
import subprocess
import unicodedata

import pytest
from PIL import Image, ImageStat
from pypdf import PdfReader

from app.export import pdf as pdf_module
from app.export.pdf import export_pdf, read_embedded_board
from app.export.pdf_text import line_width
from app.model.document import Document, Place
from app.model.interchange import board_json_text, import_board
from app.model.layout import NOTE_PAD, compute_layout
from app.model.store import BoardFileError
from app.model.templates import template

from .conftest import EMPATHY, LONG_NOTE, PINK

# poppler-utils (pdftotext, pdffonts, pdftoppm) check the PDF as a reader would; the tests fail
# rather than skip without them, so a machine that lacks them is noticed.


def pdftotext(path, first=None, last=None) -> str:
    pages = (["-f", str(first)] if first else []) + (["-l", str(last)] if last else [])
    return subprocess.run(["pdftotext", *pages, str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def norm(text: str) -> str:
    """What a search compares: compatibility forms folded (Arabic presentation forms to
    letters), bidi marks that pdftotext adds dropped, and no whitespace (the layout breaks lines)."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufe0f]", "", text)
    return re.sub(r"\s+", "", text)


def outline_titles(reader: PdfReader) -> dict[str, int]:
    titles = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles[item.title] = reader.get_destination_page_number(item) + 1

    walk(reader.outline)
    return titles


def render(path, page: int, tmp_path) -> Image.Image:
    prefix = tmp_path / f"page{page}"
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", str(page), "-l", str(page), "-singlefile",
                    str(path), str(prefix)], check=True)
    return Image.open(f"{prefix}.png").convert("RGB")


@pytest.fixture(scope="module")
def exported(sample_board, tmp_path_factory):
    target = tmp_path_factory.mktemp("pdf") / "board.pdf"
    calls = []
    pages = export_pdf(sample_board, target, page="a3", embed_board=True, handout=True,
                       progress=lambda done, total: calls.append((done, total)))
    return target, pages, calls


def test_every_note_stage_and_lane_can_be_found_in_the_text(sample_board, exported):
    target, _, _ = exported
    reader = PdfReader(target)
    pages = outline_titles(reader)
    map_text = norm(pdftotext(target, pages["Journey map"], pages["Journey map"]))
    for note in sample_board.notes():
        if note.place == "empathy":
            continue
        assert norm(note.text) in map_text, note.text[:60]
    for stage in sample_board.stages():
        assert norm(stage.name) in map_text
    for lane in sample_board.lanes():
        assert norm(lane.name) in map_text
    assert norm(LONG_NOTE) in map_text  # 2,000 characters, all of them, in order
    empathy = norm(pdftotext(target, pages["Empathy map"], pages["Empathy map"]))
    for texts in EMPATHY.values():
        for text in texts:
            assert norm(text) in empathy


def test_scripts_come_out_right(exported):
    target, _, _ = exported
    raw = pdftotext(target, 2, 2)
    text = norm(raw)
    for sample in ("naïve résumé façade", "видеообзор", "κριτικές", "比较三个产品的价格", "料金プラン",
                   "לא מוצאת את כפתור ההרשמה", "لا أجد زر التسجيل", "checklist 😀"):
        assert norm(sample) in text, sample
    # Arabic is shaped: the PDF draws the joined letter forms, not the isolated letters.
    assert re.search("[\ufe70-\ufeff]", raw)


def test_fonts_are_embedded(exported):
    target, _, _ = exported
    listing = subprocess.run(["pdffonts", str(target)], check=True, capture_output=True, text=True).stdout
    rows = listing.splitlines()[2:]
    assert rows
    for row in rows:
        assert re.search(r"\s(TrueType|CID TrueType)\s.*\syes\s+yes\s+yes\s", row), row
    assert any("DejaVuSans" in row for row in rows)
    assert any("WenQuanYi" in row for row in rows)  # the CJK notes use the CJK font


def test_pages_are_drawn_with_the_notes_colours(exported, tmp_path):
    target, _, _ = exported
    cover = render(target, 1, tmp_path)
    assert max(ImageStat.Stat(cover).stddev) > 10  # not a blank page
    board = render(target, 2, tmp_path)
    assert max(ImageStat.Stat(board).stddev) > 10
    pink = tuple(int(PINK[i:i + 2], 16) for i in (1, 3, 5))
    colours = board.getcolors(maxcolors=1 << 20)
    assert any(sum(abs(a - b) for a, b in zip(rgb, pink)) < 24 for _, rgb in colours)


def test_outline_metadata_and_progress(sample_board, exported):
    target, pages, calls = exported
    reader = PdfReader(target)
    assert len(reader.pages) == pages
    titles = outline_titles(reader)
    assert titles["Cover"] == 1 and titles["Journey map"] == 2
    for name in ("Empathy map", "Follow-up list", "Hand-out, one page per stage"):
        assert name in titles
    for i, stage in enumerate(sample_board.stages(), 1):
        assert f"Stage {i}: {stage.name}" in titles
    meta = reader.metadata
    assert meta.title == sample_board.board.title
    assert "Chen Wei" in meta.author
    assert meta.subject == sample_board.board.goal
    assert calls == [(n, pages) for n in range(1, pages + 1)]


def test_tiles_when_the_fitted_map_prints_text_below_6_pt(sample_board, exported):
    target, _, _ = exported
    reader = PdfReader(target)
    titles = outline_titles(reader)
    parent = next(t for t in titles if t.startswith("Journey map: tiles"))
    tile_pages = sorted(n for t, n in titles.items() if t.startswith("Tile "))
    assert tile_pages[0] == titles[parent] and len(tile_pages) >= 2
    last = tile_pages[-1]
    text = norm(pdftotext(target, last, last))
    for stage in sample_board.stages():  # the stage names come again on every tile
        assert norm(stage.name) in text
    # A board whose map fits readably gets no tiles.
    with Document.create(target.parent / "small.cjm", lambda d: template("blank").apply(d)) as small:
        small.add_notes(Place.cell(small.stages()[0].id, small.lanes()[0].id), [{"text": "one"}] * 3)
        small_pdf = target.parent / "small.pdf"
        export_pdf(small, small_pdf, page="a3", empathy=False)
        assert not any(t.startswith("Journey map: tiles") for t in outline_titles(PdfReader(small_pdf)))


def test_handout_one_page_per_stage_with_the_lane_headers(sample_board, exported):
    target, _, _ = exported
    reader = PdfReader(target)
    titles = outline_titles(reader)
    stages = sample_board.stages()
    layout = compute_layout(sample_board)
    starts = [titles[f"Stage {i}: {stage.name}"] for i, stage in enumerate(stages, 1)]
    ends = [s - 1 for s in starts[1:]] + [len(reader.pages)]
    for stage, first, last in zip(stages, starts, ends):
        assert last - first <= 2  # a page per stage; the tall one continues, as wide as the page allows
        for page in range(first, last + 1):
            text = norm(pdftotext(target, page, page))
            assert norm(stage.name) in text  # on every page of the stage
            for other in stages:
                if other is not stage:
                    assert norm(other.name) not in text
        text = norm(pdftotext(target, first, last))
        for lane in sample_board.lanes():
            assert norm(lane.name) in text
        for box in layout.notes.values():
            if box.place.stage_id == stage.id:  # every line; the tall note spans two pages
                for line in box.text.lines:
                    assert norm(line) in text


def test_attached_board_restores_an_equal_board(sample_board, exported, tmp_path):
    target, _, _ = exported
    data = read_embedded_board(target)
    assert data is not None
    with import_board(data, tmp_path / "restored.cjm") as restored:
        assert board_json_text(restored) == board_json_text(sample_board)


def test_no_attachment_unless_asked(tmp_path):
    with Document.create(tmp_path / "b.cjm", lambda d: template("blank").apply(d)) as doc:
        export_pdf(doc, tmp_path / "b.pdf", page="a4")
    assert read_embedded_board(tmp_path / "b.pdf") is None


def test_a_failed_export_leaves_nothing_and_never_touches_the_target(sample_board, tmp_path, monkeypatch):
    with pytest.raises(BoardFileError):
        export_pdf(sample_board, tmp_path / "missing" / "board.pdf")
    assert not (tmp_path / "missing").exists()
    target = tmp_path / "board.pdf"
    target.write_bytes(b"the previous export")

    def broken(*args, **kwargs):
        raise RuntimeError("out of memory half-way")

    monkeypatch.setattr(pdf_module, "_render", broken)
    with pytest.raises(RuntimeError):
        export_pdf(sample_board, target)
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["board.pdf"]


def test_follow_up_list_ranks_by_votes_and_goes_by_role_not_name(tmp_path):
    def fill(d):
        template("current-state").apply(d, "Parcours client")
        stages = d.stages()
        lanes = {lane.role: lane for lane in d.lanes()}
        # Teams rename lanes: the list must still know which ones hold pain points.
        d.edit_lane(lanes["pain_points"].id, name="Points de douleur")
        d.edit_lane(lanes["opportunities"].id, name="Chancen")
        d.edit_lane(lanes["actions"].id, name="Pain points")  # a misleading name, role actions
        pains = d.add_notes(Place.cell(stages[0].id, lanes["pain_points"].id),
                            [{"text": "Zahlung bricht ab"}, {"text": "Формуляр слишком длинный"}]).result
        chance = d.add_note(Place.cell(stages[1].id, lanes["opportunities"].id), "Apple Pay anbieten").result
        d.add_note(Place.cell(stages[1].id, lanes["actions"].id), "Klickt auf Kaufen")
        flagged = d.add_note(Place.cell(stages[2].id, lanes["actions"].id), "Chat-Hilfe", idea=True).result
        d.add_votes(pains[1], 5)
        d.add_votes(chance, 3)
        d.add_votes(flagged, 1)

    with Document.create(tmp_path / "fr.cjm", fill) as doc:
        target = tmp_path / "fr.pdf"
        export_pdf(doc, target, page="a4", empathy=False)
    page = outline_titles(PdfReader(target))["Follow-up list"]
    text = norm(pdftotext(target, page, page))
    ranked = ["Формуляр слишком длинный", "Apple Pay anbieten", "Chat-Hilfe", "Zahlung bricht ab"]
    positions = [text.find(norm(t)) for t in ranked]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    assert norm("Klickt auf Kaufen") not in text  # an action, whatever its lane is called
    assert norm("Points de douleur") in text and norm("Chancen") in text


def test_unknown_page_size_is_refused(sample_board, tmp_path):
    with pytest.raises(ValueError):
        export_pdf(sample_board, tmp_path / "x.pdf", page="a0")
    assert not (tmp_path / "x.pdf").exists()


def test_fit_page_and_characters_no_font_has(tmp_path):
    def fill(d):
        template("blank").apply(d)
        d.add_notes(Place.cell(d.stages()[0].id, d.lanes()[0].id),
                    [{"text": "Puzzle 🧩 piece"}, {"text": "Tab\tand ❤️ heart"}])

    with Document.create(tmp_path / "e.cjm", fill) as doc:
        target = tmp_path / "e.pdf"
        export_pdf(doc, target, page="fit", empathy=False)
    reader = PdfReader(target)
    box = reader.pages[outline_titles(reader)["Journey map"] - 1].mediabox
    assert float(box.width) < 2000  # the map's own size, not a paper size
    text = norm(pdftotext(target))
    assert norm("Puzzle 🧩 piece") in text  # no font draws 🧩: a box is drawn, the text stays
    assert norm("Tab and ❤ heart") in text


def test_a_character_no_font_has_is_drawn_as_a_visible_box(tmp_path):
    def board(text):
        def fill(d):
            template("blank").apply(d)
            d.add_note(Place.cell(d.stages()[0].id, d.lanes()[0].id), text, color="#FFFFFF")
        return fill

    dark = []
    for name, text in (("boxes", "🧩🧩🧩 🧩🧩🧩"), ("empty", "")):
        with Document.create(tmp_path / f"{name}.cjm", board(text)) as doc:
            export_pdf(doc, tmp_path / f"{name}.pdf", page="fit", empathy=False)
        image = render(tmp_path / f"{name}.pdf", 2, tmp_path).convert("L")
        dark.append(sum(count for count, value in image.getcolors() if value < 110))
    boxes, empty = dark
    assert boxes > empty + 6  # six boxes drawn where the note would otherwise look empty


def test_every_line_is_drawn_inside_its_note(sample_board):
    # The PDF sets the lines the layout broke with the same fonts: none sticks out of its note
    # (shaped Arabic may differ from the layout's measure by a fraction of a point).
    layout = compute_layout(sample_board)
    for box in layout.notes.values():
        for line in box.text.lines:
            assert line_width(line, box.text.size) <= box.rect.w - 2 * NOTE_PAD + 1.0, line


def test_cancelling_through_progress_leaves_nothing(sample_board, tmp_path):
    def cancel(done, total):
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        export_pdf(sample_board, tmp_path / "board.pdf", progress=cancel)
    assert list(tmp_path.iterdir()) == []
