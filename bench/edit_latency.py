"""How long one document edit takes to return, committed to disk, against a bare SQLite commit.

Every document call is one transaction on the board file (rollback journal, synchronous=FULL),
so an edit costs at least one durable SQLite commit. This measures a mix of real calls
(edit_note text, move_notes, add_note, set_emotion) on a board of ~500 notes and, alternated with
them so that both share the machine's noise, the floor: a bare `sqlite3` UPDATE + COMMIT of one
row of a copy of the same board with the same pragmas (journal_mode=DELETE, synchronous=FULL).
Target: edit p95 under 3x the floor's p95. Prints only; exits 0.

    .venv/bin/python bench/edit_latency.py [--edits 300] [--notes 500] [--seed 1] [--profile]
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import random
import sqlite3
import sys
import traceback
from pathlib import Path

from common import clock, describe_machine, ms, print_table, ratio, summary, work_dir

from app.model.document import Document, Place
from app.model.templates import template

KINDS = ("edit_note", "move_notes", "add_note", "set_emotion")


def build_board(path: Path, notes: int, rng: random.Random) -> Document:
    """A current-state board with `notes` notes spread evenly over its note cells."""
    def populate(doc: Document) -> None:
        template("current-state").apply(doc)
        cells = [Place.cell(s.id, lane.id) for lane in doc.lanes() if lane.kind == "notes"
                 for s in doc.stages()]
        for c, cell in enumerate(cells):
            count = notes // len(cells) + (1 if c < notes % len(cells) else 0)
            doc.add_notes(cell, [{"text": f"Note {c}.{i}: " + " ".join(rng.choices(WORDS, k=8))}
                                 for i in range(count)])
    return Document.create(path, populate)


WORDS = ("customer", "checkout", "signs", "up", "waits", "for", "email", "support", "call", "price",
         "compare", "trial", "onboarding", "confused", "happy", "app", "store", "review", "renew")


class EditMix:
    """Real document calls, chosen at random from a fixed-seed mix."""

    def __init__(self, doc: Document, rng: random.Random):
        self.doc, self.rng = doc, rng
        self.cells = [Place.cell(s.id, lane.id) for lane in doc.lanes() if lane.kind == "notes"
                      for s in doc.stages()]
        self.emotion_lane = next(lane.id for lane in doc.lanes() if lane.kind == "emotion")
        self.stage_ids = [s.id for s in doc.stages()]
        self.note_ids = [n.id for n in doc.notes()]
        self.counter = 0

    def prepare(self, kind: str):
        """Picks the arguments outside the timed part; returns the call to time."""
        rng, doc = self.rng, self.doc
        self.counter += 1
        if kind == "edit_note":
            note_id = rng.choice(self.note_ids)
            text = f"Edited {self.counter}: " + " ".join(rng.choices(WORDS, k=6))
            return lambda: doc.edit_note(note_id, text=text)
        if kind == "move_notes":
            note_id = rng.choice(self.note_ids)
            cell = rng.choice(self.cells)
            index = rng.randrange(0, 25)
            return lambda: doc.move_notes([note_id], cell, index)
        if kind == "add_note":
            cell = rng.choice(self.cells)
            index = rng.randrange(0, 25)
            text = f"New {self.counter}"

            def add():
                change = doc.add_note(cell, text, index=index)
                self.note_ids.append(change.result)
                return change
            return add
        if kind == "set_emotion":
            stage_id = rng.choice(self.stage_ids)
            score = rng.choice((-2, -1, 0, 1, 2, None))
            return lambda: doc.set_emotion(self.emotion_lane, stage_id, score)
        raise ValueError(kind)


def open_floor(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)  # explicit BEGIN/COMMIT below
    conn.execute("PRAGMA foreign_keys=ON")
    mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    conn.execute("PRAGMA synchronous=FULL")
    assert mode == "delete", mode
    return conn


def floor_edit(conn: sqlite3.Connection, note_ids: list[int], rng: random.Random, n: int):
    note_id = rng.choice(note_ids)
    text = f"Floor {n}"

    def run():
        conn.execute("BEGIN")
        conn.execute("UPDATE note SET text = ? WHERE id = ?", (text, note_id))
        conn.execute("COMMIT")
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=300, help="document edits (and as many floor commits)")
    parser.add_argument("--notes", type=int, default=500, help="notes on the board")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=20, help="untimed edits of each kind first")
    parser.add_argument("--profile", action="store_true",
                        help="also profile the document edits with cProfile and print the top entries")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    with work_dir() as folder:
        describe_machine(folder)
        board_path, floor_path = folder / "board.cjm", folder / "floor.cjm"
        t0 = clock()
        doc = build_board(board_path, args.notes, rng)
        print(f"board: {len(doc.notes())} notes, {len(doc.stages())} stages x {len(doc.lanes())} lanes, "
              f"built in {ms(clock() - t0):.0f} ms")
        doc.save_copy(floor_path)  # the floor edits a copy of the same board (same size, schema)
        floor = open_floor(floor_path)
        mode = doc.file.sqlite_connection().execute("PRAGMA journal_mode").fetchone()[0]
        sync = doc.file.sqlite_connection().execute("PRAGMA synchronous").fetchone()[0]
        print(f"board pragmas: journal_mode={mode}, synchronous={sync} (2 = FULL); floor: delete, FULL")

        mix = EditMix(doc, rng)
        floor_ids = list(mix.note_ids)
        for i in range(args.warmup):  # first calls pay for imports, caches and compiled queries
            for kind in KINDS:
                mix.prepare(kind)()
            floor_edit(floor, floor_ids, rng, -i)()

        plan = [KINDS[i % len(KINDS)] for i in range(args.edits)]
        rng.shuffle(plan)
        edit_times: dict[str, list[float]] = {kind: [] for kind in KINDS}
        all_edits: list[float] = []
        floor_times: list[float] = []
        profiler = cProfile.Profile() if args.profile else None
        gc.collect()
        for n, kind in enumerate(plan):
            call = mix.prepare(kind)
            floor_call = floor_edit(floor, floor_ids, rng, n)
            # Alternate which goes first, so neither always follows the other's disk flush.
            order = ((call, True), (floor_call, False)) if n % 2 == 0 else ((floor_call, False), (call, True))
            for fn, is_doc in order:
                if is_doc and profiler is not None:
                    profiler.enable()
                start = clock()
                fn()
                elapsed = clock() - start
                if is_doc and profiler is not None:
                    profiler.disable()
                if is_doc:
                    edit_times[kind].append(elapsed)
                    all_edits.append(elapsed)
                else:
                    floor_times.append(elapsed)

        notes_after = len(doc.notes())
        doc.close()
        floor.close()

    print(f"\n{args.edits} document edits alternated with {len(floor_times)} bare commits "
          f"(board ends with {notes_after} notes)\n")
    print_table([(f"document: {kind}", edit_times[kind]) for kind in KINDS]
                + [("document: all edits", all_edits),
                   ("floor: sqlite3 UPDATE+COMMIT", floor_times)])
    edit, base = summary(all_edits), summary(floor_times)
    print(f"\nmedian edit / median floor: {ratio(edit['median'], base['median'])}")
    print(f"p95 edit / p95 floor:       {ratio(edit['p95'], base['p95'])}   (target: under 3x)")
    print(f"edit overhead above the floor (median): {ms(edit['median'] - base['median']):.2f} ms")
    if base["median"] < 0.0002:
        print("note: the floor is under 0.2 ms, so commits are not reaching a real disk here "
              "(RAM disk, or a disk that ignores flushes); the ratio then measures CPU only.")

    if profiler is not None:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(25)
        stats.sort_stats("tottime").print_stats(15)
        print("\ncProfile of the timed document edits:\n" + out.getvalue())


if __name__ == "__main__":
    try:
        main()
    except Exception:  # a benchmark reports, it never fails a build
        traceback.print_exc()
        print("edit_latency: failed (see above)", file=sys.stderr)
    sys.exit(0)
