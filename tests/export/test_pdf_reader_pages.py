"""What a reader of the PDF notices on the cover and the hand-out pages."""
import subprocess

from PIL import Image

from app.export.pdf import export_pdf
from app.model.document import Document, Place
from app.model.entities import LaneKind
from app.model.templates import template


def page_text(path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def drawn_width_share(path, page: int, tmp_path) -> float:
    """How much of the page's width the drawing takes, in its middle band (the header and the
    footer run across every page)."""
    prefix = tmp_path / f"p{page}"
    subprocess.run(["pdftoppm", "-r", "20", "-png", "-f", str(page), "-l", str(page), "-singlefile",
                    str(path), str(prefix)], check=True)
    image = Image.open(f"{prefix}.png").convert("L")
    w, h = image.size
    columns = [x for x in range(w) if any(image.getpixel((x, y)) < 235 for y in range(h // 5, h * 4 // 5))]
    return (columns[-1] - columns[0] + 1) / w


def tall_stage_pdf(tmp_path):
    """A board whose first stage holds six notes in every note lane, exported with hand-outs."""
    path = tmp_path / "tall.cjm"
    with Document.create(path, lambda d: template("current-state").apply(d)) as doc:
        first = doc.stages()[0].id
        for lane in doc.lanes():
            if lane.kind == LaneKind.NOTES:
                doc.add_notes(Place.cell(first, lane.id), [{"text": f"a note with some words {k}"} for k in range(6)])
        pdf = tmp_path / "tall.pdf"
        export_pdf(doc, pdf, page="a3", empathy=False, handout=True)
    count = int(next(line.split()[-1] for line in subprocess.run(
        ["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout.splitlines()
        if line.startswith("Pages:")))
    return pdf, count


def test_the_cover_speaks_to_a_reader_not_to_the_apps_user(tmp_path):
    pdf, _ = tall_stage_pdf(tmp_path)
    cover = page_text(pdf, 1)
    assert "in the app" not in cover and "persona panel" not in cover
    assert "No quote, goals or pain points recorded" in cover


def test_a_tall_stage_uses_the_width_of_its_hand_out_pages(tmp_path):
    pdf, count = tall_stage_pdf(tmp_path)
    handout = [n for n in range(1, count + 1) if "Hand-out" in page_text(pdf, n)]
    assert len(handout) > 5  # five stages, the tall one on more pages
    for page in handout:
        assert drawn_width_share(pdf, page, tmp_path) >= 0.7, page
