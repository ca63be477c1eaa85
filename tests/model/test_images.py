"""Pictures coming in (checked, upright, downscaled, encoded again) and picture notes in the layout."""
import io
import os
import struct
import zlib

import pytest
from PIL import Image, ImageFile

from app.model import images
from app.model.document import BoardError, Place
from app.model.entities import Note
from app.model.empathy_layout import compute_empathy_layout
from app.model.images import (
    MAX_PIXELS, decode_image, image_size, load_image_file, prepare_image, read_image_file,
)
from app.model.layout import (
    NOTE_GAP, NOTE_PAD, NOTE_W, PICTURE_GAP, PICTURE_MAX_H, NoteBox, PictureText, baseline, compute_layout,
)


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def photo(w: int, h: int) -> Image.Image:
    """Something like a photo: noise that neither PNG nor JPEG packs small."""
    return Image.merge("RGB", [Image.effect_noise((w, h), 64 + 20 * i).convert("L") for i in range(3)])


def solid_png(w: int, h: int, color=(200, 30, 120)) -> bytes:
    return encoded(Image.new("RGB", (w, h), color), "PNG")


def png_claiming(width: int, height: int) -> bytes:
    """A valid-looking PNG of a few bytes whose header claims width x height pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


@pytest.fixture
def no_decoding(monkeypatch):
    """Fails the test if any pixel data is decoded."""
    def load(self):
        raise AssertionError(f"pixels of a {self.size} picture were decoded")
    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


# ---------------------------------------------------------------- prepare_image


def test_a_photo_is_downscaled_and_stored_as_jpeg():
    original = encoded(photo(3000, 2000), "JPEG", quality=95)
    stored = prepare_image(original)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert image.size == (1024, 683)
        assert not image.getexif()
    assert len(stored) < len(original) / 4
    assert image_size(stored) == (1024, 683)


def test_a_persona_photo_is_512_on_its_longer_side():
    stored = prepare_image(encoded(photo(900, 1600), "PNG"), max_side=512)
    assert image_size(stored) == (288, 512)


def test_transparency_keeps_png_and_its_alpha():
    image = Image.new("RGBA", (2000, 1000), (255, 0, 0, 0))
    image.paste((0, 0, 255, 255), (0, 0, 1000, 1000))
    stored = prepare_image(encoded(image, "PNG"))
    with Image.open(io.BytesIO(stored)) as result:
        assert result.format == "PNG" and result.mode == "RGBA"
        assert result.size == (1024, 512)
        assert result.getpixel((100, 100))[3] == 255
        assert result.getpixel((900, 100))[3] == 0


def test_a_small_flat_picture_is_not_enlarged_and_stays_sharp_as_png():
    stored = prepare_image(solid_png(300, 200))
    with Image.open(io.BytesIO(stored)) as result:
        assert result.size == (300, 200)
        assert result.format == "PNG"  # not larger than the JPEG, and lossless
        assert result.convert("RGB").getpixel((150, 100)) == (200, 30, 120)


def test_exif_orientation_is_applied():
    image = Image.new("RGB", (200, 100), (220, 0, 0))
    image.paste((0, 0, 220), (100, 0, 200, 100))  # stored: red left, blue right
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to show"
    exif[0x8825] = {2: (48.0, 51.0, 0.0)}  # a GPS position, which must not be kept
    raw = encoded(image, "JPEG", quality=95, exif=exif)
    assert image_size(raw) == (100, 200)
    stored = prepare_image(raw)
    with Image.open(io.BytesIO(stored)) as result:
        assert result.size == (100, 200)
        top, bottom = result.convert("RGB").getpixel((50, 20)), result.convert("RGB").getpixel((50, 180))
        assert top[0] > 180 and top[2] < 60  # red on top
        assert bottom[2] > 180 and bottom[0] < 60  # blue below
        assert 0x0112 not in result.getexif() and 0x8825 not in result.getexif()
    shown = decode_image(raw)
    assert shown.size == (100, 200)


@pytest.mark.parametrize("width, height, megapixels", [
    (100_000, 100_000, "10,000"),  # beyond Pillow's own bomb limit
    (12_000, 12_000, "144"),  # past Pillow's warning, which counts as refusal
    (10_000, 8_000, "80"),  # under Pillow's limits, over ours
])
def test_a_decompression_bomb_is_refused_from_its_header(no_decoding, width, height, megapixels):
    bomb = png_claiming(width, height)
    assert len(bomb) < 200
    with pytest.raises(BoardError, match=rf"is too large \({megapixels} megapixels\)"):
        prepare_image(bomb)
    with pytest.raises(BoardError, match="too large"):
        image_size(bomb)
    assert width * height > MAX_PIXELS


def test_a_text_file_named_png_is_refused(tmp_path):
    fake = tmp_path / "wall.png"
    fake.write_text("Sticky notes from Tuesday's workshop\n" * 20)
    with pytest.raises(BoardError, match="“wall.png” is not a picture Journey Wall can read"):
        load_image_file(fake)


@pytest.mark.parametrize("data", [
    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n",  # EPS: Pillow would run Ghostscript
    solid_png(50, 50)[:60],  # cut off in its pixels
    b"",
])
def test_other_non_pictures_are_refused_with_a_message(data):
    with pytest.raises(BoardError, match="not a picture Journey Wall can read"):
        prepare_image(data, what="“x”")


def test_image_size_reads_only_the_header_and_is_cached(no_decoding):
    data = solid_png(640, 480)
    image_size.cache_clear()
    assert image_size(data) == (640, 480)
    assert image_size(data) == (640, 480)
    assert image_size.cache_info().hits == 1


def test_read_image_file_messages(tmp_path, monkeypatch):
    with pytest.raises(BoardError, match="“gone.png” does not exist"):
        read_image_file(tmp_path / "gone.png")
    with pytest.raises(BoardError, match="is a folder"):
        read_image_file(tmp_path)
    big = tmp_path / "big.png"
    big.write_bytes(solid_png(10, 10) + b"\0" * 2000)
    monkeypatch.setattr(images, "MAX_FILE_BYTES", 1000)
    with pytest.raises(BoardError, match="“big.png” is too large"):
        read_image_file(big)


# ---------------------------------------------------------------- picture notes in the layout


def picture(w: int, h: int, color=(200, 30, 120)) -> bytes:
    return prepare_image(solid_png(w, h, color))


def test_a_picture_notes_height_follows_the_aspect_ratio(doc):
    place = Place.cell(doc.stages()[0].id, doc.lanes()[0].id)
    wide = doc.add_note(place, "", image=picture(800, 400)).result
    tall = doc.add_note(place, "", image=picture(400, 800)).result
    very_tall = doc.add_note(place, "", image=picture(100, 1000)).result
    layout = compute_layout(doc)
    inner = NOTE_W - 2 * NOTE_PAD
    boxes = [layout.notes[i] for i in (wide, tall, very_tall)]
    assert [b.picture.w for b in boxes[:2]] == [inner, inner]
    assert boxes[0].picture.h == pytest.approx(inner / 2)
    assert boxes[1].picture.h == pytest.approx(inner * 2)
    assert boxes[2].picture.h == PICTURE_MAX_H  # capped, and as narrow as the aspect says
    assert boxes[2].picture.w == pytest.approx(PICTURE_MAX_H / 10)
    assert boxes[2].picture.x + boxes[2].picture.w / 2 == pytest.approx(NOTE_W / 2)  # centred
    for box in boxes:
        assert box.rect.w == NOTE_W
        assert box.picture.y == NOTE_PAD
        assert box.rect.h >= box.picture.bottom + NOTE_PAD
    assert boxes[1].rect.h > boxes[0].rect.h


def test_a_picture_note_never_overlaps_the_notes_after_it(doc):
    stages, lanes = doc.stages(), doc.lanes()
    place = Place.cell(stages[1].id, lanes[0].id)
    first = doc.add_note(place, "A tall screenshot", image=picture(300, 900)).result
    second = doc.add_note(place, "short").result
    third = doc.add_note(place, "next row").result
    below = doc.add_note(Place.cell(stages[1].id, lanes[1].id), "next lane").result
    layout = compute_layout(doc)
    a, b, c, d = (layout.notes[i].rect for i in (first, second, third, below))
    assert c.y >= a.bottom + NOTE_GAP  # the next row starts below the picture note
    assert b.x >= a.right  # side by side in the first row
    assert d.y >= a.bottom  # the lane grew to hold it
    row = next(lane.row for lane in layout.lanes if lane.lane_id == lanes[0].id)
    assert a.bottom <= row.bottom


def test_a_caption_is_laid_out_below_the_picture(doc):
    place = Place.cell(doc.stages()[0].id, doc.lanes()[0].id)
    caption = "Checkout page on a phone: the pay button is below the fold, nobody scrolls"
    note_id = doc.add_note(place, caption, image=picture(400, 300)).result
    box = compute_layout(doc).notes[note_id]
    assert isinstance(box.text, PictureText)
    assert box.text_top == pytest.approx(box.picture.bottom + PICTURE_GAP)
    assert "".join(box.text.lines).replace(" ", "") == caption.replace(" ", "")
    last_baseline = box.text_top + baseline(box.text, len(box.text.lines) - 1)
    assert box.picture.bottom < box.text_top + baseline(box.text, 0) - box.text.size * 0.7  # ascent clear of it
    assert last_baseline < box.rect.h - NOTE_PAD
    plain = doc.add_note(place, "", image=picture(400, 300)).result
    plain_box = compute_layout(doc).notes[plain]
    assert plain_box.text.lines == ()
    assert plain_box.rect.h < box.rect.h


def test_chips_sit_below_the_caption(doc):
    place = Place.cell(doc.stages()[0].id, doc.lanes()[0].id)
    note_id = doc.add_note(place, "Caption", image=picture(400, 300), tags=["web"]).result
    box = compute_layout(doc).notes[note_id]
    from app.model.layout import CHIP_ROW_H
    assert box.has_chips
    assert box.text_top + box.text.height <= box.rect.h - NOTE_PAD - CHIP_ROW_H + 0.01


def test_empathy_notes_with_pictures_are_laid_out_the_same(doc):
    data = picture(400, 800)
    note_id = doc.add_note(Place.empathy("says"), "seen on the wall", image=data).result
    grid_id = doc.add_note(Place.cell(doc.stages()[0].id, doc.lanes()[0].id), "seen on the wall", image=data).result
    empathy = compute_empathy_layout(doc).notes[note_id]
    grid = compute_layout(doc).notes[grid_id]
    assert empathy.picture == grid.picture and empathy.rect.h == grid.rect.h
    section = compute_empathy_layout(doc).section("says")
    assert empathy.rect.bottom <= section.rect.bottom


def test_a_new_picture_of_the_same_size_changes_the_box_and_an_unreadable_one_keeps_a_place(doc):
    place = Place.cell(doc.stages()[0].id, doc.lanes()[0].id)
    note_id = doc.add_note(place, "", image=picture(400, 300)).result
    before = compute_layout(doc).notes[note_id]
    doc.edit_note(note_id, image=picture(400, 300, (0, 0, 255)))
    after = compute_layout(doc).notes[note_id]
    assert after.picture == before.picture and after != before  # so the screen repaints it
    with pytest.raises(BoardError, match="not a picture"):
        doc.add_note(place, "broken", image=b"not a picture at all")
    # A file written before pictures were checked may hold one: it still gets its place.
    broken = max(n.id for n in doc.notes()) + 1
    doc.restore({Note: [dict(id=broken, place="cell", stage_id=place.stage_id, lane_id=place.lane_id,
                             position=9, text="broken", image=b"not a picture at all")]})
    box = compute_layout(doc).notes[broken]
    assert box.picture.w == NOTE_W - 2 * NOTE_PAD
    assert box.picture.h == pytest.approx(box.picture.w * 3 / 4)


def test_text_notes_keep_their_layout():
    box = NoteBox(1, None, None, "#FFFFFF", Place.parking(), False)
    assert box.picture is None and box.image is None and box.text_top == NOTE_PAD


def test_a_pipe_named_like_a_picture_is_refused_without_waiting(tmp_path):
    pipe = tmp_path / "photo.png"
    os.mkfifo(pipe)
    with pytest.raises(BoardError, match="“photo.png” is not a file but a pipe"):
        read_image_file(pipe)  # (before: open() waited for a writer forever)
