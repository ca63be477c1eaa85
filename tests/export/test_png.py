"""PNG export: the picture of the board at the chosen DPI, and the board inside it."""
import errno
import io
import random
import threading

import pytest
from PIL import Image

from app.export import png
from app.export.png import ExportError, export_png, read_embedded_board, render_board
from app.model.document import Place
from app.model.interchange import board_json_text, import_board
from app.model.layout import compute_layout
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
    layout = compute_layout(doc)
    with Image.open(target) as image:
        assert image.size == (size.width, size.height)
        assert abs(image.size[0] - layout.width * 100 / 72) < 1.01
        assert round(image.info["dpi"][0]) == 100
        box = layout.notes[note_id].rect
        # a spot inside the note, below its text: the note's own colour
        x, y = (box.x + box.w - 8) * 100 / 72, (box.y + box.h - 8) * 100 / 72
        assert image.convert("RGB").getpixel((round(x), round(y))) == (0x90, 0xCA, 0xF9)
        # and no selection frame or focus on it: the pixels just outside are the cell's
        assert image.convert("RGB").getpixel((round((box.x - 20) * 100 / 72), round(y))) != (0x15, 0x65, 0xC0)


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
