"""Clusters (affinity grouping): the part of the document API that groups notes of one place.

Rules the document keeps after every call:
- a cluster lives in one place (a cell, the parking lot or an empathy section) and holds only
  notes of that place; it is never empty (a cluster that loses its last note is deleted);
- the notes of a cluster are consecutive in their place's order, where its first note is;
- the clusters of a place are numbered 0, 1, ... in the order their notes come.
Moving notes to another place takes them out of their cluster, unless every note of the
cluster moves there in the same call: then the cluster goes with them (dragging a cluster).

Document inherits this class; its methods use the document's primitives (_edit, _insert,
_update, _delete), so they are heard by subscribers like every other call. A call that
regroups or reorders notes is undone by putting them back where they were
(Document._return_notes), with the clusters it deleted.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Optional, Sequence

from .changes import Change
from .checks import BoardError, flag, text
from .entities import Cluster, Note
from .place import Place, place_key


def gathered(notes: Sequence[Note]) -> list[Note]:
    """Notes in order, with each cluster's notes brought together where its first note is."""
    members: dict[int, list[Note]] = defaultdict(list)
    for note in notes:
        if note.cluster_id is not None:
            members[note.cluster_id].append(note)
    order: list[Note] = []
    for note in notes:
        if note.cluster_id is None:
            order.append(note)
        elif members[note.cluster_id] and note is members[note.cluster_id][0]:
            order.extend(members[note.cluster_id])
    return order


class ClusterEdits:
    # ------------------------------------------------------------ reading

    def cluster(self, cluster_id: int) -> Cluster:
        return self._get(Cluster, cluster_id, "cluster")

    def clusters(self, place: Optional[Place] = None) -> list[Cluster]:
        """The clusters of a place in their order, or of the whole board (by place, then order)."""
        rows = self._rows[Cluster].values()
        if place is not None:
            return sorted((c for c in rows if place_key(c) == place.key()), key=lambda c: c.position)
        return sorted(rows, key=lambda c: (_sortable(place_key(c)), c.position))

    def cluster_notes(self, cluster_id: int) -> list[Note]:
        """The notes of a cluster in their order."""
        cluster = self.cluster(cluster_id)
        return [n for n in self.notes_at(Place.of(cluster)) if n.cluster_id == cluster_id]

    # ------------------------------------------------------------ changing

    def group_notes(self, note_ids: Iterable[int], label: str = "") -> Change:
        """Groups notes of one place into a new cluster; change.result is its id. The notes come
        together where the first of them is, in their order; notes that were in another cluster
        leave it."""
        notes = self._notes_of_one_place(note_ids, "Group notes of one cell or section at a time.")
        label = text(label, "A cluster's label").strip()
        place = Place.of(notes[0])
        with self._edit("Group notes") as change:
            spots = self._spots(notes)
            cluster = self._insert(Cluster, **place.columns(), label=label, collapsed=False,
                                   position=len(self.clusters(place)))
            for note in notes:
                self._update(note, cluster_id=cluster.id)
            self._arrange(place)
            change.result = cluster.id
            self._undo_by_return(change, spots)
        return change

    def add_to_cluster(self, cluster_id: int, note_ids: Iterable[int]) -> Change:
        """Adds notes of the cluster's place to it (they join after its notes)."""
        cluster = self.cluster(cluster_id)
        place = Place.of(cluster)
        notes = self._notes_of_one_place(note_ids, "A cluster holds notes of its own cell or section only.")
        if Place.of(notes[0]) != place:
            raise BoardError("A cluster holds notes of its own cell or section only.")
        with self._edit("Add to cluster") as change:
            joining = [n for n in notes if n.cluster_id != cluster_id]
            members = [n for n in self.notes_at(place) if n.cluster_id == cluster_id]
            rest = [n for n in self.notes_at(place) if n not in joining]
            at = rest.index(members[-1]) + 1
            spots = self._spots(joining)
            for note in joining:
                self._update(note, cluster_id=cluster_id)
            self._arrange(place, rest[:at] + joining + rest[at:])
            change.result = cluster_id
            self._undo_by_return(change, spots)
        return change

    def remove_from_cluster(self, note_ids: Iterable[int]) -> Change:
        """Takes notes out of their clusters; they follow the cluster's notes in their place."""
        notes = [self.note(i) for i in dict.fromkeys(note_ids)]
        with self._edit("Remove from cluster") as change:
            places = {Place.of(n) for n in notes if n.cluster_id is not None}
            spots = self._spots(notes)
            for note in notes:
                self._update(note, cluster_id=None)
            for place in places:
                self._arrange(place)
            self._undo_by_return(change, spots)
        return change

    def rename_cluster(self, cluster_id: int, label: str) -> Change:
        cluster = self.cluster(cluster_id)
        label = text(label, "A cluster's label").strip()
        with self._edit("Rename cluster") as change:
            change.undo_by("rename_cluster", cluster_id, **self._update(cluster, label=label))
        return change

    def set_cluster_collapsed(self, cluster_id: int, collapsed: bool) -> Change:
        cluster = self.cluster(cluster_id)
        collapsed = flag(collapsed, "Collapsed")
        with self._edit("Collapse cluster" if collapsed else "Expand cluster") as change:
            change.undo_by("set_cluster_collapsed", cluster_id, **self._update(cluster, collapsed=collapsed))
        return change

    def ungroup(self, cluster_id: int) -> Change:
        """Dissolves a cluster; its notes stay where they are."""
        cluster = self.cluster(cluster_id)
        place = Place.of(cluster)
        with self._edit("Ungroup") as change:
            members = self.cluster_notes(cluster_id)
            spots = self._spots(members)
            for note in members:
                self._update(note, cluster_id=None)
            self._arrange(place)  # deletes the cluster, now empty
            self._undo_by_return(change, spots)
        return change

    def _undo_by_return(self, change: Change, spots) -> None:
        """Records the undo of a change of clusters: the notes go back to their spots and
        clusters, and the clusters it deleted come back."""
        change.undo_by("_return_notes", spots, self._removed(change).get(Cluster, []))

    # ------------------------------------------------------------ keeping the rules

    def _notes_of_one_place(self, note_ids: Iterable[int], message: str) -> list[Note]:
        notes = [self.note(i) for i in dict.fromkeys(note_ids)]
        if not notes:
            raise BoardError("Select at least one note.")
        if len({place_key(n) for n in notes}) > 1:
            raise BoardError(message)
        order = {n.id: i for i, n in enumerate(self.notes_at(Place.of(notes[0])))}
        return sorted(notes, key=lambda n: order[n.id])

    def _arrange(self, place: Place, ordered: Optional[Sequence[Note]] = None) -> None:
        """Numbers the notes of a place in order (notes_at by default), each cluster's notes
        together; deletes the clusters there that have no note left and numbers the others."""
        notes = gathered(self.notes_at(place) if ordered is None else ordered)
        self._renumber(notes)
        first: dict[int, int] = {}
        for index, note in enumerate(notes):
            if note.cluster_id is not None:
                first.setdefault(note.cluster_id, index)
        here = [c for c in self._rows[Cluster].values() if place_key(c) == place.key()]
        for cluster in here:
            if cluster.id not in first:
                self._delete(cluster)
        self._renumber(sorted((c for c in here if c.id in first), key=lambda c: first[c.id]))

    def _clusters_following(self, notes: Sequence[Note], place: Place) -> set[int]:
        """The clusters, outside place, whose notes all move there with notes."""
        moving = {n.id for n in notes}
        following = set()
        for cluster_id in {n.cluster_id for n in notes if n.cluster_id is not None}:
            cluster = self._rows[Cluster][(cluster_id,)]
            if Place.of(cluster) != place and all(
                    n.id in moving for n in self.notes_at(Place.of(cluster)) if n.cluster_id == cluster_id):
                following.add(cluster_id)
        return following

    def _delete_clusters_of(self, column: str, value: int) -> None:
        """Deletes the clusters left in a stage or lane being deleted (its notes are gone)."""
        for cluster in [c for c in self._rows[Cluster].values() if getattr(c, column) == value]:
            self._delete(cluster)


def _sortable(key: tuple) -> tuple:
    return tuple((value is None, value if value is not None else 0) for value in key)
