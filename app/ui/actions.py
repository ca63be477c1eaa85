"""Every menu entry, toolbar button and shortcut, as data: one table, one builder."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Union

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from .theme import PALETTE, PALETTE_NAMES

Key = Union[QKeySequence.StandardKey, str]


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    menu: str  # "File", "Edit/Colour" ... ("" for shortcut-only actions)
    handler: str  # the name of a method of one of the window's controllers
    keys: tuple[Key, ...] = ()
    tip: str = ""
    needs_edit: bool = False  # disabled on a read-only board


def _colour_actions() -> tuple[ActionSpec, ...]:
    return tuple(
        ActionSpec(f"colour_{i + 1}", f"{name}", "Edit/Colour", f"recolour_{i + 1}", (str(i + 1),),
                   f"Colour the selected notes {name.lower()} ({color})", needs_edit=True)
        for i, (name, color) in enumerate(zip(PALETTE_NAMES, PALETTE)))


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("new", "&New Board…", "File", "new_board", (QKeySequence.New,)),
    ActionSpec("open", "&Open…", "File", "open_board", (QKeySequence.Open,)),
    ActionSpec("save_as", "Save &As…", "File", "save_as", (QKeySequence.SaveAs,),
               "Write the board to a new file and go on working there"),
    ActionSpec("save_copy", "Save a &Copy…", "File", "save_copy", (),
               "Write a copy of the board and go on working here"),
    ActionSpec("close", "&Close", "File", "close_window", (QKeySequence.Close,)),
    ActionSpec("quit", "&Quit", "File", "quit", (QKeySequence.Quit,)),

    ActionSpec("undo", "&Undo", "Edit", "undo", (QKeySequence.Undo,)),
    ActionSpec("redo", "&Redo", "Edit", "redo", (QKeySequence.Redo, "Ctrl+Y")),
    ActionSpec("history", "Undo &History", "Edit", "show_history", ()),
    ActionSpec("cut", "Cu&t", "Edit", "cut", (QKeySequence.Cut,), needs_edit=True),
    ActionSpec("copy", "&Copy", "Edit", "copy", (QKeySequence.Copy,)),
    ActionSpec("paste", "&Paste", "Edit", "paste", (QKeySequence.Paste,), needs_edit=True),
    ActionSpec("duplicate", "D&uplicate", "Edit", "duplicate", ("Ctrl+D",), needs_edit=True),
    ActionSpec("delete", "&Delete", "Edit", "delete", (QKeySequence.Delete,), needs_edit=True),
    ActionSpec("select_all", "Select &All", "Edit", "select_all", (QKeySequence.SelectAll,)),
    ActionSpec("new_note", "&New Note", "Edit", "new_note", ("N",),
               "Add a note to the focused cell", needs_edit=True),
    ActionSpec("edit_note", "&Edit Note", "Edit", "edit_selected", ("F2",), needs_edit=True),
    ActionSpec("tags", "&Tags and Owner…", "Edit", "edit_tags", ("Ctrl+T",), needs_edit=True),
    ActionSpec("to_parking", "Move to &Parking Lot", "Edit", "to_parking_lot", ("Ctrl+Shift+P",),
               needs_edit=True),
    *_colour_actions(),
    ActionSpec("lane_colour", "Lane Colour", "Edit/Colour", "recolour_lane", ("0",),
               "Give the selected notes their lane's colour again", needs_edit=True),
    ActionSpec("find", "&Find…", "Edit", "find", (QKeySequence.Find,)),
    ActionSpec("find_next", "Find &Next", "Edit", "find_next", (QKeySequence.FindNext,)),
    ActionSpec("find_previous", "Find Pre&vious", "Edit", "find_previous", (QKeySequence.FindPrevious,)),

    ActionSpec("add_stage", "Add &Stage", "Board", "add_stage", ("Ctrl+Shift+S",), needs_edit=True),
    ActionSpec("rename_stage", "Re&name Stage", "Board", "rename_stage", (), needs_edit=True),
    ActionSpec("delete_stage", "&Delete Stage", "Board", "delete_stage", (), needs_edit=True),
    ActionSpec("add_lane", "Add &Lane", "Board", "add_lane", ("Ctrl+Shift+L",), needs_edit=True),
    ActionSpec("add_emotion_lane", "Add &Emotion Lane", "Board", "add_emotion_lane", (), needs_edit=True),
    ActionSpec("add_metric_lane", "Add &KPI Lane", "Board", "add_metric_lane", (), needs_edit=True),
    ActionSpec("rename_lane", "Rena&me Lane", "Board", "rename_lane", (), needs_edit=True),
    ActionSpec("delete_lane", "Delete L&ane", "Board", "delete_lane", (), needs_edit=True),

    ActionSpec("persona", "&Persona…", "Board", "edit_persona", ("Ctrl+Shift+U",),
               "Who the map is for: name, role, photo, goals, pains", needs_edit=True),
    ActionSpec("empathy_classic", "Empathy Map: &Classic Quadrants", "Board", "empathy_classic", (),
               needs_edit=True),
    ActionSpec("empathy_canvas", "Empathy Map: 2017 &Canvas", "Board", "empathy_canvas", (), needs_edit=True),

    ActionSpec("present", "&Present", "View", "present", ("F5",),
               "The board full screen on the projector; Esc leaves"),
    ActionSpec("empathy_panel", "&Empathy Map Panel", "View", "toggle_empathy_panel", ("F6",)),
    ActionSpec("empathy_full", "Empathy Map &Full View", "View", "toggle_empathy_full", ("Ctrl+Shift+E",),
               "Show only the empathy map in the window (again to go back)"),
    ActionSpec("empathy_next", "&Next Empathy Section", "View", "next_empathy_section", ("F7",),
               "Walk the group through the empathy map, section by section"),
    ActionSpec("zoom_in", "Zoom &In", "View", "zoom_in", (QKeySequence.ZoomIn, "Ctrl+=")),
    ActionSpec("zoom_out", "Zoom &Out", "View", "zoom_out", (QKeySequence.ZoomOut,)),
    ActionSpec("zoom_fit", "&Fit Board", "View", "zoom_fit", ("Ctrl+0",)),
    ActionSpec("zoom_100", "&Actual Size", "View", "zoom_100", ("Ctrl+1",)),
    ActionSpec("highlight_tag", "&Highlight Tag…", "View", "highlight_tag", ("Ctrl+Shift+H",)),

    ActionSpec("start_voting", "Start &Voting Round…", "Workshop", "start_voting", (),
               "Dots per voter, the voters; then a click on a note gives it a dot", needs_edit=True),
    ActionSpec("next_voter", "Ne&xt Voter", "Workshop", "next_voter", ("Ctrl+Shift+V",),
               "Hand the laptop to the next voter of the round", needs_edit=True),
    ActionSpec("end_voting", "&End Voting Round", "Workshop", "end_voting", (),
               "Show every dot to the room and rank the notes", needs_edit=True),
    ActionSpec("tally", "Vote &Tally", "Workshop", "show_tally", ("Ctrl+Shift+T",),
               "Notes ranked by dots, by round and lane"),
    ActionSpec("group", "&Group Notes…", "Workshop", "group_notes", ("Ctrl+G",),
               "Group the selected notes of a cell into a labelled cluster", needs_edit=True),
    ActionSpec("ungroup", "&Ungroup", "Workshop", "ungroup", ("Ctrl+Shift+G",), needs_edit=True),
    ActionSpec("toggle_cluster", "C&ollapse or Expand Cluster", "Workshop", "toggle_cluster", ("Ctrl+Shift+C",),
               needs_edit=True),
    ActionSpec("rename_cluster", "Rena&me Cluster…", "Workshop", "rename_cluster", (), needs_edit=True),
    ActionSpec("hide_lane", "&Hide or Show Lane on the Projector", "Workshop", "toggle_lane_hidden", (),
               "The focused cell's lane", needs_edit=True),
    ActionSpec("hide_notes", "Hide or Show &Selected Notes on the Projector", "Workshop", "toggle_notes_hidden",
               ("Ctrl+Shift+K",), needs_edit=True),
    ActionSpec("reveal_mode", "Re&veal Mode (Silent Writing)", "Workshop", "toggle_reveal_mode", ("Ctrl+Shift+R",),
               "New notes stay off the projector until revealed", needs_edit=True),
    ActionSpec("reveal_all", "Reveal &All Notes", "Workshop", "reveal_all", ("Ctrl+Shift+A",),
               "Show the hidden notes to the room and end reveal mode", needs_edit=True),
    ActionSpec("agenda", "Edit the A&genda…", "Workshop", "edit_agenda", (), "Blocks and their minutes",
               needs_edit=True),
    ActionSpec("timer_start", "Start or Pause the &Timer", "Workshop", "timer_toggle", ("Ctrl+Shift+Space",),
               "The countdown of the current agenda block"),
    ActionSpec("timer_minute", "Timer &+1 Minute", "Workshop", "timer_add_minute", ("Ctrl+Shift+M",)),
    ActionSpec("timer_next", "&Next Agenda Block", "Workshop", "timer_next_block", ("Ctrl+Shift+N",)),
    ActionSpec("timer_reset", "&Reset the Timer", "Workshop", "timer_reset", ()),

    ActionSpec("shortcuts", "&Keyboard Shortcuts", "Help", "show_shortcuts", (QKeySequence.HelpContents,)),
    ActionSpec("cheat_sheet", "Shortcut &Cheat Sheet", "Help", "toggle_cheat_sheet", ("?",),
               "The shortcuts over the board, for everyone in the room"),
)

# What the mouse and the keys do on the board itself, besides the actions above.
GESTURES = (
    ("Double-click an empty spot in a cell", "Add a note there and type"),
    ("Escape / click elsewhere", "Stop editing"),
    ("Tab while editing", "Next note in the same cell"),
    ("Arrow keys", "Move between cells, or between notes when one is selected"),
    ("Enter", "Edit the selected note, or add a note to the focused cell"),
    ("Drag a note", "Move it to another cell, place or the parking lot"),
    ("Drag a stage or lane header", "Reorder stages or lanes"),
    ("Drag a stage header's right edge", "Make the stage wider or narrower"),
    ("Double-click a header or KPI cell", "Rename it / type its value"),
    ("Drag an emotion face", "Set the emotion at that stage"),
    ("During a voting round: click / right-click a note", "Give it a dot / take your dot back"),
    ("Click a cluster's triangle / label", "Collapse or expand it / select its notes to drag them"),
    ("Ctrl+wheel, pinch", "Zoom around the pointer"),
    ("Wheel, space+drag, middle-drag", "Pan"),
)

MENUS = ("File", "Edit", "Board", "View", "Workshop", "Help")


def _sequences(key: Key) -> list[QKeySequence]:
    if isinstance(key, str):
        return [QKeySequence(key)]
    return QKeySequence.keyBindings(key)  # all of the platform's bindings, e.g. Ctrl+Shift+Z too


def build_actions(window: QMainWindow, handlers: Callable[[str], Callable[[], None]],
                  specs: tuple[ActionSpec, ...] = ACTIONS) -> dict[str, QAction]:
    """Creates the actions, their menus (in table order) and returns them by id."""
    menus: dict[str, QMenu] = {}
    for name in MENUS:
        menus[name] = window.menuBar().addMenu(f"&{name}")
    actions: dict[str, QAction] = {}
    for spec in specs:
        action = QAction(spec.text, window)
        action.setObjectName(spec.id)
        action.setShortcuts([seq for key in spec.keys for seq in _sequences(key)])
        if spec.tip:
            action.setStatusTip(spec.tip)
            action.setToolTip(spec.tip)
        action.triggered.connect(handlers(spec.handler))
        window.addAction(action)  # shortcuts work wherever the focus is in the window
        if spec.menu:
            top, _, sub = spec.menu.partition("/")
            menu = menus[top]
            if sub:
                key = spec.menu
                if key not in menus:
                    menus[key] = menu.addMenu(sub)
                menu = menus[key]
            menu.addAction(action)
        actions[spec.id] = action
    return actions
