"""Values no board should hold, offered to the document API: each is refused with a clear
BoardError and the file stays as it was."""
import io

import pytest
from PIL import Image

from app.model.checks import MAX_NAME, MAX_TEXT
from app.model.document import BoardError, Place

LONE = "half \ud83d of an emoji"  # a lone surrogate: what a broken clipboard or decoder gives


def cell(doc):
    return Place.cell(doc.stages()[0].id, doc.lanes()[0].id)


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(out, "JPEG")
    return out.getvalue()


CALLS = {
    "add_note": lambda doc, value: doc.add_note(cell(doc), value),
    "tags": lambda doc, value: doc.add_note(cell(doc), "x", tags=[value]),
    "set_board_info": lambda doc, value: doc.set_board_info(title=value),
    "goal": lambda doc, value: doc.set_board_info(goal=value),
    "rename_stage": lambda doc, value: doc.rename_stage(doc.stages()[0].id, value),
    "set_persona": lambda doc, value: doc.set_persona(name=value),
    "persona_goals": lambda doc, value: doc.set_persona(goals=[value]),
}


@pytest.mark.parametrize("call", CALLS)
def test_a_lone_surrogate_is_refused_with_a_board_error(doc, call):
    before = doc.path.read_bytes()
    with pytest.raises(BoardError, match="not valid text"):
        CALLS[call](doc, LONE)
    assert doc.path.read_bytes() == before


@pytest.mark.parametrize("call, limit", [("add_note", MAX_TEXT), ("goal", MAX_TEXT),
                                         ("set_board_info", MAX_NAME), ("rename_stage", MAX_NAME),
                                         ("tags", MAX_NAME)])
def test_a_text_longer_than_the_limit_is_refused_and_the_limit_itself_is_taken(doc, call, limit):
    before = doc.path.read_bytes()
    with pytest.raises(BoardError, match=f"too long .*the most is {limit:,}"):
        CALLS[call](doc, "w" * (limit + 1))
    assert doc.path.read_bytes() == before
    CALLS[call](doc, "w" * limit)


def test_a_truncated_jpeg_is_refused_as_a_picture(doc):
    whole = jpeg()
    before = doc.path.read_bytes()
    with pytest.raises(BoardError, match="A note's picture is not a picture Journey Wall can read"):
        doc.add_note(cell(doc), "", image=whole[: len(whole) // 2])
    with pytest.raises(BoardError, match="photo"):
        doc.set_persona(photo=b"\xff\xd8 certainly not a photo")
    assert doc.path.read_bytes() == before
    note_id = doc.add_note(cell(doc), "", image=whole).result
    assert doc.note(note_id).image == whole  # a whole picture is stored as it is


def test_the_longest_texts_export_to_pdf(doc, tmp_path):
    from app.export.pdf import export_pdf
    doc.set_board_info(title="T" * MAX_NAME, goal="goal " * (MAX_TEXT // 5))
    doc.add_note(cell(doc), "word " * (MAX_TEXT // 5))
    doc.add_note(cell(doc), "x" * MAX_TEXT)  # one word that must be broken anywhere
    export_pdf(doc, tmp_path / "long.pdf")
    assert (tmp_path / "long.pdf").read_bytes().startswith(b"%PDF")
