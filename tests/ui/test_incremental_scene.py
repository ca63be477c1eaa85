"""The scene follows each change where it touched the board, and shows what a scene built anew
on the same board shows: every note where the layout puts it, painted pixel for pixel alike."""
import gc
import random

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from app.model.document import Place
from app.model.surface import compute_surface
from app.ui.board_scene import BoardScene
from app.ui.board_view import BoardView

from .conftest import cell


def without_bars(view):
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)


def fresh_view(qtbot, doc, like):
    view = BoardView(BoardScene(doc, QUndoStack()))
    qtbot.addWidget(view)
    without_bars(view)
    view.resize(like.size())
    view.show()
    qtbot.waitExposed(view)
    view.setTransform(like.transform())
    view.horizontalScrollBar().setValue(like.horizontalScrollBar().value())
    view.verticalScrollBar().setValue(like.verticalScrollBar().value())
    return view


def edits(window, rng):
    """Edits a phone room or a second laptop would make: bursts, long texts that make rows
    taller, moves, colours, dots, deletions."""
    doc = window.doc
    places = [cell(window, s, lane) for s in range(3) for lane in (0, 1, 3)] + [Place.parking()]
    for round_ in range(6):
        for i in range(5):
            doc.add_note(rng.choice(places), f"Phone note {round_}.{i}")
        ids = [n.id for n in doc.notes()]
        doc.edit_note(rng.choice(ids), text="A longer note that makes its row taller " * rng.randint(1, 4))
        doc.recolor_notes([rng.choice(ids)], "#90CAF9")
        doc.move_notes([rng.choice(ids)], rng.choice(places), rng.randint(0, 3))
        doc.add_votes(rng.choice(ids))
        doc.delete_notes([rng.choice(ids)])
        yield


def test_every_item_stands_where_a_fresh_layout_puts_it(qtbot, window):
    scene = window.scene
    for _ in edits(window, random.Random(7)):
        fresh = compute_surface(window.doc)
        assert {i: item.look.box for i, item in scene.note_items.items()} == fresh.boxes
        assert all(item.pos().x() == fresh.boxes[i].rect.x and item.pos().y() == fresh.boxes[i].rect.y
                   for i, item in scene.note_items.items())
        assert [c.box for c in scene.cluster_items.values()] == list(fresh.clusters)


def test_a_batch_of_notes_from_the_room_is_shown_once_and_where_a_fresh_layout_puts_it(qtbot, window):
    scene, doc = window.scene, window.doc
    places = [cell(window, s, lane) for s in range(3) for lane in (0, 1)] + [Place.parking()]
    shown = []
    scene.layout_changed.connect(lambda: shown.append(len(scene.note_items)))
    with doc.batched():
        added = [doc.add_note(places[i % len(places)], f"Phone note {i}").result for i in range(30)]
    assert shown == [len(doc.notes())]  # laid out and shown once, with all of them
    fresh = compute_surface(doc)
    assert all(scene.note_items[i].look.box == fresh.boxes[i] for i in added)
    assert {i: item.look.box for i, item in scene.note_items.items()} == fresh.boxes


def test_the_screen_after_many_edits_is_the_screen_of_a_board_opened_anew(qtbot, window):
    view = window.view
    without_bars(view)
    view.set_zoom(0.6)
    view.centerOn(700, 600)
    for _ in edits(window, random.Random(3)):
        view.viewport().grab()  # the layer keeps bins between frames: each edit must reach them
    QApplication.processEvents()
    for _ in range(3):
        view.viewport().grab()
    shown = view.viewport().grab().toImage()
    anew = fresh_view(qtbot, window.doc, view)
    assert view.viewport().size() == anew.viewport().size()
    for _ in range(3):  # as many frames as the edited view had: both paint their bins alike
        anew.viewport().grab()
    assert shown == anew.viewport().grab().toImage()


def test_a_shown_board_is_left_out_of_full_garbage_collections(window):
    # They found nothing to free in a board's objects and paused a 10,000-note board 130-140 ms.
    assert gc.get_freeze_count() > 10 * len(window.scene.note_items)


def test_a_note_dropped_where_it_was_or_nowhere_goes_back_to_its_place(qtbot, window):
    from .conftest import drag, note_center
    doc = window.doc
    first, second = (doc.add_note(cell(window, 0, 0), text).result for text in ("first", "second"))
    item = window.scene.note_items[first]
    home = item.pos()
    x, y = note_center(window, first)
    drag(qtbot, window, (x, y), (x + 30, y + 5))  # the same slot: the move changes nothing
    assert item.pos() == home and window.scene.note_item_at(item.mapToScene(10, 10)) is item
    title = window.scene.layout.title
    drag(qtbot, window, (x, y), (title.x + 400, title.y + 20))  # onto the title: no place there
    assert item.pos() == home
    assert [n.id for n in doc.notes_at(cell(window, 0, 0))] == [first, second]


def test_zoomed_out_a_note_shows_grey_bars_where_its_lines_are(qtbot, window):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor
    note_id = window.doc.add_note(cell(window, 0, 0), "Compares prices on three sites before the trial",
                                  color="#FFE082").result
    view = window.view
    view.set_zoom(0.35)  # 12-16 pt text at 4-6 px an em: bars, not yet blocks
    rect = window.scene.surface.boxes[note_id].rect
    view.centerOn(rect.x, rect.y)
    QApplication.processEvents()
    image = view.viewport().grab().toImage()
    inner = view.mapFromScene(QRectF(rect.x + 10, rect.y + 10, rect.w - 20, rect.h - 20)).boundingRect()
    fill = QColor("#FFE082").rgb()
    marked = sum(1 for x in range(inner.left(), inner.right()) for y in range(inner.top(), inner.bottom())
                 if image.pixel(x, y) != fill)
    assert marked > 40  # the bars of three lines; a note without them is its fill alone
