"""PNG export: the picture of the board at the chosen DPI, and the board inside it."""
import errno
import io
import random
import struct
import threading
import warnings
import zlib

import pytest
from PIL import Image, PngImagePlugin

from app.export import png
from app.export.png import ExportError, export_png, read_embedded_board, render_board
from app.model.document import Place
from app.model.interchange import InterchangeError, board_json_text, import_board
from app.model.surface import compute_surface
from app.model.store import BoardFileError


@pytest.fixture
def noted(doc):
    place = Place.cell(doc.stages()[1].id, doc.lanes()[0].id)
    note_id = doc.add_note(place, "Pays with card", color="#90CAF9").result
    doc.add_notes(Place.cell(doc.stages()[2].id, doc.lanes()[4].id),
                  [{"text": "Ошибка оплаты"}, {"text": "支付失败"}, {"text": "הזמנה בוטלה"}])
    return doc, note_id


def test_size_dpi_and_a_note_where_the_layout_puts_it(noted, tmp_path):
    doc, note_id = noted
    target = tmp_path / "board.png"
    size = export_png(doc, target, dpi=100)
    surface = compute_surface(doc)
    layout = surface.grid
    with Image.open(target) as image:
        assert image.size == (size.width, size.height)
        assert abs(image.size[0] - surface.width * 100 / 72) < 1.01
        assert round(image.info["dpi"][0]) == 100
        box = layout.notes[note_id].rect
        # a spot inside the note, below its text: the note's own colour
        x, y = (box.x + box.w - 8) * 100 / 72, (box.y + box.h - 8) * 100 / 72
        assert image.convert("RGB").getpixel((round(x), round(y))) == (0x90, 0xCA, 0xF9)
        # and no selection frame or focus on it: the pixels just outside are the cell's
        assert image.convert("RGB").getpixel((round((box.x - 20) * 100 / 72), round(y))) != (0x15, 0x65, 0xC0)


def test_the_png_shows_the_empathy_map_and_the_persona_beside_the_grid(doc, tmp_path):
    doc.set_persona(name="Zoë")
    note_id = doc.add_note(Place.empathy("feels"), "Anxious", color="#F48FB1").result
    export_png(doc, tmp_path / "board.png", dpi=72)
    surface = compute_surface(doc)
    box = surface.boxes[note_id].rect
    assert box.x > surface.grid.width  # right of the grid
    with Image.open(tmp_path / "board.png") as image:
        assert image.convert("RGB").getpixel((round(box.x + box.w - 6), round(box.y + box.h - 6))) == (0xF4, 0x8F, 0xB1)


def test_embedded_board_restores_an_equal_board(noted, tmp_path):
    doc, _ = noted
    target = tmp_path / "shared.png"
    export_png(doc, target, dpi=30, embed_board=True)
    import json
    restored = import_board(json.loads(read_embedded_board(target)), tmp_path / "again.cjm")
    with restored:
        assert board_json_text(restored) == board_json_text(doc)
    export_png(doc, tmp_path / "plain.png", dpi=30)
    assert read_embedded_board(tmp_path / "plain.png") is None


def test_a_big_board_json_survives_pillows_text_chunk_limit(doc, tmp_path):
    noise = random.Random(0).randbytes(1000 * 700 * 3)  # PNG cannot pack noise: about 2.1 MB
    out = io.BytesIO()
    Image.frombytes("RGB", (1000, 700), noise).save(out, "PNG")
    doc.set_persona(photo=out.getvalue())  # about 2.8 MB of base64 in the JSON
    target = tmp_path / "photo.png"
    export_png(doc, target, dpi=20, embed_board=True)
    assert len(read_embedded_board(target)) > 2_000_000


def test_the_highest_resolution_offered_opens_anywhere_and_one_more_is_refused(doc, tmp_path):
    for i in range(6):  # a wide board: ten stages of 1,200 points
        doc.add_stage(f"Stage {i}")
    for stage in doc.stages():
        doc.set_stage_width(stage.id, 1200)
    surface = compute_surface(doc)
    dpi = png.fitting_dpi(*png.picture_area(surface))
    with pytest.raises(ExportError, match=f"Choose {dpi} DPI or less"):
        export_png(doc, tmp_path / "refused.png", dpi=dpi + 1)
    assert not (tmp_path / "refused.png").exists()
    size = export_png(doc, tmp_path / "fits.png", dpi=dpi)
    assert max(size.width, size.height) <= 16_000 and size.width * size.height <= 89_000_000
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Pillow's own guard lets it through without a warning
        with Image.open(tmp_path / "fits.png") as image:
            image.load()
            assert image.size == (size.width, size.height)


def test_the_grid_alone_leaves_out_the_empathy_map(doc, tmp_path):
    surface = compute_surface(doc)
    size = export_png(doc, tmp_path / "grid.png", dpi=36, grid_only=True)
    assert size == png.png_size(surface.grid.width, surface.grid.height, 36)
    assert size.width < png.png_size(surface.width, surface.height, 36).width


def test_a_board_inside_a_png_too_big_for_pillow_is_still_read(tmp_path):
    """An export of an earlier version could be 200 million pixels: its board is read without
    decoding a pixel."""
    info = PngImagePlugin.PngInfo()
    info.add_text(png.BOARD_CHUNK, '{"format": "journeywall"}', zip=True)
    target = tmp_path / "huge.png"
    with open(target, "wb") as out:
        out.write(png.PNG_SIGNATURE)
        png._chunk(out, b"IHDR", struct.pack(">IIBBBBB", 20_000, 10_000, 8, 2, 0, 0, 0))
        for cid, data, *_ in info.chunks:
            png._chunk(out, cid, data)
        png._chunk(out, b"IDAT", zlib.compress(b"\0" * 100))
        png._chunk(out, b"IEND", b"")
    assert read_embedded_board(target) == '{"format": "journeywall"}'


def test_a_file_that_is_no_png_gets_its_real_reason(tmp_path):
    target = tmp_path / "notes.png"
    target.write_text("just some text")
    with pytest.raises(InterchangeError, match="“notes.png” could not be read as a PNG picture"):
        read_embedded_board(target)


def test_too_many_pixels_is_refused_before_drawing_and_writes_nothing(doc, tmp_path):
    target = tmp_path / "huge.png"
    target.write_bytes(b"previous export")
    with pytest.raises(ExportError, match="DPI or less"):
        export_png(doc, target, dpi=1200)
    assert target.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir() if p.suffix != ".cjm"] == ["huge.png"]


def test_a_board_many_strips_tall_is_written_whole_with_the_pixels_it_draws(sample_board, tmp_path):
    # 100 DPI makes the sample board about 4,000 rows: it is painted and deflated in several
    # strips, each deflated on its own; the file must still be one exact picture, for Pillow
    # and for Qt's own reader (which checks every chunk's CRC).
    from PySide6.QtGui import QImage

    target = tmp_path / "tall.png"
    size = export_png(sample_board, target, dpi=100)
    assert size.height > 3000
    drawn = render_board(sample_board, 100)
    with Image.open(target) as image:
        assert image.mode == "RGB" and image.size == drawn.size == (size.width, size.height)
        assert round(image.info["dpi"][0]) == 100
        assert image.tobytes() == drawn.tobytes()
    qt = QImage(str(target))
    assert not qt.isNull()
    qt = qt.convertToFormat(QImage.Format_RGB888)
    assert Image.frombuffer("RGB", (qt.width(), qt.height()), qt.constBits(), "raw", "RGB",
                            qt.bytesPerLine(), 1).tobytes() == drawn.tobytes()


def test_a_write_failing_midway_keeps_the_previous_export_and_says_why(sample_board, tmp_path, monkeypatch):
    target = tmp_path / "board.png"
    target.write_bytes(b"previous export")
    chunks = []

    def disk_fills_up(out, cid, data):
        chunks.append(cid)
        if chunks.count(b"IDAT") == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        write_chunk(out, cid, data)

    write_chunk = png._chunk
    monkeypatch.setattr(png, "_chunk", disk_fills_up)
    with pytest.raises(BoardFileError, match="Cannot write “board.png”: the disk would not take it"):
        export_png(sample_board, target, dpi=100)
    assert target.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["board.png"]
    assert not [t for t in threading.enumerate() if t.name.startswith("png-deflate")]
