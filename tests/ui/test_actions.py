"""The action table is the menus' and the actions' own data: every call resolves, the menus and
File › Export… come from it."""
from app.export.export_dialog import Exporter, add_export_action
from app.model.document import Document
from app.model.templates import template
from app.ui.actions import ACTIONS, EXPORT, MENU_ENTRIES, NOTES, WINDOW, WORKSHOP, SubmenuSpec
from app.ui.application import Boards
from app.ui.main_window import MainWindow
from app.ui.theme import PALETTE
from app.ui.note_actions import NoteActions
from app.ui.workshop_actions import WorkshopActions

HANDLER_CLASSES = {WINDOW: MainWindow, NOTES: NoteActions, WORKSHOP: WorkshopActions, EXPORT: Exporter}


def test_every_entry_of_the_table_calls_a_method_of_its_handler():
    for entry in MENU_ENTRIES:
        handler = HANDLER_CLASSES[entry.handler.target]
        assert callable(getattr(handler, entry.handler.method, None)), entry.id
    ids = [entry.id for entry in MENU_ENTRIES]
    assert len(ids) == len(set(ids))


def open_window(qtbot, tmp_path, hooks=(), name="board.cjm"):
    doc = Document.create(tmp_path / name, lambda d: template("current-state").apply(d))
    window = Boards(window_hooks=hooks).show(doc)
    qtbot.addWidget(window)
    return window


def menu_texts(menu):
    return [action.text() or "-" for action in menu.actions()]


def test_the_menus_are_built_from_the_table(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path, hooks=(add_export_action,))
    assert menu_texts(window.menus["File"]) == [
        "&New Board…", "&Open…", "Open &Recent", "Save &As…", "Save a &Copy…", "&Export…", "&History…", "-", "&Close",
        "&Quit"]
    assert window.menus["File"].actions()[2].menu() is window.recent_menu
    assert window.screen_menu in [a.menu() for a in window.menus["View"].actions()]
    submenus = {entry.id for entry in MENU_ENTRIES if isinstance(entry, SubmenuSpec)}
    assert submenus <= set(window.menus)
    assert set(window.actions_by_id) == {spec.id for spec in ACTIONS}


def test_the_colour_actions_pass_their_colour(qtbot, tmp_path, monkeypatch):
    window = open_window(qtbot, tmp_path)
    colours = []
    monkeypatch.setattr(NoteActions, "recolour", lambda self, color: colours.append(color))
    window.actions_by_id["colour_2"].trigger()
    window.actions_by_id["lane_colour"].trigger()
    assert colours == [PALETTE[1], None]


def test_export_shows_once_app_export_hands_over_its_handler(qtbot, tmp_path, monkeypatch):
    bare = open_window(qtbot, tmp_path)
    assert not bare.actions_by_id["export"].isVisible()
    assert bare.actions_by_id["export"] not in bare.shown_actions()
    window = open_window(qtbot, tmp_path, hooks=(add_export_action,), name="exporting.cjm")
    asked = []
    monkeypatch.setattr("app.export.export_dialog.ask_and_export", lambda w: asked.append(w))
    assert window.actions_by_id["export"].isVisible()
    window.actions_by_id["export"].trigger()
    assert asked == [window]
