"""How long the PNG export of a 1,000-note board takes at 150 DPI, and how much memory it needs.

Times, alternating them: export_png(dpi=150) (the board scene rendered into an image, written
by Pillow), and the floor: Pillow writing a same-size picture of the same board (so the floor
holds the PNG encoding of these very pixels, and the difference is building and painting the
scene). Target: under 2 s. Prints only; exits 0.

    .venv/bin/python bench/export_png.py [--notes 1000] [--dpi 150] [--runs 5]
"""
from __future__ import annotations

import argparse
import random
import resource

from common import clock, describe_machine, print_table, ratio, summary, work_dir
from export_pdf import minimal_json

from app.export.png import export_png, render_board
from app.model import interchange


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--dpi", type=int, default=150)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with work_dir() as folder:
        describe_machine(folder)
        doc = interchange.import_board(minimal_json(args.notes, random.Random(1)), folder / "board.cjm")
        first = clock()
        size = export_png(doc, folder / "first.png", dpi=args.dpi)
        print(f"board: {args.notes} notes; picture {size.width} x {size.height} at {args.dpi} DPI")
        print(f"first export in this process (Qt start-up and fonts included): {clock() - first:.2f} s")
        picture = render_board(doc, args.dpi)
        times = {"export_png": [], "floor (Pillow writes the same pixels)": []}
        for run in range(args.runs):
            start = clock()
            export_png(doc, folder / "board.png", dpi=args.dpi)
            times["export_png"].append(clock() - start)
            start = clock()
            picture.save(folder / "floor.png", "PNG", dpi=(args.dpi, args.dpi), compress_level=1)
            times["floor (Pillow writes the same pixels)"].append(clock() - start)
        print_table(list(times.items()))
        median = summary(times["export_png"])["median"]
        floor = summary(times["floor (Pillow writes the same pixels)"])["median"]
        print(f"export_png: median {median * 1000:.0f} ms ({'under' if median < 2 else 'OVER'} the 2 s target); "
              f"{ratio(median, floor)} the floor")
        print(f"peak resident size of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        doc.close()


if __name__ == "__main__":
    main()
