"""The agenda countdown on the laptop and the projector, read from the board with a fake clock."""
from app.model.document import Document
from app.ui.agenda_clock import AgendaClock, clock_text


class FakeClock:
    def __init__(self, now: float = 1_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_countdown_last_minute_and_overrun(qtbot, window):
    clock = FakeClock()
    label = AgendaClock(window.doc, window.view, clock=clock)
    window.doc.timer_start(clock.now)
    clock.now += 65
    label.show_time()
    assert label.text() == "Introduction  8:55"  # 10 minutes, 65 s gone
    clock.now += 8 * 60 + 10
    label.show_time()
    assert "0:45" in label.text() and "255, 193, 7" in label.styleSheet()  # amber in the last minute
    clock.now += 60
    label.show_time()
    assert "−0:15" in label.text() and "198, 40, 40" in label.styleSheet()  # red when over
    window.doc.timer_next_block(clock.now)
    label.show_time()
    assert label.text() == "Empathy mapping  30:00"


def test_the_timer_survives_closing_and_reopening_the_board(qtbot, tmp_path):
    from app.model.templates import template
    clock = FakeClock()
    path = tmp_path / "timed.cjm"
    with Document.create(path, lambda d: template("current-state").apply(d)) as doc:
        doc.timer_start(clock.now)
    with Document.open(path) as reopened:
        clock.now += 125
        label = AgendaClock(reopened, None, clock=clock)
        assert label.text() == "Introduction  7:55"


def test_the_menu_starts_and_pauses_and_timer_calls_are_no_undo_steps(qtbot, window):
    window.actions_by_id["timer_start"].trigger()
    assert window.doc.timer_view(0).running
    window.actions_by_id["timer_start"].trigger()
    assert not window.doc.timer_view(0).running
    window.actions_by_id["timer_next"].trigger()
    assert window.doc.timer_view(0).name == "Empathy mapping"
    assert window.stack.count() == 0


def test_clock_text():
    assert [clock_text(s) for s in (600, 59.2, 0.4, 0, -1.5, -75)] == ["10:00", "1:00", "0:01", "0:00", "−0:01", "−1:15"]
