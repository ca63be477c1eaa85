"""Picture notes and the persona's photo in the exports: the PNG (the screen) and the PDF draw
the picture where the layout puts it."""
import io
import subprocess

import pytest
from PIL import Image, ImageChops

from app.export.pdf import export_pdf
from app.export.png import export_png
from app.model.document import Document, Place
from app.model.images import prepare_image
from app.model.layout import compute_layout
from app.model.templates import template

MAGENTA = (230, 0, 200)  # no note, lane or header of the app has this colour
CYAN = (0, 190, 210)


def solid(w: int, h: int, color) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (w, h), color).save(out, "PNG")
    return prepare_image(out.getvalue())


def close(a, b, tolerance=12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b))


@pytest.fixture
def board(tmp_path):
    def fill(d: Document) -> None:
        template("current-state").apply(d, "Pictures")
        stages, lanes = d.stages(), d.lanes()
        d.add_note(Place.cell(stages[1].id, lanes[0].id), "Paper wall, Tuesday", image=solid(400, 300, MAGENTA))
        d.add_note(Place.cell(stages[1].id, lanes[0].id), "a text note beside it")
    doc = Document.create(tmp_path / "pictures.cjm", fill)
    yield doc
    doc.close()


def picture_note(doc):
    return next(n for n in doc.notes() if n.image)


def test_png_export_shows_the_picture_in_its_rect(board, tmp_path):
    dpi = 144
    scale = dpi / 72
    export_png(board, tmp_path / "board.png", dpi=dpi)
    box = compute_layout(board).notes[picture_note(board).id]
    pic = box.picture
    left, top = box.rect.x + pic.x, box.rect.y + pic.y
    with Image.open(tmp_path / "board.png") as image:
        rgb = image.convert("RGB")

    def at(x, y):
        return rgb.getpixel((round(x * scale), round(y * scale)))

    inset = 2  # points inside the picture's edge
    for x, y in ((left + pic.w / 2, top + pic.h / 2), (left + inset, top + inset),
                 (left + pic.w - inset, top + inset), (left + inset, top + pic.h - inset),
                 (left + pic.w - inset, top + pic.h - inset)):
        assert close(at(x, y), MAGENTA, 3), (x, y, at(x, y))
    # outside the picture but on the note: the note's colour, so the picture is not bigger
    assert not close(at(left - 4, top + pic.h / 2), MAGENTA, 40)
    assert not close(at(left + pic.w / 2, top + pic.h + 4), MAGENTA, 40)
    # and the caption is drawn below it: dark pixels in the caption's band
    band = rgb.crop((round(box.rect.x * scale), round((box.rect.y + box.text_top) * scale),
                     round(box.rect.right * scale), round((box.rect.y + box.text_top + box.text.height) * scale)))
    assert band.convert("L").getextrema()[0] < 80


def pdf_page(path, page: int, tmp_path, dpi: int = 72) -> Image.Image:
    prefix = tmp_path / f"p{page}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page), "-singlefile",
                    str(path), str(prefix)], check=True)
    return Image.open(f"{prefix}.png").convert("RGB")


def bbox_of(image: Image.Image, color, tolerance=24):
    """The bounding box of the pixels near a colour, and how many there are."""
    bands = [band.point(lambda v, t=t: 255 if abs(v - t) <= tolerance else 0)
             for band, t in zip(image.split(), color)]
    mask = ImageChops.multiply(ImageChops.multiply(bands[0], bands[1]), bands[2])
    return mask.getbbox(), mask.histogram()[255]


def test_pdf_embeds_the_picture_and_draws_it_in_its_rect(board, tmp_path):
    target = tmp_path / "board.pdf"
    export_pdf(board, target, page="a3", empathy=False)
    listing = subprocess.run(["pdfimages", "-list", str(target)], check=True, capture_output=True,
                             text=True).stdout.splitlines()[2:]
    sizes = {(int(row.split()[3]), int(row.split()[4])) for row in listing if row.split()[2] == "image"}
    assert (400, 300) in sizes
    page = next(n for n in range(1, 4) if bbox_of(pdf_page(target, n, tmp_path, 30), MAGENTA)[1] > 0)
    rendered = pdf_page(target, page, tmp_path, 150)
    box, count = bbox_of(rendered, MAGENTA)
    assert box is not None
    w, h = box[2] - box[0], box[3] - box[1]
    layout_pic = compute_layout(board).notes[picture_note(board).id].picture
    assert w / h == pytest.approx(layout_pic.w / layout_pic.h, rel=0.05)  # the picture's own shape
    assert count >= 0.97 * w * h  # filled: not blank, not a placeholder
    assert w > 60


def test_the_persona_photo_is_clipped_to_the_persona_circle(board, tmp_path):
    out = io.BytesIO()
    Image.new("RGB", (800, 600), CYAN).save(out, "PNG")
    board.set_persona(name="Paige Turner", photo=prepare_image(out.getvalue(), 512))
    target = tmp_path / "persona.pdf"
    pages = export_pdf(board, target, page="a3", empathy=True)
    found = []
    for n in range(1, pages + 1):
        box, count = bbox_of(pdf_page(target, n, tmp_path, 100), CYAN)
        if box is not None and count > 400:
            found.append((box, count))
    assert found, "the photo is on no page"
    for box, count in found:
        w, h = box[2] - box[0], box[3] - box[1]
        assert w == pytest.approx(h, rel=0.06)  # a 4:3 photo made round
        assert count / (w * h) == pytest.approx(3.14159 / 4, abs=0.05)  # a disc, not a square


def test_without_a_photo_the_persona_shows_initials(board, tmp_path):
    board.set_persona(name="Paige Turner")
    target = tmp_path / "initials.pdf"
    export_pdf(board, target, page="a3", empathy=True)
    text = subprocess.run(["pdftotext", str(target), "-"], check=True, capture_output=True, text=True).stdout
    assert "PT" in text
