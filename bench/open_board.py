"""How long a big board takes to open and load, against a bare SQLite read of the same file.

Builds a 5,000-note board over the current-state template's grid (imported from the minimal JSON
form, with some votes and emotion scores), then times, alternating them run by run:
  - Document.open(path) until doc.notes() is available (all checks, then the whole board loaded);
  - Document.snapshot(path) until doc.notes() is available (the readers' path: info, export);
  - the floor: a bare sqlite3 connect + `SELECT * FROM note` fetchall + close of the same file.
Target: open under 300 ms. Also prints the file size and how long creating the board took.
The file is in the page cache for every run (it was just written), so this is a warm open.
Prints only; exits 0.

    .venv/bin/python bench/open_board.py [--notes 5000] [--runs 7] [--profile]
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import sqlite3
import sys
import traceback
from pathlib import Path

from common import GcTimer, clock, describe_machine, ms, print_table, ratio, summary, work_dir

from app.model import interchange, store
from app.model.document import Document
from app.model.entities import Emotion, Note, Vote
from app.model.templates import template

WORDS = ("customer", "checkout", "signs", "up", "waits", "for", "email", "support", "call", "price",
         "compare", "trial", "onboarding", "confused", "happy", "app", "store", "review", "renew")
COLORS = (None, "#FFE082", "#90CAF9", "#A5D6A7", "#F48FB1")


def minimal_json(notes: int, rng: random.Random) -> dict:
    """The minimal import form of a current-state board with `notes` notes over its note cells."""
    t = template("current-state")
    note_lanes = [lane.name for lane in t.lanes if lane.kind == "notes"]
    cells = [(stage, lane) for lane in note_lanes for stage in t.stages]
    items = []
    for i in range(notes):
        stage, lane = cells[i % len(cells)]
        note = {"stage": stage, "lane": lane,
                "text": f"Note {i}: " + " ".join(rng.choices(WORDS, k=rng.randint(3, 14)))}
        color = rng.choice(COLORS)
        if color:
            note["color"] = color
        if i % 7 == 0:
            note["tags"] = ["web"] if i % 2 else ["phone", "store"]
        if i % 50 == 0:
            note["votes"] = 1 + i % 3  # ~100 notes with dots, one add_votes call each
        items.append(note)
    return {
        "title": f"Bench board ({notes} notes)", "map_type": t.map_type,
        "stages": list(t.stages),
        "lanes": [{"name": lane.name, "kind": lane.kind, "role": lane.role, "color": lane.color}
                  for lane in t.lanes],
        "notes": items,
        "emotions": {stage: score for stage, score in zip(t.stages, (-1, 0, -2, 1, 2))},
        "agenda": [{"name": name, "minutes": minutes} for name, minutes in t.agenda],
    }


def timed(fn) -> float:
    start = clock()
    fn()
    return clock() - start


def open_and_load(path: Path) -> None:
    doc = Document.open(path)
    try:
        assert doc.notes()
    finally:
        doc.close()


def snapshot_and_load(path: Path) -> None:
    doc = Document.snapshot(path)
    try:
        assert doc.notes()
    finally:
        doc.close()


def checks_only(path: Path) -> None:
    """store.open_board_file alone: header, application id, version, quick_check, lock."""
    store.open_board_file(path).close()


def floor_read(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT * FROM note").fetchall()
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each way to open")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="also profile Document.open with cProfile")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    with work_dir() as folder:
        describe_machine(folder)
        path = folder / "big.cjm"
        data = minimal_json(args.notes, rng)

        start = clock()
        doc = interchange.import_board(data, path)
        import_time = clock() - start
        counts = {name: len(doc.rows(entity)) for name, entity in
                  (("notes", Note), ("votes", Vote), ("emotion scores", Emotion))}
        lossless = interchange.board_to_json(doc)
        doc.close()
        start = clock()
        interchange.import_board(lossless, folder / "lossless.cjm").close()
        lossless_time = clock() - start

        size = path.stat().st_size
        print(f"board: {', '.join(f'{n} {what}' for what, n in counts.items())}; "
              f"file {size / 1024:.0f} KiB ({size:,} bytes)")
        print(f"create: import_board (minimal JSON, {len(data['notes'])} notes): {ms(import_time):.0f} ms")
        print(f"create: import_board (lossless JSON of the same board):       {ms(lossless_time):.0f} ms")

        ways = [("Document.open + notes()", open_and_load),
                ("  of which: store.open_board_file checks", checks_only),
                ("Document.snapshot + notes()", snapshot_and_load),
                ("floor: sqlite3 connect + SELECT * FROM note", floor_read)]
        for _, fn in ways:  # warm-up: imports, compiled queries
            fn(path)
        times: dict[str, list[float]] = {name: [] for name, _ in ways}
        gc_name = "  of which: Python's garbage collector"
        times[gc_name] = []
        for run in range(args.runs):
            order = ways if run % 2 == 0 else list(reversed(ways))
            for name, fn in order:
                if fn is open_and_load:
                    with GcTimer() as gc_timer:
                        times[name].append(timed(lambda: fn(path)))
                    times[gc_name].append(gc_timer.seconds)
                else:
                    times[name].append(timed(lambda: fn(path)))
        ways.insert(1, (gc_name, None))

    print(f"\nopening the {counts['notes']}-note board, {args.runs} runs each, alternated\n")
    print_table([(name, times[name]) for name, _ in ways])
    floor = summary(times[ways[-1][0]])["median"]
    for name in ("Document.open + notes()", "Document.snapshot + notes()"):
        median = summary(times[name])["median"]
        verdict = "under" if median < 0.300 else "OVER"
        print(f"{name}: median {ms(median):.0f} ms, {verdict} the 300 ms target; "
              f"{ratio(median, floor)} the floor")

    if args.profile:
        with work_dir() as folder:
            path = folder / "big.cjm"
            interchange.import_board(minimal_json(args.notes, random.Random(args.seed)), path).close()
            profiler = cProfile.Profile()
            profiler.enable()
            open_and_load(path)
            profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(25)
        stats.sort_stats("tottime").print_stats(12)
        print("\ncProfile of one Document.open + notes():\n" + out.getvalue())


if __name__ == "__main__":
    try:
        main()
    except Exception:  # a benchmark reports, it never fails a build
        traceback.print_exc()
        print("open_board: failed (see above)", file=sys.stderr)
    sys.exit(0)
