"""The main window: one board, its view, menus from the action table, and the file commands.

There is no Save: every edit is in the file when it happens (the document commits each call)."""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication, QDockWidget, QFileDialog, QLabel, QMainWindow, QMenu, QMessageBox, QUndoView,
    QVBoxLayout, QWidget,
)

from app.model import drafts, history, store
from app.model.document import BoardError, Document
from app.model.surface import Surface

from .actions import ACTIONS, BUILT_IN, GESTURES, NOTES, WINDOW, WORKSHOP, build_actions
from .board_scene import BoardScene
from .board_view import ZOOM_STEP, BoardView
from .board_details_dialog import BoardDetailsDialog
from .commands import BoardHistory
from .history_dialog import HistoryDialog
from .agenda_clock import AgendaClock
from .cheat_sheet import COLOUR_KEYS, PRESENTER_KEYS, CheatSheet, shortcut_rows
from .dialogs import NewBoardDialog, ShortcutsDialog
from .empathy_panel import EmpathyPanel, qrect_around
from .persona_dialog import PersonaDialog
from .presenter import PresenterWindow, choose_projector, projector_screen
from .note_actions import NoteActions
from .search_bar import SearchBar
from .start_hint import StartHint
from .workshop_actions import WorkshopActions
from .workshop_banner import WorkshopBanner

if TYPE_CHECKING:
    from .application import Boards

FILE_FILTER = ("Journey Wall boards (*.cjm);;Board JSON (*.json);;"
               "Exports with the board inside (*.png *.pdf);;All files (*)")
RECENT_KEY = "recent_boards"
MAX_RECENT = 10
CASCADE_STEP = 32  # a new window's offset from the last one
TITLE_BAR_H = 40  # the window manager's frame above a window, which geometry() does not include
FRAME_SIDE = 8  # and around it
EDITING_ACTIONS = frozenset(spec.id for spec in ACTIONS if spec.needs_edit)
CONTEXT_MENUS = {
    "note": ("edit_note", "tags", "colour", "-", "copy", "cut", "duplicate", "to_parking", "-",
             "group", "ungroup", "hide_notes", "-", "delete"),
    "place": ("new_note", "paste"),
    "cell": ("new_note", "paste", "-", "rename_stage", "add_stage", "delete_stage", "-",
             "rename_lane", "add_lane", "add_emotion_lane", "add_metric_lane", "delete_lane", "-", "hide_lane"),
    "cluster": ("rename_cluster", "toggle_cluster", "ungroup"),
}


class MainWindow(QMainWindow):
    def __init__(self, doc: Document, boards: "Boards", surface: Optional[Surface] = None):
        """surface: the board's layout, when it was computed already (application.Boards.show)."""
        super().__init__()
        self.boards = boards  # opens boards in windows: app.ui.application
        self.setMinimumSize(640, 420)
        self.doc: Optional[Document] = None
        self.actions_by_id: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        self.provided: dict[str, object] = {}  # handlers from outside app/ui, by target: provide()
        self._build_chrome()
        self.set_document(doc, surface)
        geometry = QSettings().value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            screen = QApplication.primaryScreen().availableGeometry()
            # A laptop's screen (1366 x 768) is all used: every stage of a 7-stage board then fits.
            self.resize(min(1500, screen.width() - 2 * FRAME_SIDE),
                        min(950, screen.height() - TITLE_BAR_H - 2 * FRAME_SIDE))
        self._keep_on_screen()
        self._started = False
        self.presenter: Optional[PresenterWindow] = None
        self.cheat_sheet: Optional[CheatSheet] = None
        QGuiApplication.instance().screenAdded.connect(self._screens_changed)
        QGuiApplication.instance().screenRemoved.connect(self._screens_changed)

    def _keep_on_screen(self) -> None:
        """Places the window wholly on its screen, a second window a step below and right of the
        last one: it never runs past the screen's bottom (room left for the window's frame)."""
        area = (self.screen() or QApplication.primaryScreen()).availableGeometry().adjusted(
            FRAME_SIDE, FRAME_SIDE, -FRAME_SIDE, -FRAME_SIDE)
        others = [w for w in self.boards.windows if w is not self and w.isVisible()]
        if others:
            self.move(others[-1].pos() + QPoint(CASCADE_STEP, CASCADE_STEP))
        width = min(self.width(), area.width())
        height = min(self.height(), area.height() - TITLE_BAR_H)
        self.resize(width, height)
        x = max(area.left(), min(self.x(), area.right() + 1 - width))
        y = max(area.top(), min(self.y(), area.bottom() + 1 - TITLE_BAR_H - height))
        self.move(x, y)

    # ------------------------------------------------------------------ building

    def _build_chrome(self) -> None:
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#FFF3CD; color:#5C4400; padding:8px 12px; font-size:14px;")
        self.banner.hide()
        self.zoom_label = QLabel()
        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.zoom_label)
        self.empathy_dock = QDockWidget("Empathy Map", self)
        self.empathy_dock.setObjectName("empathy")
        self.addDockWidget(Qt.RightDockWidgetArea, self.empathy_dock)
        self.empathy_dock.hide()
        self.history_dock = QDockWidget("Undo History", self)
        self.history_dock.setObjectName("history")
        self.history_dock.hide()
        self.addDockWidget(Qt.RightDockWidgetArea, self.history_dock)
        built = build_actions(self, self.handler_of)
        self.actions_by_id, self.menus, self.toolbar = built.actions, built.menus, built.toolbar
        self.recent_menu, self.screen_menu = self.menus["recent"], self.menus["screens"]
        for spec in ACTIONS:  # until their handler is provided
            self.actions_by_id[spec.id].setVisible(spec.handler.target in BUILT_IN)

    def handler_of(self, target: str) -> object:
        """What runs the action table's calls of target (the controllers of the board shown now)."""
        if target == WINDOW:
            return self
        if target == NOTES:
            return self.notes
        if target == WORKSHOP:
            return self.workshop
        return self.provided[target]

    def provide(self, target: str, handler: object) -> None:
        """Hands over the handler of the action table's calls of a target from outside app/ui
        (File › Export… from app/export); their actions show from now on."""
        self.provided[target] = handler
        for spec in ACTIONS:
            if spec.handler.target == target:
                self.actions_by_id[spec.id].setVisible(True)

    def shown_actions(self) -> list[QAction]:
        """The actions of the table that this window offers (those with a handler)."""
        return [action for action in self.actions_by_id.values() if action.isVisible()]

    def set_document(self, doc: Document, surface: Optional[Surface] = None) -> None:
        """Shows a board in this window."""
        if getattr(self, "workshop", None) is not None:
            self.workshop.stop_inviting()  # the room belongs to the board it was opened on
        if drafts.remove_unfinished_notes(doc):  # left empty by a crash while they were being written
            surface = None  # laid out with them
        self.recorder = self._record_history(doc)
        self.doc = doc
        self.stack = BoardHistory(self)
        self.scene = BoardScene(doc, self.stack, self, surface)
        self.view = BoardView(self.scene)
        self.notes = NoteActions(self, self.scene, self.view)
        self.search = SearchBar(self.scene, self.view)
        self.workshop = WorkshopActions(self, self.scene, self.view)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.search)
        column.addWidget(self.view, 1)
        self.setCentralWidget(central)
        self.clock = AgendaClock(doc, self.view, font_px=16)
        self.view.top_overlay = self.clock  # Fit Board leaves it room
        self.banner_strip = WorkshopBanner(doc, self.view, beside=self.clock)
        self.scene.signals.changed.connect(self.banner_strip.refresh)
        self.start_hint = StartHint(doc, self.view)
        self.scene.layout_changed.connect(self.start_hint.refresh)
        self.scene.rename_cluster_asked.connect(self.workshop.rename_cluster)
        self.scene.board_details_asked.connect(self.edit_board_details)
        self.history_dock.setWidget(QUndoView(self.stack))
        self.empathy_panel = EmpathyPanel(self.scene)
        self.empathy_dock.setWidget(self.empathy_panel)
        self._full_empathy_from = None  # the main view's transform and scroll before full view
        self._connect_stack()
        self.scene.error.connect(self._edit_refused)
        self.stack.refused.connect(lambda message: self.statusBar().showMessage(message, 8000))
        self.scene.context_menu.connect(self._show_context_menu)
        self.scene.layout_changed.connect(self._update_counts)
        self.view.zoom_changed.connect(lambda z: self.zoom_label.setText(f"Zoom {round(z * 100)} %"))
        self.scene.signals.changed.connect(lambda _c: self._update_title())
        self.scene.signals.changed.connect(lambda _c: self._show_modes())
        self._show_read_only_state()
        self._update_title()
        self._show_modes()
        self._update_counts()
        if doc.file.cleaned:
            self.statusBar().showMessage(
                f"Removed {len(doc.file.cleaned)} unfinished temporary file(s) that an interrupted save or "
                f"import left beside this board: {', '.join(map(store.shown, doc.file.cleaned))}.", 15000)
        self.zoom_label.setText("Zoom 100 %")
        if doc.path is not None:
            remember_recent(doc.path)
        self.view.setFocus()

    def _connect_stack(self) -> None:
        undo, redo = self.actions_by_id["undo"], self.actions_by_id["redo"]
        self.stack.canUndoChanged.connect(undo.setEnabled)
        self.stack.canRedoChanged.connect(redo.setEnabled)
        self.stack.undoTextChanged.connect(self._name_undo)
        self.stack.redoTextChanged.connect(self._name_redo)
        undo.setEnabled(False)
        redo.setEnabled(False)

    def _show_context_menu(self, kind: str, where) -> None:
        menu = QMenu(self)
        if kind == "emotion":
            menu.addAction("Clear This Emotion Score").triggered.connect(self.scene.clear_context_emotion)
        if kind == "cluster":  # the cluster commands act on the selection: its notes
            self.scene.select_notes(n.id for n in self.doc.cluster_notes(self.scene.context_cluster))
        for entry in CONTEXT_MENUS.get(kind, ()):
            if entry == "-":
                menu.addSeparator()
            elif entry == "colour":
                menu.addMenu("Colour").addActions(self.menus["Edit/Colour"].actions())
            else:
                menu.addAction(self.actions_by_id[entry])
        menu.exec(where)

    def _name_undo(self, text: str) -> None:
        self.actions_by_id["undo"].setText(f"&Undo {text}".strip())

    def _name_redo(self, text: str) -> None:
        self.actions_by_id["redo"].setText(f"&Redo {text}".strip())

    def _show_read_only_state(self) -> None:
        read_only = self.doc.read_only
        self.banner.setText(f"<b>Read-only.</b> {self.doc.file.read_only_reason} "
                            "Use File › Save a Copy to keep working on your own copy.")
        self.banner.setVisible(read_only)
        for spec_id, action in self.actions_by_id.items():
            action.setEnabled(not (read_only and spec_id in EDITING_ACTIONS))

    def _show_modes(self) -> None:
        """Check marks on the menu entries of the modes the board has on (reveal mode)."""
        for spec in ACTIONS:
            if spec.checked is not None:
                self.actions_by_id[spec.id].setChecked(spec.checked(self.doc))

    def _update_title(self) -> None:
        path = self.doc.path
        where = "" if path is None else f" — {'(untitled draft)' if drafts.is_draft(path) else store.shown(path.name)}"
        self.setWindowTitle(f"{self.doc.board.title}{where}{' [read-only]' if self.doc.read_only else ''}"
                            " · Journey Wall")

    def _update_counts(self) -> None:
        notes = len(self.doc.notes())
        self.count_label.setText(f"{notes} note{'s' if notes != 1 else ''}")

    # ------------------------------------------------------------------ file commands

    def new_board(self) -> None:
        dialog = NewBoardDialog(self)
        if not dialog.exec():
            return
        template_name, title = dialog.values()
        self.finish_editing()
        try:
            self.boards.show(drafts.create_draft(template_name, title))
        except (BoardError, store.BoardFileError) as error:
            self._warn("The board could not be created.", error)

    def open_board(self) -> None:
        start = str(self.doc.path.parent) if self.doc.path and not drafts.is_draft(self.doc.path) else ""
        path, _ = QFileDialog.getOpenFileName(self, "Open Board", start, FILE_FILTER)
        if path:
            self.boards.open_path(path, self)

    def save_as(self) -> None:
        path = self._ask_target("Save Board As")
        if path is None:
            return
        self.finish_editing()
        old = self.doc.path
        try:
            self.doc.save_as(path)
        except (BoardError, store.BoardFileError) as error:
            self._warn("The board could not be saved there.", error)
            return
        if old is not None and drafts.is_draft(old):
            old.unlink(missing_ok=True)  # the draft moved to its new home
        remember_recent(self.doc.path)
        self._show_read_only_state()
        self._update_title()
        self.statusBar().showMessage(f"Now working on {self.doc.path}", 8000)

    def save_copy(self) -> None:
        path = self._ask_target("Save a Copy")
        if path is None:
            return
        self.finish_editing()
        try:
            self.doc.save_copy(path)
        except (BoardError, store.BoardFileError) as error:
            self._warn("The copy could not be saved.", error)
            return
        self.statusBar().showMessage(f"Saved a copy as {path}", 8000)

    def _ask_target(self, title: str) -> Optional[str]:
        start = "" if self.doc.path is None or drafts.is_draft(self.doc.path) else str(self.doc.path.parent)
        suggested = os.path.join(start or os.path.expanduser("~"), f"{self.doc.board.title}.cjm")
        path, _ = QFileDialog.getSaveFileName(self, title, suggested, "Journey Wall boards (*.cjm)")
        if not path:
            return None
        return path if path.lower().endswith(store.BOARD_SUFFIX) else path + store.BOARD_SUFFIX

    def fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in recent_boards():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.boards.open_path(p, self))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("(none yet)").setEnabled(False)

    def close_window(self) -> None:
        self.close()

    def quit(self) -> None:
        QApplication.closeAllWindows()

    @staticmethod
    def _record_history(doc: Document) -> Optional[history.Recorder]:
        """Keeps copies of a board being edited (File › History); a copy that cannot be written
        (a full disk) never stops the board from opening."""
        if doc.read_only:
            return None
        try:
            return history.Recorder(doc)
        except (BoardError, store.BoardFileError, OSError):
            return None

    def show_board_history(self) -> None:
        HistoryDialog(self).exec()

    def open_snapshot(self, snapshot: history.Snapshot) -> None:
        """Shows a kept copy in a window of its own, read-only."""
        try:
            self.boards.show(Document.open(snapshot.path, read_only=True))
        except (BoardError, store.BoardFileError) as error:
            self._warn("That copy could not be opened.", error)

    def restore_snapshot(self, snapshot: history.Snapshot) -> None:
        """Makes the board what the copy holds, as one step that Undo takes back."""
        try:
            with Document.snapshot(snapshot.path) as kept:
                rows = history.board_rows(kept)
        except (BoardError, store.BoardFileError) as error:
            self._warn("That copy could not be read.", error)
            return
        if self.scene.run(lambda: self.doc.replace_contents(rows)) is not None:
            self.statusBar().showMessage("Restored the board as it was then; Undo takes it back.", 8000)

    def _edit_refused(self, message: str) -> None:
        """A refused edit is told in the status bar; a board file that another program deleted,
        moved or replaced gets a message that offers Save As, which keeps the board as shown."""
        if not self.doc.file.what_happened():
            self.statusBar().showMessage(message, 8000)
            return
        answer = QMessageBox.warning(self, "Journey Wall", f"{message}\n\nSave it under a name now?",
                                     QMessageBox.Save | QMessageBox.Cancel, QMessageBox.Save)
        if answer == QMessageBox.Save:
            self.save_as()

    def _warn(self, summary: str, error: Exception) -> None:
        QMessageBox.warning(self, "Journey Wall", f"{summary}\n\n{error}")

    # ------------------------------------------------------------------ edit and view commands

    def finish_editing(self) -> None:
        self.scene.editing.finish()

    def undo(self) -> None:
        self.finish_editing()
        self.stack.undo()
        self.scene.clearSelection()  # the notes it chose may be gone or elsewhere: keys act on none

    def redo(self) -> None:
        self.finish_editing()
        self.stack.redo()
        self.scene.clearSelection()

    def show_history(self) -> None:
        self.history_dock.show()

    def present(self) -> None:
        """Presenter mode on the projector (or the only screen); F5 again or Esc leaves."""
        if self.presenter is not None:
            self.presenter.close()
            return
        self.finish_editing()
        self.presenter = PresenterWindow(self.scene, shortcut_rows(
            (self.actions_by_id[i] for i in ("present", "undo", "redo", "new_note", "edit_note", "find")),
            PRESENTER_KEYS))
        self.presenter.closed.connect(self._presenter_closed)
        # The window's shortcuts (undo, new note, timer ...) work on the projector too.
        self.presenter.addActions(self.shown_actions())
        self.presenter.present_on(projector_screen(self.screen()))

    def _presenter_closed(self) -> None:
        self.presenter = None
        self.activateWindow()

    def fill_screen_menu(self) -> None:
        self.screen_menu.clear()
        current = projector_screen(self.screen())
        for screen in QGuiApplication.screens():
            size = screen.geometry()
            action = self.screen_menu.addAction(f"{screen.name()} ({size.width()} × {size.height()})")
            action.setCheckable(True)
            action.setChecked(screen is current)
            action.triggered.connect(lambda _=False, name=screen.name(): self._choose_screen(name))

    def _choose_screen(self, name: str) -> None:
        choose_projector(name)
        self._screens_changed()

    def _screens_changed(self, _screen=None) -> None:
        # A projector plugged in or pulled out mid-workshop: the presentation moves, nothing is lost.
        if self.presenter is not None:
            self.presenter.present_on(projector_screen(self.screen()))

    # ------------------------------------------------------------------ agenda timer
    # Timer calls are committed but are no undo steps: Ctrl+Z undoes board edits, never the clock.

    def timer_toggle(self) -> None:
        view = self.doc.timer_view(time.time())
        if view is not None:
            self._timer_call(lambda: (self.doc.timer_pause if view.running else self.doc.timer_start)(time.time()))

    def timer_add_minute(self) -> None:
        self._timer_call(lambda: self.doc.timer_add_minute(time.time()))

    def timer_next_block(self) -> None:
        self._timer_call(lambda: self.doc.timer_next_block(time.time()))

    def timer_reset(self) -> None:
        self._timer_call(self.doc.timer_reset)

    def _timer_call(self, call) -> None:
        try:
            call()
        except BoardError as error:
            self.statusBar().showMessage(str(error), 8000)

    def toggle_empathy_panel(self) -> None:
        self.empathy_dock.setVisible(not self.empathy_dock.isVisible())

    def toggle_empathy_full(self) -> None:
        """The whole window for the empathy map (for the projector), and back."""
        if self._full_empathy_from is None:
            self._full_empathy_from = (self.view.transform(), self.view.horizontalScrollBar().value(),
                                       self.view.verticalScrollBar().value())
            self.toolbar.hide()  # the map's room, so no grid shows beside it
            self.layout().activate()
            self.view.fitInView(qrect_around(self.scene.surface.empathy_rect), Qt.KeepAspectRatio)
        else:
            transform, x, y = self._full_empathy_from
            self._full_empathy_from = None
            self.toolbar.show()
            self.layout().activate()
            self.view.setTransform(transform)
            self.view.horizontalScrollBar().setValue(x)
            self.view.verticalScrollBar().setValue(y)
        self.view.zoom_changed.emit(self.view.zoom())

    def next_empathy_section(self) -> None:
        if not self.empathy_dock.isVisible():
            self.empathy_dock.show()
        self.empathy_panel.next_section()

    def empathy_classic(self) -> None:
        self.scene.run(lambda: self.doc.set_board_info(empathy_layout="classic"))

    def empathy_canvas(self) -> None:
        self.scene.run(lambda: self.doc.set_board_info(empathy_layout="canvas"))

    def toggle_cheat_sheet(self) -> None:
        if self.presenter is not None:
            self.presenter.cheat_sheet.toggle()
            return
        if self.cheat_sheet is None or self.cheat_sheet.parentWidget() is not self.view:
            colours = self.menus["Edit/Colour"].actions()  # one row for them: COLOUR_KEYS
            one_by_one = [a for a in self.shown_actions() if a not in colours]
            self.cheat_sheet = CheatSheet(self.view, shortcut_rows(one_by_one, (COLOUR_KEYS,) + GESTURES))
        self.cheat_sheet.toggle()

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.shown_actions(), GESTURES, self).exec()

    def edit_board_details(self) -> None:
        if self.doc.read_only:
            self.statusBar().showMessage("This board is read-only: Save a Copy to change its details.", 8000)
            return
        dialog = BoardDetailsDialog(self.doc, self)
        if dialog.exec():
            fields = dialog.changed_fields()
            if fields:
                self.scene.run(lambda: self.doc.set_board_info(**fields))

    def edit_persona(self) -> None:
        dialog = PersonaDialog(self.doc, self)
        if dialog.exec():
            fields = dialog.changed_fields()
            if fields:
                self.scene.run(lambda: self.doc.set_persona(**fields))

    def find(self) -> None:
        self.search.open_bar()

    def find_next(self) -> None:
        self.search.next()

    def find_previous(self) -> None:
        self.search.previous()

    def zoom_in(self) -> None:
        self.view.glide_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.view.glide_by(1 / ZOOM_STEP)

    def zoom_fit(self) -> None:
        self.view.glide_to_fit()

    def zoom_100(self) -> None:
        self.view.glide_to(1.0)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._started:  # once the view has its real size
            self._started = True
            QTimer.singleShot(0, self.view.show_start)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.finish_editing()  # the last typing reaches the file
        if self.presenter is not None:
            self.presenter.close()
        self.workshop.stop_inviting()  # closing the board ends the room: phones hear it ended
        QSettings().setValue("window/geometry", self.saveGeometry())
        self.stack.blockSignals(True)  # its actions go with the window
        self.scene.signals.detach()
        self.doc.close()
        super().closeEvent(event)


def recent_boards() -> list[str]:
    paths = QSettings().value(RECENT_KEY, []) or []
    if isinstance(paths, str):
        paths = [paths]
    return [p for p in paths if os.path.exists(p)]


def remember_recent(path: Path) -> None:
    path = str(Path(path).resolve())
    paths = [path] + [p for p in recent_boards() if p != path]
    QSettings().setValue(RECENT_KEY, paths[:MAX_RECENT])
