"""Presenter mode as the room sees it: pixels of the projector window at 1920x1080 and 1280x720."""
import pytest
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QColor

from app.model.interchange import import_file
from app.ui import theme
from app.ui.note_painter import GREEK, over

from .conftest import cell

SAMPLE = "resources/samples/paige-saas.json"
SIZES = ((1920, 1080), (1280, 720))
TEXT_PX_KEY = "presenter/text_px"  # where the presenter keeps its text size (QSettings)


@pytest.fixture
def sample_window(qtbot, tmp_path):
    """A window on the sample board (7 stages, 7 lanes, notes of every text size)."""
    from app.ui.application import Boards
    QSettings().remove(TEXT_PX_KEY)
    win = Boards().show(import_file(SAMPLE, tmp_path / "sample.cjm"))
    qtbot.addWidget(win)
    qtbot.waitExposed(win)
    yield win
    QSettings().remove(TEXT_PX_KEY)


def presenting(qtbot, window, size):
    window.present()
    presenter = window.presenter
    qtbot.waitExposed(presenter)
    presenter.showNormal()
    presenter.resize(*size)
    qtbot.waitUntil(lambda: presenter.size().toTuple() == size)
    return presenter


def note_on_screen(view, box) -> QRect:
    r = box.rect
    return view.mapFromScene(r.x, r.y, r.w, r.h).boundingRect().intersected(view.viewport().rect())


def fully_on_screen(view, rect) -> bool:
    return view.viewport().rect().contains(view.mapFromScene(rect.x, rect.y, rect.w, rect.h).boundingRect())


def ink_rows(image, area: QRect) -> list[int]:
    """The rows of an area with the note text's dark ink in them."""
    return [y for y in range(area.top(), area.bottom())
            if any(image.pixelColor(x, y).lightness() < 90 for x in range(area.left(), area.right(), 1))]


def line_pitch(image, area: QRect) -> int:
    """The pixel distance from a text line's top to the next one's, measured on the screen."""
    rows = ink_rows(image, area)
    starts = [y for i, y in enumerate(rows) if i == 0 or rows[i - 1] != y - 1]
    assert len(starts) >= 2, "a note of two lines or more"
    return starts[1] - starts[0]


@pytest.mark.parametrize("size", SIZES)
def test_the_whole_board_shows_every_note_as_text_not_grey_bars(qtbot, sample_window, size):
    """Home shows the grid; where it is too wide to read whole, Home again shows its next stages."""
    presenter = presenting(qtbot, sample_window, size)
    view = presenter.view
    boxes = [b for b in sample_window.scene.surface.boxes.values() if b.place.kind == "cell"]
    pages = []
    while True:
        qtbot.keyClick(view, Qt.Key_Home)
        shown = frozenset(b.note_id for b in boxes if fully_on_screen(view, b.rect))
        if shown in pages:
            break
        pages.append(shown)
        image = view.viewport().grab().toImage()
        for box in (b for b in boxes if b.note_id in shown):
            area = note_on_screen(view, box)
            bar = over(GREEK, QColor(box.color)).rgb()
            colours = {image.pixel(x, y) for x in range(area.left(), area.right())
                       for y in range(area.top(), area.bottom())}
            assert bar not in colours, (size, box.note_id)  # no grey bar where a line would be
            assert ink_rows(image, area), (size, box.note_id)  # its text, in dark ink
    assert set().union(*pages) == {b.note_id for b in boxes}
    assert len(pages) == (1 if size == (1920, 1080) else 2)


def test_a_stage_on_the_projector_has_lines_28_px_apart_at_1080(qtbot, sample_window):
    presenter = presenting(qtbot, sample_window, (1920, 1080))
    view = presenter.view
    qtbot.keyClick(view, Qt.Key_Right)  # Awareness: its pain point is a long note in small text
    image = view.viewport().grab().toImage()
    long_notes = [b for b in sample_window.scene.surface.boxes.values()
                  if b.place.kind == "cell" and len(b.text.lines) >= 2 and fully_on_screen(view, b.rect)]
    assert long_notes
    for box in long_notes:
        area = note_on_screen(view, box).adjusted(8, 8, -8, -8)
        assert line_pitch(image, area) >= 28, box.text.lines


@pytest.mark.parametrize("size", SIZES)
def test_every_lane_of_a_stage_comes_on_screen_with_the_clicker(qtbot, sample_window, size):
    presenter = presenting(qtbot, sample_window, size)
    view = presenter.view
    layout = sample_window.scene.layout
    qtbot.keyClick(view, Qt.Key_PageDown)
    column = layout.stages[0].column
    seen = set()
    while view.target == ("stage", 0):
        for lane in layout.lanes:
            cell_rect = type(lane.row)(column.x, lane.row.y, column.w, lane.row.h)
            if fully_on_screen(view, cell_rect):
                seen.add(lane.lane_id)
        qtbot.keyClick(view, Qt.Key_PageDown)
    assert seen == {lane.lane_id for lane in layout.lanes}
    assert view.target == ("stage", 1)
    qtbot.keyClick(view, Qt.Key_PageUp)  # back: the last page of the stage before
    assert view.target == ("stage", 0) and fully_on_screen(view, layout.lanes[-1].row.__class__(
        column.x, layout.lanes[-1].row.y, column.w, layout.lanes[-1].row.h))


@pytest.mark.parametrize("size", SIZES)
def test_timer_and_voting_banner_sit_in_a_strip_that_covers_nothing(qtbot, sample_window, size):
    doc = sample_window.doc
    import time
    doc.timer_start(time.time())
    doc.start_round(dots_per_voter=3, voters=["Ana", "Ben"])
    presenter = presenting(qtbot, sample_window, size)
    qtbot.waitUntil(lambda: presenter.view.geometry().top() >= presenter.strip.geometry().bottom())
    view_area = presenter.view.geometry()
    for key in (Qt.Key_Home, Qt.Key_Right, Qt.Key_Down, Qt.Key_E):
        qtbot.keyClick(presenter.view, key)
        for overlay in (presenter.clock, presenter.banner):
            assert overlay.isVisible()
            on_window = QRect(overlay.mapTo(presenter, overlay.rect().topLeft()), overlay.size())
            assert presenter.rect().contains(on_window) and not on_window.intersects(view_area), (size, key)
    assert not presenter.banner.geometry().intersects(presenter.clock.geometry())


def test_no_laptop_marks_on_the_projector(qtbot, sample_window):
    scene = sample_window.scene
    place = cell(sample_window, 0, 0)
    scene.set_focused_cell(place)  # the dashed frame of the keyboard's cell
    doc = sample_window.doc
    doc.set_lane_hidden(doc.lanes()[1].id, True)  # a hatched header on the laptop
    presenter = presenting(qtbot, sample_window, (1920, 1080))
    qtbot.keyClick(presenter.view, Qt.Key_Right)
    image = presenter.view.viewport().grab().toImage()
    focus = theme.FOCUS.rgb()
    assert not any(image.pixel(x, y) == focus for x in range(0, image.width(), 2) for y in range(image.height()))
    laptop = sample_window.view.viewport().grab().toImage()
    assert any(laptop.pixel(x, y) == focus for x in range(laptop.width()) for y in range(laptop.height()))


def test_the_presenter_text_size_is_kept_and_changes_the_zoom(qtbot, sample_window):
    presenter = presenting(qtbot, sample_window, (1920, 1080))
    view = presenter.view
    qtbot.keyClick(view, Qt.Key_Right)
    before = view.zoom()
    qtbot.keyClick(view, Qt.Key_Plus)
    assert view.zoom() > before
    kept = float(QSettings().value(TEXT_PX_KEY))
    qtbot.keyClick(view, Qt.Key_Escape)
    presenter = presenting(qtbot, sample_window, (1920, 1080))
    qtbot.keyClick(presenter.view, Qt.Key_Right)
    assert float(QSettings().value(TEXT_PX_KEY)) == kept and presenter.view.zoom() == pytest.approx(view_zoom := presenter.view.zoom())
    assert view_zoom > before
