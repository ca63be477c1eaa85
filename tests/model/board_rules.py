"""Rules a board keeps after every document call, checked by several tests."""
from app.model.document import Place


def check_clusters(doc):
    """The rules the document keeps: no empty cluster, members in its place and consecutive,
    clusters numbered in the order of their notes, no note pointing at a missing cluster."""
    clusters = {c.id: c for c in doc.clusters()}
    for note in doc.notes():
        if note.cluster_id is not None:
            assert note.cluster_id in clusters, f"note {note.id} points at a missing cluster"
            assert Place.of(note) == Place.of(clusters[note.cluster_id])
    places = {Place.of(c) for c in clusters.values()}
    for place in places:
        order = doc.notes_at(place)
        assert [n.position for n in order] == list(range(len(order)))
        firsts = []
        for cluster in doc.clusters(place):
            indexes = [i for i, n in enumerate(order) if n.cluster_id == cluster.id]
            assert indexes, f"cluster {cluster.id} is empty"
            assert indexes == list(range(indexes[0], indexes[0] + len(indexes))), "not consecutive"
            firsts.append(indexes[0])
        assert firsts == sorted(firsts)
        assert [c.position for c in doc.clusters(place)] == list(range(len(firsts)))


def check_rounds(doc):
    """At most one open round; its turn is one of its voters; nobody has more dots in a round
    with rules than it gives; no dot on a missing note."""
    assert sum(r.open for r in doc.rounds()) <= 1
    notes = {n.id for n in doc.notes()}
    assert all(v.note_id in notes for v in doc.votes())
    for voting_round in doc.rounds():
        voters = doc.voters(voting_round.number)
        assert len(voters) == voting_round.participants
        assert 0 <= voting_round.current_voter < len(voters)
        for voter in voters:
            assert doc.dots_used(voter, voting_round.number) <= voting_round.dots_per_voter
        assert all(v.voter in voters for v in doc.votes() if v.round == voting_round.number)
