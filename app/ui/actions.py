"""Every menu entry, toolbar button and shortcut, as data: one table, one builder.

An entry names what it runs as a Call: a method of one of the window's handlers (the window,
its note and workshop controllers), looked up when the action runs, since a window makes its
controllers anew for each board it shows. Handlers from outside app/ui (File › Export… from
app/export, which imports app/ui, not the other way round) are handed to the window at run time
(MainWindow.provide); their entries stay hidden until then."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional, Union

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from .theme import PALETTE, PALETTE_NAMES

Key = Union[QKeySequence.StandardKey, str]

# The handlers a Call can name.
WINDOW, NOTES, WORKSHOP = "window", "notes", "workshop"  # the window's own (app/ui)
EXPORT = "export"  # handed over by app/export (app.export.export_dialog.add_export_action)
BUILT_IN = (WINDOW, NOTES, WORKSHOP)


@dataclass(frozen=True)
class Call:
    """What an entry runs: handler.method(*args), the handler named by target."""
    target: str
    method: str
    args: tuple = ()


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    menu: str  # "File", "Edit/Colour" ... ("" for shortcut-only actions)
    handler: Call
    keys: tuple[Key, ...] = ()
    tip: str = ""
    needs_edit: bool = False  # disabled on a read-only board
    separator_before: bool = False  # in its menu
    checked: Optional[Callable[[Any], bool]] = None  # a mode it turns on and off: whether the board has it on
    toolbar: bool = False  # also a button of the window's toolbar


@dataclass(frozen=True)
class SubmenuSpec:
    """A submenu whose entries change (the recent boards, the screens): handler fills it each
    time it opens."""
    id: str
    text: str
    menu: str
    handler: Call


def _colour_actions() -> tuple[ActionSpec, ...]:
    return tuple(
        ActionSpec(f"colour_{i + 1}", f"{name}", "Edit/Colour", Call(NOTES, "recolour", (color,)), (str(i + 1),),
                   f"Colour the selected notes {name.lower()} ({color})", needs_edit=True)
        for i, (name, color) in enumerate(zip(PALETTE_NAMES, PALETTE)))


MENU_ENTRIES: tuple[Union[ActionSpec, SubmenuSpec], ...] = (
    ActionSpec("new", "&New Board…", "File", Call(WINDOW, "new_board"), (QKeySequence.New,)),
    ActionSpec("open", "&Open…", "File", Call(WINDOW, "open_board"), (QKeySequence.Open,)),
    SubmenuSpec("recent", "Open &Recent", "File", Call(WINDOW, "fill_recent_menu")),
    ActionSpec("save_as", "Save &As…", "File", Call(WINDOW, "save_as"), (QKeySequence.SaveAs,),
               "Write the board to a new file and go on working there"),
    ActionSpec("save_copy", "Save a &Copy…", "File", Call(WINDOW, "save_copy"), (),
               "Write a copy of the board and go on working here"),
    ActionSpec("export", "&Export…", "File", Call(EXPORT, "export"), ("Ctrl+E",),
               "Write the board as a PDF, PNG, CSV or JSON file"),
    ActionSpec("board_history", "&History…", "File", Call(WINDOW, "show_board_history"), (),
               "Open or restore a copy of the board kept earlier"),
    ActionSpec("close", "&Close", "File", Call(WINDOW, "close_window"), (QKeySequence.Close,),
               separator_before=True),
    ActionSpec("quit", "&Quit", "File", Call(WINDOW, "quit"), (QKeySequence.Quit,)),

    ActionSpec("undo", "&Undo", "Edit", Call(WINDOW, "undo"), (QKeySequence.Undo,), toolbar=True),
    ActionSpec("redo", "&Redo", "Edit", Call(WINDOW, "redo"), (QKeySequence.Redo, "Ctrl+Y"), toolbar=True),
    ActionSpec("history", "Undo &History", "Edit", Call(WINDOW, "show_history"), ()),
    ActionSpec("cut", "Cu&t", "Edit", Call(NOTES, "cut"), (QKeySequence.Cut,), needs_edit=True),
    ActionSpec("copy", "&Copy", "Edit", Call(NOTES, "copy"), (QKeySequence.Copy,)),
    ActionSpec("paste", "&Paste", "Edit", Call(NOTES, "paste"), (QKeySequence.Paste,), needs_edit=True),
    ActionSpec("duplicate", "D&uplicate", "Edit", Call(NOTES, "duplicate"), ("Ctrl+D",), needs_edit=True),
    ActionSpec("delete", "&Delete", "Edit", Call(NOTES, "delete"), (QKeySequence.Delete,), needs_edit=True),
    ActionSpec("select_all", "Select &All", "Edit", Call(NOTES, "select_all"), (QKeySequence.SelectAll,)),
    ActionSpec("new_note", "&New Note", "Edit", Call(NOTES, "new_note"), ("N",),
               "Add a note to the focused cell", needs_edit=True, toolbar=True),
    ActionSpec("edit_note", "&Edit Note", "Edit", Call(NOTES, "edit_selected"), ("F2",), needs_edit=True),
    ActionSpec("tags", "&Tags and Owner…", "Edit", Call(NOTES, "edit_tags"), ("Ctrl+T",), needs_edit=True),
    ActionSpec("to_parking", "Move to &Parking Lot", "Edit", Call(NOTES, "to_parking_lot"), ("Ctrl+Shift+P",),
               needs_edit=True),
    *_colour_actions(),
    ActionSpec("lane_colour", "Lane Colour", "Edit/Colour", Call(NOTES, "recolour_lane"), ("0",),
               "Give the selected notes their lane's colour again", needs_edit=True),
    ActionSpec("find", "&Find…", "Edit", Call(WINDOW, "find"), (QKeySequence.Find,), toolbar=True),
    ActionSpec("find_next", "Find &Next", "Edit", Call(WINDOW, "find_next"), (QKeySequence.FindNext,)),
    ActionSpec("find_previous", "Find Pre&vious", "Edit", Call(WINDOW, "find_previous"), (QKeySequence.FindPrevious,)),

    ActionSpec("add_stage", "Add &Stage", "Board", Call(NOTES, "add_stage"), ("Ctrl+Shift+S",), needs_edit=True, toolbar=True),
    ActionSpec("rename_stage", "Re&name Stage", "Board", Call(NOTES, "rename_stage"), (), needs_edit=True),
    ActionSpec("delete_stage", "&Delete Stage", "Board", Call(NOTES, "delete_stage"), (), needs_edit=True),
    ActionSpec("add_lane", "Add &Lane", "Board", Call(NOTES, "add_lane"), ("Ctrl+Shift+L",), needs_edit=True, toolbar=True),
    ActionSpec("add_emotion_lane", "Add &Emotion Lane", "Board", Call(NOTES, "add_emotion_lane"), (), needs_edit=True),
    ActionSpec("add_metric_lane", "Add &KPI Lane", "Board", Call(NOTES, "add_metric_lane"), (), needs_edit=True),
    ActionSpec("rename_lane", "Rena&me Lane", "Board", Call(NOTES, "rename_lane"), (), needs_edit=True),
    ActionSpec("delete_lane", "Delete L&ane", "Board", Call(NOTES, "delete_lane"), (), needs_edit=True),

    ActionSpec("board_details", "Board &Details…", "Board", Call(WINDOW, "edit_board_details"), (),
               "Title, map type, goal & scope, date and participants (or double-click the title)",
               needs_edit=True, separator_before=True),
    ActionSpec("persona", "&Persona…", "Board", Call(WINDOW, "edit_persona"), ("Ctrl+Shift+U",),
               "Who the map is for: name, role, photo, goals, pains", needs_edit=True),
    ActionSpec("empathy_classic", "Empathy Map: &Classic Quadrants", "Board", Call(WINDOW, "empathy_classic"), (),
               needs_edit=True),
    ActionSpec("empathy_canvas", "Empathy Map: 2017 &Canvas", "Board", Call(WINDOW, "empathy_canvas"), (),
               needs_edit=True),

    ActionSpec("present", "&Present", "View", Call(WINDOW, "present"), ("F5",),
               "The board full screen on the projector; Esc leaves", toolbar=True),
    SubmenuSpec("screens", "Projector &Screen", "View", Call(WINDOW, "fill_screen_menu")),
    ActionSpec("empathy_panel", "&Empathy Map Panel", "View", Call(WINDOW, "toggle_empathy_panel"), ("F6",)),
    ActionSpec("empathy_full", "Empathy Map &Full View", "View", Call(WINDOW, "toggle_empathy_full"), ("Ctrl+Shift+E",),
               "Show only the empathy map in the window (again to go back)"),
    ActionSpec("empathy_next", "&Next Empathy Section", "View", Call(WINDOW, "next_empathy_section"), ("F7",),
               "Walk the group through the empathy map, section by section"),
    ActionSpec("zoom_in", "Zoom &In", "View", Call(WINDOW, "zoom_in"), (QKeySequence.ZoomIn, "Ctrl+=")),
    ActionSpec("zoom_out", "Zoom &Out", "View", Call(WINDOW, "zoom_out"), (QKeySequence.ZoomOut,)),
    ActionSpec("zoom_fit", "&Fit Board", "View", Call(WINDOW, "zoom_fit"), ("Ctrl+0",), toolbar=True),
    ActionSpec("zoom_100", "&Actual Size", "View", Call(WINDOW, "zoom_100"), ("Ctrl+1",)),
    ActionSpec("highlight_tag", "&Highlight Tag…", "View", Call(NOTES, "highlight_tag"), ("Ctrl+Shift+H",)),

    ActionSpec("start_voting", "Start &Voting Round…", "Workshop", Call(WORKSHOP, "start_voting"), (),
               "Dots per voter, the voters; then a click on a note gives it a dot", needs_edit=True, toolbar=True),
    ActionSpec("next_voter", "Ne&xt Voter", "Workshop", Call(WORKSHOP, "next_voter"), ("Ctrl+Shift+V",),
               "Hand the laptop to the next voter of the round", needs_edit=True),
    ActionSpec("end_voting", "&End Voting Round", "Workshop", Call(WORKSHOP, "end_voting"), (),
               "Show every dot to the room and rank the notes", needs_edit=True),
    ActionSpec("tally", "Vote &Tally", "Workshop", Call(WORKSHOP, "show_tally"), ("Ctrl+Shift+T",),
               "Notes ranked by dots, by round and lane"),
    ActionSpec("group", "&Group Notes…", "Workshop", Call(WORKSHOP, "group_notes"), ("Ctrl+G",),
               "Group the selected notes of a cell into a labelled cluster", needs_edit=True),
    ActionSpec("ungroup", "&Ungroup", "Workshop", Call(WORKSHOP, "ungroup"), ("Ctrl+Shift+G",), needs_edit=True),
    ActionSpec("toggle_cluster", "C&ollapse or Expand Cluster", "Workshop", Call(WORKSHOP, "toggle_cluster"),
               ("Ctrl+Shift+C",), needs_edit=True),
    ActionSpec("rename_cluster", "Rena&me Cluster…", "Workshop", Call(WORKSHOP, "rename_cluster"), (),
               needs_edit=True),
    ActionSpec("hide_lane", "&Hide or Show Lane on the Projector", "Workshop", Call(WORKSHOP, "toggle_lane_hidden"), (),
               "The focused cell's lane", needs_edit=True),
    ActionSpec("hide_notes", "Hide or Show &Selected Notes on the Projector", "Workshop",
               Call(WORKSHOP, "toggle_notes_hidden"), ("Ctrl+Shift+K",), needs_edit=True),
    ActionSpec("reveal_mode", "Re&veal Mode (Silent Writing)", "Workshop", Call(WORKSHOP, "toggle_reveal_mode"),
               ("Ctrl+Shift+R",), "New notes stay off the projector until revealed", needs_edit=True,
               checked=lambda doc: doc.board.reveal_mode),
    ActionSpec("reveal_all", "Reveal &All Notes", "Workshop", Call(WORKSHOP, "reveal_all"), ("Ctrl+Shift+A",),
               "Show the hidden notes to the room and end reveal mode", needs_edit=True),
    ActionSpec("invite_room", "&Invite the Room…", "Workshop", Call(WORKSHOP, "invite_room"), ("Ctrl+Shift+I",),
               "Phones join by a QR code to write notes and give dots; again to show the code",
               needs_edit=True, separator_before=True),
    ActionSpec("stop_inviting", "Stop &Inviting", "Workshop", Call(WORKSHOP, "stop_inviting"), (),
               "End the room: the phones' link stops working"),
    ActionSpec("agenda", "Edit the A&genda…", "Workshop", Call(WORKSHOP, "edit_agenda"), (),
               "Blocks and their minutes", needs_edit=True),
    ActionSpec("timer_start", "Start or Pause the &Timer", "Workshop", Call(WINDOW, "timer_toggle"),
               ("Ctrl+Shift+Space",), "The countdown of the current agenda block", toolbar=True),
    ActionSpec("timer_minute", "Timer &+1 Minute", "Workshop", Call(WINDOW, "timer_add_minute"), ("Ctrl+Shift+M",)),
    ActionSpec("timer_next", "&Next Agenda Block", "Workshop", Call(WINDOW, "timer_next_block"), ("Ctrl+Shift+N",)),
    ActionSpec("timer_reset", "&Reset the Timer", "Workshop", Call(WINDOW, "timer_reset"), ()),

    ActionSpec("shortcuts", "&Keyboard Shortcuts", "Help", Call(WINDOW, "show_shortcuts"),
               (QKeySequence.HelpContents,)),
    ActionSpec("cheat_sheet", "Shortcut &Cheat Sheet", "Help", Call(WINDOW, "toggle_cheat_sheet"), ("?",),
               "The shortcuts over the board, for everyone in the room"),
)

# What the mouse and the keys do on the board itself, besides the actions above.
GESTURES = (
    ("Double-click an empty spot in a cell", "Add a note there and type"),
    ("Click elsewhere", "Stop editing"),
    ("Tab while editing", "Next note in the same cell"),
    ("Arrow keys", "Move between cells, or between notes when one is selected"),
    ("Enter", "Add a note to the focused cell (F2 edits the selected note)"),
    ("Escape", "Stop editing; clear the selection, so the arrows move between cells"),
    ("Drag a note", "Move it to another cell, place or the parking lot"),
    ("Drag a stage or lane header", "Reorder stages or lanes"),
    ("Drag a stage header's right edge", "Make the stage wider or narrower"),
    ("Escape while dragging", "Put everything back where it was"),
    ("Double-click a header or KPI cell", "Rename it / type its value"),
    ("Double-click the board's title", "Board details: title, goal & scope, date, participants"),
    ("Drag an emotion face", "Set the emotion at that stage"),
    ("During a voting round: click / right-click a note", "Give it a dot / take your dot back"),
    ("Click a cluster's triangle / label", "Collapse or expand it / select its notes to drag them"),
    ("Ctrl+wheel, pinch", "Zoom around the pointer"),
    ("Wheel, space+drag, middle-drag", "Pan"),
)

MENUS = ("File", "Edit", "Board", "View", "Workshop", "Help")

# The actions alone (what the shortcut list and the read-only state go through).
ACTIONS: tuple[ActionSpec, ...] = tuple(entry for entry in MENU_ENTRIES if isinstance(entry, ActionSpec))


@dataclass
class BuiltActions:
    actions: dict[str, QAction]  # by ActionSpec.id
    menus: dict[str, QMenu]  # by menu path ("File", "Edit/Colour") and by SubmenuSpec.id ("recent")
    toolbar: QToolBar


def _sequences(key: Key) -> list[QKeySequence]:
    if isinstance(key, str):
        return [QKeySequence(key)]
    return QKeySequence.keyBindings(key)  # all of the platform's bindings, e.g. Ctrl+Shift+Z too


def runner(call: Call, handler_of: Callable[[str], object]) -> Callable[[], None]:
    """The slot of an entry: finds its handler when it runs."""
    def run() -> None:
        getattr(handler_of(call.target), call.method)(*call.args)
    return run


def build_actions(window: QMainWindow, handler_of: Callable[[str], object],
                  entries: tuple[Union[ActionSpec, SubmenuSpec], ...] = MENU_ENTRIES) -> BuiltActions:
    """Creates the actions and the menus (in table order); handler_of(target) gives the object
    whose methods the entries of that target call, at the time they run."""
    menus: dict[str, QMenu] = {}
    for name in MENUS:
        menus[name] = window.menuBar().addMenu(f"&{name}")
    actions: dict[str, QAction] = {}
    toolbar = window.addToolBar("Board")
    toolbar.setObjectName("toolbar")
    toolbar.setMovable(False)
    for entry in entries:
        menu = None
        if entry.menu:
            top, _, sub = entry.menu.partition("/")
            menu = menus[top]
            if sub:
                if entry.menu not in menus:
                    menus[entry.menu] = menu.addMenu(sub)
                menu = menus[entry.menu]
        if isinstance(entry, SubmenuSpec):
            submenu = menus[entry.id] = menu.addMenu(entry.text)
            submenu.aboutToShow.connect(runner(entry.handler, handler_of))
            continue
        action = QAction(entry.text, window)
        action.setObjectName(entry.id)
        action.setCheckable(entry.checked is not None)
        action.setShortcuts([seq for key in entry.keys for seq in _sequences(key)])
        if entry.tip:
            action.setStatusTip(entry.tip)
            action.setToolTip(entry.tip)
        action.triggered.connect(runner(entry.handler, handler_of))
        window.addAction(action)  # shortcuts work wherever the focus is in the window
        if menu is not None:
            if entry.separator_before:
                menu.addSeparator()
            menu.addAction(action)
        if entry.toolbar:
            toolbar.addAction(action)
        actions[entry.id] = action
    return BuiltActions(actions, menus, toolbar)
