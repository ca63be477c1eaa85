"""A real board for the export tests: the current-state template with 60+ notes in many
scripts, a 2,000-character note, dots, tags, owners, emotions, the parking lot and the
empathy map."""
import re

import pytest

from app.model.document import Document, Place
from app.model.entities import LaneKind
from app.model.templates import template

# Texts a workshop really produces, in the scripts the bundled fonts cover.
SAMPLES = [
    "Searches for “marketing automation” on Google",
    "Reads a comparison blog post",
    "Café au lait while reading reviews — naïve résumé façade",
    "Смотрит видеообзор на YouTube",
    "Διαβάζει κριτικές πελατών",
    "比较三个产品的价格",
    "料金プランが分かりにくい",
    "לא מוצאת את כפתור ההרשמה",
    "لا أجد زر التسجيل",
    "Loves the onboarding checklist 😀",
    "Trial ends before value is clear",
    "Pricing page is confusing",
    "Needs approval from finance",
    "Imports contacts from CSV",
    "Invites a colleague",
    "Gets stuck on DNS setup",
    "Chat support answers in 2 min",
    "Shares a success story on LinkedIn",
]
LONG_NOTE = ("Onboarding call notes: " + "the customer explains every step of the setup again. " * 60)[:2000]
PINK = "#E91E63"  # one note has it, so a test can find it on the rendered page
EMPATHY = {
    "says": ["“I don't have time for this”", "Asks for templates"],
    "thinks": ["Is this worth the money?"],
    "does": ["Compares 3 tools"],
    "feels": ["Overwhelmed", "Hopeful"],
    "pains": ["Setup takes too long"],
    "gains": ["Campaign live in a day"],
    "sees": ["Competitor ads"],
}


def fill_board(d: Document) -> None:
    template("current-state").apply(d, "Paige's journey: marketing automation")
    d.set_board_info(goal="See where a one-person marketing team finds us and could leave.",
                     date="2026-11-12", participants=["Ana", "Bo", "Chen Wei", "Élodie"])
    d.set_persona(name="Paige Turner", role="Marketing lead", quote="It has to work on day one.",
                  goals=["Run campaigns without a developer"], pains=["No time to learn tools"])
    stages, lanes = d.stages(), d.lanes()
    k = 0
    for lane in lanes:
        if lane.kind != LaneKind.NOTES:
            continue
        for stage in stages:
            specs = []
            for _ in range(2):
                sample = SAMPLES[k % len(SAMPLES)]
                # Numbered to tell the notes apart; not the right-to-left ones: poppler's
                # extraction mixes up the order of a line holding both directions.
                spec = {"text": sample if re.search("[\u0590-\u06ff]", sample) else f"{sample} #{k}"}
                if k % 5 == 0:
                    spec["tags"] = ["web", "self-serve"]
                if k % 7 == 0:
                    spec["owner"] = "Growth team"
                if k % 11 == 0:
                    spec["idea"] = True
                specs.append(spec)
                k += 1
            ids = d.add_notes(Place.cell(stage.id, lane.id), specs).result
            for j, note_id in enumerate(ids):
                if (k + j) % 3 == 0:
                    d.add_votes(note_id, 1 + (k + j) % 4)
    emotion = next(lane for lane in lanes if lane.kind == LaneKind.EMOTION)
    for stage, score in zip(stages, (1, -1, -2, 0, 2)):
        d.set_emotion(emotion.id, stage.id, score)
    d.add_note(Place.cell(stages[2].id, lanes[0].id), LONG_NOTE)
    d.add_note(Place.cell(stages[0].id, lanes[1].id), "The pink one", color=PINK)
    d.add_notes(Place.parking(), [{"text": "Maybe a referral program?", "idea": True},
                                  {"text": "Check the GDPR wording"}])
    for section, texts in EMPATHY.items():
        d.add_notes(Place.empathy(section), [{"text": t} for t in texts])


@pytest.fixture(scope="module")
def sample_board(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "sample.cjm"
    document = Document.create(path, fill_board)
    yield document
    document.close()
