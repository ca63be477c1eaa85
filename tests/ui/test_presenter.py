"""Presenter mode: full screen, stepping through stages and lanes, text big enough to read."""
from PySide6.QtCore import QRectF, Qt

from app.model.document import Place

from .conftest import cell, type_text


def visible(view):
    return view.mapToScene(view.viewport().rect()).boundingRect()


def smallest_text_px(view):
    """The smallest note text drawn on the projector, in pixels, from the view's transform."""
    shown = visible(view)
    sizes = [box.text.size for box in view.board.surface.boxes.values()
             if shown.intersects(QRectF(box.rect.x, box.rect.y, box.rect.w, box.rect.h))]
    return min(sizes) * view.transform().m11()


def test_enter_step_through_stages_and_leave(qtbot, window):
    doc = window.doc
    for index in range(len(doc.stages())):
        doc.add_notes(cell(window, index, 0), [{"text": f"Stage {index} note, a bit longer than one line"}])
    window.present()
    presenter = window.presenter
    qtbot.waitExposed(presenter)
    view = presenter.view
    assert presenter.isFullScreen()
    qtbot.keyClick(view, Qt.Key_Right)
    first = visible(view)
    stage0 = window.scene.layout.stages[0].column
    assert first.contains(stage0.x + stage0.w / 2, stage0.y + 10)
    assert smallest_text_px(view) >= view.text_px() - 1e-6  # the presenter text size, on this screen
    while view.target[1] == 0:  # the first stage's pages, then the next stage
        qtbot.keyClick(view, Qt.Key_PageDown)  # what a clicker sends
    stage1 = window.scene.layout.stages[1].column
    assert visible(view).contains(stage1.x + stage1.w / 2, stage1.y + 10)
    assert view.spotlight().x == stage1.x  # the current stage is lit, the others dimmed
    qtbot.keyClick(view, Qt.Key_Down)
    assert view.target == ("lane", 0) and smallest_text_px(view) >= view.text_px() - 1e-6
    qtbot.keyClick(view, Qt.Key_Home)
    assert visible(view).contains(0, 0) and visible(view).contains(window.scene.layout.width - 1, 10)
    qtbot.keyClick(view, Qt.Key_E)
    empathy = window.scene.surface.empathy_rect
    assert visible(view).contains(empathy.x + empathy.w / 2, empathy.y + empathy.h / 2)
    qtbot.keyClick(view, Qt.Key_Escape)
    assert window.presenter is None


def test_editing_works_while_presenting_and_escape_ends_the_editing_first(qtbot, window):
    window.present()
    view = window.presenter.view
    qtbot.waitExposed(window.presenter)
    window.scene.editing.add_note(Place.cell(window.doc.stages()[0].id, window.doc.lanes()[0].id))
    type_text(view, "added live")
    qtbot.keyClick(view, Qt.Key_Escape)
    assert window.presenter is not None  # still presenting
    assert [n.text for n in window.doc.notes()] == ["added live"]
    qtbot.keyClick(view, Qt.Key_Escape)
    assert window.presenter is None


def test_question_mark_shows_the_cheat_sheet_over_the_board(qtbot, window):
    window.toggle_cheat_sheet()
    sheet = window.cheat_sheet
    assert sheet.isVisible() and "Ctrl+Z" in sheet.text() and "Double-click" in sheet.text()
    assert "Next Voter" in sheet.text() and ", New<" not in sheet.text()  # no media keys ("New")
    assert window.view.rect().contains(sheet.geometry())  # all of it on screen
    window.toggle_cheat_sheet()
    assert not sheet.isVisible()
    window.present()
    qtbot.waitExposed(window.presenter)
    qtbot.keyClick(window.presenter.view, Qt.Key_Question)
    assert window.presenter.cheat_sheet.isVisible() and "The empathy map" in window.presenter.cheat_sheet.text()
    qtbot.keyClick(window.presenter.view, Qt.Key_Escape)  # closes the sheet, not the presentation
    assert window.presenter is not None and not window.presenter.cheat_sheet.isVisible()


def test_the_projector_screen_can_be_chosen_and_is_remembered(qtbot, window):
    from PySide6.QtGui import QGuiApplication

    from app.ui.presenter import choose_projector, projector_screen
    screen = QGuiApplication.screens()[-1]
    window.fill_screen_menu()
    labels = [a.text() for a in window.screen_menu.actions()]
    assert any(screen.name() in label for label in labels)
    choose_projector(screen.name())
    assert projector_screen() is screen
    choose_projector("a projector that is not plugged in")
    assert projector_screen() in QGuiApplication.screens()  # falls back, never fails


def test_notes_hidden_for_reveal_stay_off_the_projector_but_not_off_the_laptop(qtbot, window):
    place = cell(window, 0, 0)
    note_id = window.doc.add_note(place, "silent writing", color="#90CAF9").result
    window.doc.set_notes_hidden([note_id], True)
    window.present()
    qtbot.waitExposed(window.presenter)
    view = window.presenter.view
    qtbot.keyClick(view, Qt.Key_Right)  # the first stage, big
    box = window.scene.surface.boxes[note_id].rect
    spot = view.mapFromScene(box.x + box.w - 6, box.y + box.h - 6)

    def color_at(v, point):
        return v.viewport().grab().toImage().pixelColor(point).name().upper()
    assert color_at(view, spot) != "#90CAF9"  # the projector shows the empty cell
    window.view.centerOn(box.x, box.y)
    laptop = window.view.mapFromScene(box.x + box.w - 6, box.y + box.h - 6)
    assert color_at(window.view, laptop) != color_at(view, spot)  # the facilitator still sees it
    window.doc.reveal_all()
    assert color_at(view, view.mapFromScene(box.x + box.w - 6, box.y + box.h - 6)) == "#90CAF9"


def test_the_timer_stays_clear_of_the_lit_stage_at_projector_sizes(qtbot, window):
    doc = window.doc
    for index in range(len(doc.stages())):
        doc.add_notes(cell(window, index, 0), [{"text": f"Stage {index} note"}] * 3)
    doc.timer_start(0)
    window.present()
    presenter = window.presenter
    qtbot.waitExposed(presenter)
    for size in ((1920, 1080), (1280, 720)):
        presenter.showNormal()
        presenter.resize(*size)
        qtbot.waitUntil(lambda: presenter.size().toTuple() == size)
        for stage in range(len(doc.stages())):
            presenter.view.show("stage", stage)
            lit = presenter.view.spotlight()
            on_screen = presenter.view.mapFromScene(QRectF(lit.x, lit.y, lit.w, lit.h)).boundingRect()
            clock = presenter.clock.geometry()
            assert presenter.clock.isVisible() and clock.height() < size[1] / 15
            assert not clock.intersects(on_screen), (size, stage)
