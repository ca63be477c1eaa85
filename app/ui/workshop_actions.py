"""The workshop commands of a window: dot voting, clusters, hiding from the room, reveal mode
and the agenda. Each is one document call through the undo stack (the scene follows)."""
from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import QInputDialog, QWidget

from app.model.document import Document
from app.model.entities import Cluster

from .agenda_dialog import AgendaDialog
from .board_scene import BoardScene
from .board_view import BoardView
from .room_control import RoomControl
from .voting_dialogs import StartRoundDialog, TallyDialog


class WorkshopActions:
    def __init__(self, window: QWidget, scene: BoardScene, view: BoardView):
        self.window, self.scene, self.view = window, scene, view
        self.tally: Optional[TallyDialog] = None
        self.room = RoomControl(window, scene)

    @property
    def doc(self) -> Document:
        return self.scene.doc

    def _say(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 8000)

    # ------------------------------------------------------------------ dot voting

    def start_voting(self) -> None:
        voting_round = self.doc.open_round()
        if voting_round is not None:
            self._say(f"Voting round {voting_round.number} is still open: end it first (Workshop menu).")
            return
        participants = [p for p in self.doc.board.participants if isinstance(p, str) and p.strip()]
        dialog = StartRoundDialog(participants, self.window)
        if dialog.exec():
            self.scene.run(lambda: self.doc.start_round(**dialog.values()))

    def next_voter(self) -> None:
        change = self.scene.run(self.doc.next_voter)
        if change is not None:
            self._say(f"{change.result}'s turn: {self.doc.dots_left()} dots to give.")

    def end_voting(self) -> None:
        if self.scene.run(self.doc.end_round) is not None:
            self.show_tally()

    def show_tally(self) -> None:
        self.tally = TallyDialog(self.doc, self.window)
        self.tally.note_chosen.connect(lambda note_id: self.scene.show_note(note_id, self.view))
        self.tally.show()

    # ------------------------------------------------------------------ clusters

    def _selected_clusters(self) -> list[Cluster]:
        ids = {self.doc.note(i).cluster_id for i in self.scene.selected_note_ids()}
        return [self.doc.cluster(i) for i in sorted(i for i in ids if i is not None)]

    def group_notes(self) -> None:
        """Groups the selected notes; with notes of one cluster among them, the others join it."""
        ids = self.scene.selected_note_ids()
        if not ids:
            self._say("Select the notes to group first (Shift-click adds a note).")
            return
        clusters = self._selected_clusters()
        if len(clusters) == 1:
            self.scene.run(lambda: self.doc.add_to_cluster(clusters[0].id, ids))
            return
        label, ok = QInputDialog.getText(self.window, "Group Notes", "Label of the cluster:")
        if ok:
            self.scene.run(lambda: self.doc.group_notes(ids, label))
        self.scene.select_notes(ids)

    def ungroup(self) -> None:
        for cluster in self._selected_clusters():
            self.scene.run(lambda c=cluster: self.doc.ungroup(c.id))

    def toggle_cluster(self) -> None:
        for cluster in self._selected_clusters():
            self.scene.run(lambda c=cluster: self.doc.set_cluster_collapsed(c.id, not c.collapsed))

    def rename_cluster(self, cluster_id: Optional[int] = None) -> None:
        clusters = [self.doc.cluster(cluster_id)] if cluster_id is not None else self._selected_clusters()
        if len(clusters) != 1:
            self._say("Select the notes of one cluster to rename it.")
            return
        cluster = clusters[0]
        label, ok = QInputDialog.getText(self.window, "Rename Cluster", "Label of the cluster:", text=cluster.label)
        if ok:
            self.scene.run(lambda: self.doc.rename_cluster(cluster.id, label))

    # ------------------------------------------------------------------ hidden from the room

    def toggle_lane_hidden(self) -> None:
        """Hides the focused cell's lane from the projector, or shows it again."""
        place = self.scene.focused_cell
        ids = self.scene.selected_note_ids()
        lane_id = place.lane_id if place is not None and place.kind == "cell" else None
        if ids and self.doc.note(ids[0]).lane_id is not None:
            lane_id = self.doc.note(ids[0]).lane_id
        if lane_id is None:
            self._say("Click a cell of the lane to hide or show first.")
            return
        lane = self.doc.lane(lane_id)
        self.scene.run(lambda: self.doc.set_lane_hidden(lane_id, not lane.hidden))

    def toggle_notes_hidden(self) -> None:
        """Keeps the selected notes off the projector, or shows them (if all were hidden)."""
        ids = self.scene.selected_note_ids()
        if not ids:
            self._say("Select the notes to hide from the room or to reveal first.")
            return
        hide = not all(self.doc.note(i).hidden for i in ids)
        self.scene.run(lambda: self.doc.set_notes_hidden(ids, hide))

    def toggle_reveal_mode(self) -> None:
        on = not self.doc.board.reveal_mode
        if self.scene.run(lambda: self.doc.set_reveal_mode(on)) is not None:
            self._say("Silent writing: new notes stay off the projector until you reveal them (Ctrl+Shift+A)."
                      if on else "Reveal mode is off; notes hidden so far stay hidden until revealed.")

    def reveal_all(self) -> None:
        change = self.scene.run(self.doc.reveal_all)
        if change is not None:
            count = len(change.result)
            self._say(f"Revealed {count} note{'s' if count != 1 else ''} to the room.")

    # ------------------------------------------------------------------ agenda

    def edit_agenda(self) -> None:
        dialog = AgendaDialog([(b.name, b.minutes) for b in self.doc.agenda()], self.window)
        if dialog.exec():
            self.scene.run(lambda: self.doc.set_agenda(dialog.blocks()))

    # ------------------------------------------------------------------ phones in the room

    def invite_room(self) -> None:
        """Starts the room (or shows its QR code again) so phones can join."""
        if not self.room.running:
            try:
                self.room.start()
            except OSError as error:
                self._say(f"The room could not be opened on this network: {error.strerror or error}.")
                return
        self.room.show_code()

    def stop_inviting(self) -> None:
        self.room.stop()
