"""How long the PDF export of a 1,000-note board takes, and how much memory it needs.

Builds a current-state board with 1,000 notes (some in Cyrillic, CJK, Hebrew, Arabic and with
emoji, tags, owners and dots; emotion scores; a few empathy notes), then times, alternating them:
  - export_pdf(page="a3"): cover, fitted map, tiles when needed, empathy map, follow-up list;
  - export_pdf(page="a3", handout=True, embed_board=True): the same plus hand-outs and the
    attached board JSON;
  - the floor: bare ReportLab drawing one rounded rectangle and one line of text in a bundled
    TrueType font per note on one page (what any PDF of these notes costs at least).
Then one more export under tracemalloc for the peak of Python allocations, and the process's
peak resident size. Target: PDF under 2 s. Prints only; exits 0.

    .venv/bin/python bench/export_pdf.py [--notes 1000] [--runs 5] [--profile]
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import resource
import sys
import tracemalloc

from common import clock, describe_machine, print_table, ratio, summary, work_dir

from app.export.pdf import export_pdf
from app.export.pdf_fonts import font_name
from app.model import interchange
from app.model.entities import EMPATHY_SECTIONS
from app.model.templates import template

WORDS = ("customer", "checkout", "signs", "up", "waits", "for", "email", "support", "call", "price",
         "compare", "trial", "onboarding", "confused", "happy", "app", "store", "review", "renew",
         "Café", "naïve", "Оплата", "не", "проходит", "比较", "价格", "料金", "שלום", "لا", "أجد", "😀")


def minimal_json(notes: int, rng: random.Random) -> dict:
    t = template("current-state")
    note_lanes = [lane.name for lane in t.lanes if lane.kind == "notes"]
    cells = [(stage, lane) for lane in note_lanes for stage in t.stages]
    items = []
    for i in range(notes):
        stage, lane = cells[i % len(cells)]
        note = {"stage": stage, "lane": lane,
                "text": f"Note {i}: " + " ".join(rng.choices(WORDS, k=rng.randint(3, 16)))}
        if i % 7 == 0:
            note["tags"] = ["web"] if i % 2 else ["phone", "store"]
        if i % 9 == 0:
            note["owner"] = "Support"
        if i % 13 == 0:
            note["votes"] = 1 + i % 4
        items.append(note)
    return {
        "title": f"Bench board ({notes} notes)", "map_type": t.map_type, "goal": "Measure the export.",
        "stages": list(t.stages),
        "lanes": [{"name": lane.name, "kind": lane.kind, "role": lane.role, "color": lane.color}
                  for lane in t.lanes],
        "notes": items,
        "emotions": {stage: rng.randint(-2, 2) for stage in t.stages},
        "empathy": {section: [f"{section} note {k}" for k in range(3)] for section in EMPATHY_SECTIONS},
    }


def floor_pdf(layout_notes, target) -> None:
    """One page, one rounded rectangle and one line of text per note: the least a PDF costs."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(target), pagesize=(3000, 3000), initialFontName=font_name("regular"))
    canvas.setFont(font_name("regular"), 11)
    for i, (box, text) in enumerate(layout_notes):
        canvas.roundRect(box.rect.x % 2900, box.rect.y % 2900, box.rect.w, box.rect.h, 4, stroke=1, fill=0)
        canvas.drawString(box.rect.x % 2900 + 10, box.rect.y % 2900 + 10, text[:40])
    canvas.showPage()
    canvas.save()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with work_dir() as folder:
        describe_machine(folder)
        start = clock()
        doc = interchange.import_board(minimal_json(args.notes, rng), folder / "bench.cjm")
        print(f"board: {len(doc.notes())} notes, built in {clock() - start:.2f} s")
        from app.model.layout import compute_layout

        layout = compute_layout(doc)
        texts = {n.id: n.text for n in doc.notes()}
        boxes = [(box, texts[box.note_id]) for box in layout.notes.values()]
        # The first export in a process also registers the fonts and fills the text caches.
        start = clock()
        pages = export_pdf(doc, folder / "first.pdf")
        print(f"first export in this process (a3): {clock() - start:.2f} s")
        runs = {"export a3": [], "export a3 + hand-outs + JSON": [], "floor (bare ReportLab)": []}
        for _ in range(args.runs):
            start = clock()
            export_pdf(doc, folder / "a3.pdf", page="a3")
            runs["export a3"].append(clock() - start)
            start = clock()
            full_pages = export_pdf(doc, folder / "full.pdf", page="a3", handout=True, embed_board=True)
            runs["export a3 + hand-outs + JSON"].append(clock() - start)
            start = clock()
            floor_pdf(boxes, folder / "floor.pdf")
            runs["floor (bare ReportLab)"].append(clock() - start)
        print(f"pages: {pages} (a3), {full_pages} (with hand-outs); "
              f"sizes: {(folder / 'a3.pdf').stat().st_size / 1e6:.2f} MB, "
              f"{(folder / 'full.pdf').stat().st_size / 1e6:.2f} MB")
        print_table(list(runs.items()))
        floor = summary(runs["floor (bare ReportLab)"])["median"]
        for name in ("export a3", "export a3 + hand-outs + JSON"):
            print(f"{name}: {ratio(summary(runs[name])['median'], floor)} the floor (median)")
        tracemalloc.start()
        export_pdf(doc, folder / "traced.pdf", page="a3", handout=True, embed_board=True)
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"peak Python allocations during an export (tracemalloc): {peak / 1e6:.1f} MB")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak resident size of this process (whole run): {rss:.0f} MB")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            export_pdf(doc, folder / "profiled.pdf", page="a3")
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
            print(out.getvalue())
        doc.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
