"""The journeywall command: the app with no command (or a board path), else a headless tool."""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Optional, Sequence

from app.export.embedded import SUFFIXES, board_data_or_error
from app.model import store
from app.model.store import shown
from app.model.document import BoardError, Document, Place
from app.model.entities import EMPATHY_SECTIONS
from app.model.interchange import import_board, import_file, write_json
from app.model.templates import DEFAULT_TEMPLATE, TEMPLATES, template

COMMANDS = ("new", "templates", "info", "import", "export", "room", "install-desktop")
DEFAULT_DPI = 150
PAGE_CHOICES = ("a4", "a3", "a2", "letter", "tabloid", "fit")


def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS + ("-h", "--help"):
        from app.export.export_dialog import add_export_action  # Qt only when a window is wanted
        from app.ui.application import run_app
        return run_app(argv, window_hooks=(add_export_action,), importers={
            suffix: board_data_or_error for suffix in SUFFIXES})
    args = _parser().parse_args(argv)
    try:
        return args.run(args) or 0
    except (BoardError, store.BoardFileError) as error:
        print(f"journeywall: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"journeywall: {error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="journeywall",
        description="Journey Wall: customer-journey maps for workshops. "
                    "With no command (or a board file) it opens the app.")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    new = commands.add_parser("new", help="create a board from a template")
    new.add_argument("board", type=Path, metavar="BOARD.cjm")
    new.add_argument("--template", default=DEFAULT_TEMPLATE, choices=sorted(TEMPLATES), metavar="NAME",
                     help=f"one of: {', '.join(TEMPLATES)} (default {DEFAULT_TEMPLATE})")
    new.add_argument("--title", help="the board's title (default: the template's)")
    new.set_defaults(run=_new)

    listing = commands.add_parser("templates", help="list the built-in templates")
    listing.set_defaults(run=_templates)

    info = commands.add_parser("info", help="describe a board")
    info.add_argument("board", type=Path, metavar="BOARD.cjm")
    info.add_argument("--json", action="store_true", help="print the description as JSON")
    info.set_defaults(run=_info)

    imp = commands.add_parser("import", help="create a board from a JSON file (or a PNG or PDF "
                                                 "exported with --embed-board)")
    imp.add_argument("source", type=Path, metavar="SOURCE.json")
    imp.add_argument("board", type=Path, metavar="BOARD.cjm")
    imp.set_defaults(run=_import)

    export = commands.add_parser("export", help="write a board to other formats")
    export.add_argument("board", type=Path, metavar="BOARD.cjm")
    export.add_argument("--png", type=Path, metavar="OUT.png", help="a picture of the board")
    export.add_argument("--pdf", type=Path, metavar="OUT.pdf", help="a document to share and print")
    export.add_argument("--csv", type=Path, metavar="OUT.csv", help="one row per note, for spreadsheets")
    export.add_argument("--json", type=Path, metavar="OUT.json", help="the whole board, lossless")
    export.add_argument("--dpi", type=int, default=DEFAULT_DPI, help=f"PNG resolution (default {DEFAULT_DPI})")
    export.add_argument("--grid-only", action="store_true", help="the PNG without the empathy map and persona")
    export.add_argument("--page", default="a3", choices=PAGE_CHOICES, help="PDF page size (default a3)")
    export.add_argument("--empathy", action=argparse.BooleanOptionalAction, default=True,
                        help="include the empathy map in the PDF (default yes)")
    export.add_argument("--handout", action="store_true", help="add one PDF page per stage")
    export.add_argument("--embed-board", action="store_true",
                        help="put the board's JSON inside the PNG/PDF so it can be opened again "
                             "(it carries everything, the persona photo too)")
    export.set_defaults(run=_export)
    room = commands.add_parser("room", help="invite the room's phones to write notes on a board, with no "
                                            "window: prints the join link and a QR code")
    room.add_argument("board", type=Path, metavar="BOARD.cjm")
    room.add_argument("--address", help="the address to listen on (default: this machine's on the network)")
    room.add_argument("--port", type=int, default=0, help="the port (default: any free one)")
    room.add_argument("--minutes", type=float, help="stop inviting after this long (default: at Ctrl+C)")
    room.set_defaults(run=_room)
    desktop = commands.add_parser("install-desktop", help="let the file manager open .cjm boards with "
                                                          "Journey Wall (Linux, this user)")
    desktop.set_defaults(run=_install_desktop)
    return parser


def _install_desktop(_args: argparse.Namespace) -> None:
    from app.desktop import install_desktop_entry
    for path in install_desktop_entry():
        print(f"Wrote {path}")


def _room(args: argparse.Namespace) -> None:
    from app.room.terminal import serve_in_terminal
    serve_in_terminal(args.board, args.address, args.port, None if args.minutes is None else args.minutes * 60)


def _new(args: argparse.Namespace) -> None:
    chosen = template(args.template)
    with Document.create(args.board, lambda doc: chosen.apply(doc, args.title)) as doc:
        print(f"Created {shown(args.board)} ({chosen.name}: {len(doc.stages())} stages, {len(doc.lanes())} lanes).")


def _templates(_args: argparse.Namespace) -> None:
    width = max(len(name) for name in TEMPLATES)
    for t in TEMPLATES.values():
        print(f"{t.name:<{width}}  {t.description} ({len(t.stages)} stages, {len(t.lanes)} lanes)")


def _import(args: argparse.Namespace) -> None:
    with import_any(args.source, args.board) as doc:
        print(f"Imported {shown(args.source)} into {shown(args.board)} ({len(doc.notes())} notes).")


def import_any(source: Path, board: Path) -> Document:
    """A board from a JSON file, or from the board a PNG or PDF export carries."""
    if source.suffix.lower() in SUFFIXES:
        return import_board(board_data_or_error(source), board)
    return import_file(source, board)


def _export(args: argparse.Namespace) -> None:
    if not (args.png or args.pdf or args.csv or args.json):
        raise BoardError("Say what to export: --png, --pdf, --csv and/or --json with a file name.")
    for out in (args.png, args.pdf, args.csv, args.json):
        if out and _is_database(out):  # e.g. the board itself: writing over it would lose it
            raise BoardError(f"{shown(out)} is a board file; write the export to another name.")
    with Document.snapshot(args.board) as doc:
        if args.json:
            write_json(doc, args.json)
            print(f"Wrote {shown(args.json)}.")
        if args.csv:
            from app.export.csv_export import export_csv
            export_csv(doc, args.csv)
            print(f"Wrote {shown(args.csv)}.")
        if args.png:
            from app.export.png import export_png
            size = export_png(doc, args.png, dpi=args.dpi, embed_board=args.embed_board, grid_only=args.grid_only)
            print(f"Wrote {shown(args.png)} ({size.width} × {size.height} pixels at {args.dpi} DPI).")
        if args.pdf:
            from app.export.pdf import export_pdf
            export_pdf(doc, args.pdf, page=args.page, empathy=args.empathy, handout=args.handout,
                       embed_board=args.embed_board)
            print(f"Wrote {shown(args.pdf)}.")


def _is_database(path: Path) -> bool:
    # Read before this process connects to any board: see app.model.store's docstring.
    try:
        fd = store.open_regular_file(path)  # never blocks on a FIFO
    except store.BoardFileError:  # missing, a folder, a pipe: writing it will say what is wrong
        return False
    try:
        return os.pread(fd, len(store.SQLITE_HEADER), 0) == store.SQLITE_HEADER
    except OSError:
        return False
    finally:
        os.close(fd)


def _info(args: argparse.Namespace) -> None:
    with Document.snapshot(args.board) as doc:
        summary = describe(doc)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        print(_describe_text(summary))


def describe(doc: Document) -> dict[str, Any]:
    """What `info` tells about a board."""
    places = Counter(note.place for note in doc.notes())
    cells = {(s.id, lane.id): len(doc.notes_at(Place.cell(s.id, lane.id)))
             for s in doc.stages() for lane in doc.lanes()}
    return {
        "title": doc.board.title,
        "map_type": doc.board.map_type,
        "goal": doc.board.goal,
        "persona": doc.persona.name,
        "stages": [s.name for s in doc.stages()],
        "lanes": [{"name": lane.name, "kind": lane.kind, "role": lane.role} for lane in doc.lanes()],
        "notes": {"total": len(doc.notes()), "grid": places["cell"], "parking_lot": places["parking"],
                  "empathy_map": places["empathy"]},
        "notes_per_cell": {
            lane.name: {s.name: cells[(s.id, lane.id)] for s in doc.stages()} for lane in doc.lanes()},
        "empathy": {section: len(doc.notes_at(Place.empathy(section))) for section in EMPATHY_SECTIONS},
    }


def _describe_text(info: dict[str, Any]) -> str:
    notes = info["notes"]
    lanes = ", ".join(f"{lane['name']} ({lane['kind']})" for lane in info["lanes"])
    lines = [
        f"Title:     {info['title']}",
        f"Map type:  {info['map_type']}",
        f"Goal:      {info['goal'] or '-'}",
        f"Persona:   {info['persona'] or '-'}",
        f"Stages:    {', '.join(info['stages'])}",
        f"Lanes:     {lanes}",
        f"Notes:     {notes['total']} ({notes['grid']} on the grid, {notes['parking_lot']} in the "
        f"parking lot, {notes['empathy_map']} on the empathy map)",
        "Empathy:   " + (", ".join(f"{k} {v}" for k, v in info["empathy"].items() if v) or "-"),
        "",
        "Notes per cell (lanes down, stages across):",
    ]
    width = max([len(name) for name in info["notes_per_cell"]] + [4])
    lines.append(" " * width + "  " + " ".join(f"{i + 1:>3}" for i in range(len(info["stages"]))))
    for lane, counts in info["notes_per_cell"].items():
        lines.append(f"{lane:<{width}}  " + " ".join(f"{n:>3}" for n in counts.values()))
    return "\n".join(lines)
