"""How long the PNG export of a 1,000-note board takes at 150 DPI, and how much memory it needs.

Times, alternating them:
- export_png(dpi=150): the board scene painted in strips on this thread while a second thread
  deflates the strip before (zlib level 1, unfiltered rows), written atomically;
- its two halves alone, one after the other: painting every strip (the scene built and
  rendered into Qt images, nothing written) and the encode floor: zlib level 1 of the same
  PNG rows (filter byte + RGB) in one thread, into memory;
- for comparison, what the export did before: Pillow writing the same pixels (compress_level=1,
  its adaptive row filters) from a whole picture in memory.
With the halves overlapped the export should take about the longer of the two, not their sum.
Peak memory is the process's high-water mark (VmHWM) during one export, reset before it.
Target: under 2 s. Prints only; exits 0.

    .venv/bin/python bench/export_png.py [--notes 1000] [--dpi 150] [--runs 5] [--profile]
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import zlib

from common import clock, describe_machine, print_table, ratio, summary, work_dir
from export_pdf import minimal_json

from app.export.png import STRIP_ROWS, ZLIB_LEVEL, BoardImage, export_png, render_board
from app.model import interchange


def memory_mb(field: str) -> float:
    """VmRSS or VmHWM of this process in MB (Linux), or nan."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def reset_peak() -> bool:
    """Sets VmHWM back to the current size (Linux 4.0+), so the next peak is one phase's."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
        return True
    except OSError:
        return False


def paint_only(doc, dpi: int) -> None:
    for _ in BoardImage(doc, dpi).strips():
        pass


def png_rows(picture) -> bytes:
    """The picture's PNG rows, unfiltered: a 0 byte before each row of RGB."""
    raw = memoryview(picture.tobytes())
    stride = 3 * picture.width
    return b"".join(part for row in range(picture.height)
                    for part in (b"\0", raw[row * stride:(row + 1) * stride]))


def encode_floor(rows: bytes) -> int:
    deflate = zlib.compressobj(ZLIB_LEVEL)
    return len(deflate.compress(rows)) + len(deflate.flush())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--dpi", type=int, default=150)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="cProfile of one export (this thread only)")
    args = parser.parse_args()
    with work_dir() as folder:
        describe_machine(folder)
        doc = interchange.import_board(minimal_json(args.notes, random.Random(1)), folder / "board.cjm")
        first = clock()
        size = export_png(doc, folder / "first.png", dpi=args.dpi)
        print(f"board: {args.notes} notes; picture {size.width} x {size.height} "
              f"({size.width * size.height / 1e6:.0f} MP) at {args.dpi} DPI, strips of {STRIP_ROWS} rows")
        print(f"first export in this process (Qt start-up and fonts included): {clock() - first:.2f} s; "
              f"file {(folder / 'first.png').stat().st_size / 1e6:.1f} MB")
        before = memory_mb("VmRSS")
        if reset_peak():
            export_png(doc, folder / "board.png", dpi=args.dpi)
            print(f"memory: {before:.0f} MB resident before an export, peak {memory_mb('VmHWM'):.0f} MB during it "
                  f"(+{memory_mb('VmHWM') - before:.0f} MB; the picture itself is "
                  f"{size.width * size.height * 3 / 1e6:.0f} MB of RGB)")
        else:
            print("memory: no /proc/self/clear_refs here, peak per export not measured")
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(export_png, doc, folder / "board.png", dpi=args.dpi)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(20)
        picture = render_board(doc, args.dpi)
        rows = png_rows(picture)
        names = ("export_png", "paint only (scene + strips)", "encode floor (zlib, 1 thread)",
                 "before: Pillow writes the same pixels")
        times: dict[str, list[float]] = {name: [] for name in names}
        for run in range(args.runs):
            start = clock()
            export_png(doc, folder / "board.png", dpi=args.dpi)
            times[names[0]].append(clock() - start)
            start = clock()
            paint_only(doc, args.dpi)
            times[names[1]].append(clock() - start)
            start = clock()
            deflated = encode_floor(rows)
            times[names[2]].append(clock() - start)
            start = clock()
            picture.save(io.BytesIO(), "PNG", dpi=(args.dpi, args.dpi), compress_level=1)
            times[names[3]].append(clock() - start)
        print_table(list(times.items()))
        median = {name: summary(values)["median"] for name, values in times.items()}
        export, paint, encode = median[names[0]], median[names[1]], median[names[2]]
        print(f"zlib output {deflated / 1e6:.1f} MB for {len(rows) / 1e6:.0f} MB of rows")
        print(f"export_png: median {export * 1000:.0f} ms ({'under' if export < 2 else 'OVER'} the 2 s target); "
              f"{ratio(export, encode)} the encode floor; paint + encode one after the other would be "
              f"{(paint + encode) * 1000:.0f} ms ({ratio(export, paint + encode)} of it)")
        doc.close()


if __name__ == "__main__":
    main()
