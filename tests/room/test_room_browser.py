"""A real browser as the phones: join by the QR link, write a note, the laptop accepts it and
it is in the file; the XSS string stays text; a hidden round from two phones; reveal mode;
the live view follows the board. Chromium runs on a worker thread while the window's event
loop serves the room."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as seen

from app.model.document import Document, Place

from .browser import click, join, phone_browser, tab, text_at, text_of, wait_for, write
from .conftest import in_background, open_room
from .test_room_window import XSS, shot_dir


@pytest.fixture
def browsers():
    started = []

    def start():
        started.append(phone_browser())
        return started[-1]
    yield start
    for driver in started:
        driver.quit()


def where(doc, stage_index=0, lane_index=0):
    stage, lane = doc.stages()[stage_index], doc.lanes()[lane_index]
    return Place.cell(stage.id, lane.id), f"{stage.name} · {lane.name}"


def test_a_phone_joins_writes_and_its_note_lands_in_the_file(qtbot, window, browsers):
    url = open_room(window)
    doc = window.doc
    place, label = where(doc, 2, 0)
    phone = in_background(qtbot, browsers)

    def join_and_write():
        join(phone, url, "Ana")
        write(phone, label, "Checkout asks twice for the address")
        wait_for(phone, lambda d: "waiting for the facilitator" in text_of(d, "status"))
        write(phone, label, XSS)
        wait_for(phone, lambda d: "waiting for the facilitator" in text_of(d, "status"))
        tab(phone, "mine")
        wait_for(phone, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#mine li")) == 2)
        phone.save_screenshot(str(shot_dir() / "phone-my-notes.png"))
        listed = wait_for(phone, lambda d: [li.find_element(By.CLASS_NAME, "text").text
                                            for li in d.find_elements(By.CSS_SELECTOR, "#mine li")])
        tab(phone, "write")
        phone.save_screenshot(str(shot_dir() / "phone-write.png"))
        return listed

    listed = in_background(qtbot, join_and_write)
    assert XSS in listed  # shown as its characters, not as an image element
    assert in_background(qtbot, lambda: phone.find_elements(By.CSS_SELECTOR, "#mine img")) == []
    inbox = window.workshop.room.inbox
    qtbot.waitUntil(lambda: inbox.waiting.count() == 2)
    inbox.waiting.selectAll()
    inbox.accept()
    with Document.snapshot(doc.path) as saved:
        assert [(n.text, n.source) for n in saved.notes_at(place)] == [
            ("Checkout asks twice for the address", "Ana"), (XSS, "Ana")]
    in_background(qtbot, lambda: (tab(phone, "mine"), wait_for(phone, lambda d: [
        s.text for s in d.find_elements(By.CSS_SELECTOR, "#mine .state")] == ["on the board"] * 2)))
    # The follow view shows both, the XSS note as text.
    texts = in_background(qtbot, lambda: (tab(phone, "follow"), wait_for(phone, lambda d: [
        n.text for n in d.find_elements(By.CSS_SELECTOR, "#board .note")] if len(
            d.find_elements(By.CSS_SELECTOR, "#board .note")) >= 2 else None))[1])
    assert XSS in texts and in_background(qtbot, lambda: phone.find_elements(By.CSS_SELECTOR, "#board img")) == []
    phone.save_screenshot(str(shot_dir() / "phone-board.png"))


def test_two_phones_vote_in_a_hidden_round_and_see_only_their_own_dots(qtbot, window, browsers):
    doc = window.doc
    place, _ = where(doc, 0, 0)
    first, second = doc.add_notes(place, [{"text": "Idea A"}, {"text": "Idea B"}]).result
    window.scene.run(lambda: doc.start_round(3, participants=2, hidden=True))
    url = open_room(window)
    ana, bo = in_background(qtbot, browsers), in_background(qtbot, browsers)

    def mine(driver, note_id):
        return text_at(driver, f"#ballot li[data-id='{note_id}'] .mine")

    def give(driver, note_id, times):
        tab(driver, "vote")
        for _ in range(times):
            before = int(mine(driver, note_id))
            click(driver, f"#ballot li[data-id='{note_id}'] .give")
            wait_for(driver, lambda d: mine(d, note_id) == str(before + 1))

    def vote():
        join(ana, url, "Ana")
        join(bo, url)
        wait_for(ana, seen.visibility_of_element_located((By.ID, "vote-tab")))
        give(ana, first, 2)
        give(bo, second, 1)
        bo.refresh()  # a phone that wakes up sees what it gave, still only its own
        wait_for(bo, seen.visibility_of_element_located((By.ID, "vote-tab")))
        tab(bo, "vote")
        wait_for(bo, lambda d: mine(d, second) == "1")
        ana.save_screenshot(str(shot_dir() / "phone-vote.png"))
        return ({n: mine(ana, n) for n in (first, second)}, {n: mine(bo, n) for n in (first, second)},
                ana.find_elements(By.CSS_SELECTOR, "#ballot .all"), text_of(ana, "dots-left"))

    ana_sees, bo_sees, totals, left = in_background(qtbot, vote)
    assert ana_sees == {first: "2", second: "0"} and bo_sees == {first: "0", second: "1"}
    assert totals == [] and "1 dot left" in left  # no one's totals in a hidden round
    with Document.snapshot(doc.path) as saved:
        assert dict(saved.tally()) == {first: 2, second: 1}  # the laptop's tally counts the phones
        assert {"Ana", "Phone 2"} <= set(saved.voters(1))


def test_reveal_mode_keeps_a_phone_note_off_the_projector_and_the_live_view_until_reveal_all(qtbot, window, browsers):
    doc = window.doc
    place, label = where(doc, 1, 1)
    marker = doc.add_note(where(doc, 0, 0)[0], "Said out loud").result  # on the projector
    window.workshop.toggle_reveal_mode()
    url = open_room(window)
    window.workshop.room.inbox.auto_accept.setChecked(True)
    writer, follower = in_background(qtbot, browsers), in_background(qtbot, browsers)

    def write_silently():
        join(writer, url, "Cy")
        join(follower, url)
        tab(follower, "follow")
        write(writer, label, "Silent thought")
        wait_for(writer, lambda d: "On the board" in text_of(d, "status"))

    in_background(qtbot, write_silently)
    [note] = doc.notes_at(place)
    assert note.hidden and note.source == "Cy" and not doc.shown_in_room(note.id)
    # An edit the room sees, made after the silent note: once the live view shows it, the view
    # is at least that fresh, and the silent note is not in it.
    window.scene.run(lambda: doc.edit_note(marker, text="Said out loud, again"))
    board = in_background(qtbot, lambda: wait_for(follower, lambda d: "again" in text_of(d, "board") and text_of(d, "board")))
    assert "Silent thought" not in board
    window.workshop.reveal_all()
    in_background(qtbot, lambda: wait_for(follower, lambda d: "Silent thought" in text_of(d, "board")))
    window.scene.run(lambda: doc.edit_note(note.id, text="Silent thought, revised"))
    in_background(qtbot, lambda: wait_for(follower, lambda d: "revised" in text_of(d, "board")))
    window.scene.run(lambda: doc.set_lane_hidden(doc.lanes()[1].id, True))
    in_background(qtbot, lambda: wait_for(follower, lambda d: "revised" not in text_of(d, "board")))


def test_stop_inviting_tells_every_phone_the_session_ended(qtbot, window, browsers):
    url = open_room(window)
    phone = in_background(qtbot, browsers)
    in_background(qtbot, lambda: join(phone, url))
    window.workshop.stop_inviting()
    in_background(qtbot, lambda: wait_for(phone, seen.visibility_of_element_located((By.ID, "ended"))))
    assert "ended" in in_background(qtbot, lambda: text_of(phone, "ended-text"))
