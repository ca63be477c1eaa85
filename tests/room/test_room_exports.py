"""A phone's note is an ordinary note in every export: the XSS string is text in the PDF, the
source is in the CSV and the JSON, and the JSON brings it back."""
import csv
import io
import json
import subprocess

from app.export.csv_export import csv_text
from app.export.pdf import export_pdf
from app.model.document import Place
from app.model.interchange import board_json_text, import_board

from .conftest import Phone, on_phones

XSS = "<img src=x onerror=alert(1)>"


def test_an_accepted_phone_note_is_text_in_the_pdf_and_has_its_source_in_csv_and_json(room_session, doc, tmp_path):
    place = Place.cell(doc.stages()[0].id, doc.lanes()[0].id)
    room_session.room.set_auto_accept(True)
    phone, anonymous = Phone(room_session.url), Phone(room_session.url)
    on_phones(room_session, lambda: (phone.join("Ana"), phone.note(place, XSS),
                                     anonymous.join(), anonymous.note(Place.empathy("feels"), "Nervous")))
    export_pdf(doc, tmp_path / "board.pdf", empathy=True)
    text = subprocess.run(["pdftotext", str(tmp_path / "board.pdf"), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert "<imgsrc=xonerror=alert(1)>" in "".join(text.split())  # drawn as characters (lines may break)
    rows = list(csv.DictReader(io.StringIO(csv_text(doc).lstrip("\ufeff"))))
    assert {(r["text"], r["source"]) for r in rows if r["source"]} == {(XSS, "Ana"), ("Nervous", "anonymous")}
    data = json.loads(board_json_text(doc))
    assert {(n["text"], n["source"]) for n in data["notes"] if n["source"]} == {(XSS, "Ana"), ("Nervous", "anonymous")}
    with import_board(data, tmp_path / "again.cjm") as again:
        assert {(n.text, n.source) for n in again.notes() if n.source} == {(XSS, "Ana"), ("Nervous", "anonymous")}
