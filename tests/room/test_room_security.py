"""The laptop faces a network it does not control: no secret, no room; an ended session's
link is dead; bad bodies get a clear 4xx and write nothing; limits hold; text stays text."""
import socket
import urllib.error
import urllib.request

import pytest

from app.model.document import Document
from app.room.limits import RateLimiter, RoomLimits
from app.room.session import RoomSession

from .conftest import Phone, on_phones


def test_requests_without_the_secret_get_403_and_nothing_else(room_session):
    origin = room_session.url.split("/j/")[0]
    phone = Phone(origin)

    def probes():
        return [phone.send("GET", path)[0] for path in (
            "/", "/j/", "/j/wrong-secret/", "/j/wrong-secret/api/state", "/resources/room/room.js",
            "/j/" + room_session.server.secret[:-1] + "/", "/j/../../etc/passwd", "/j/%2e%2e/app/cli.py")]

    assert on_phones(room_session, probes) == [403] * 8
    # Below the secret, only the page's three files: a way out of the folder finds nothing.
    assert on_phones(room_session, lambda: Phone(room_session.url).send("GET", "../index.html")[0]) == 404


def test_the_page_is_served_only_from_the_app_and_with_a_strict_policy(room_session):
    phone = Phone(room_session.url)

    def fetch():
        with urllib.request.urlopen(room_session.url, timeout=30) as page:
            return page.headers, page.read()
    headers, body = on_phones(room_session, fetch)
    assert b"room.js" in body and "script-src 'self'" in headers["Content-Security-Policy"]
    for path in ("../../pyproject.toml", "index.html/", "resources/room/room.js", "static/"):
        assert on_phones(room_session, lambda: phone.send("GET", path)[0]) == 404


def test_a_request_waiting_for_the_board_when_the_session_ends_hears_it_ended(doc, first_cell):
    from concurrent.futures import ThreadPoolExecutor
    session = RoomSession(doc, commit=lambda call: call(), ended_grace=1.0)
    session.start()
    phone = on_phones(session, lambda: Phone(session.url).join("Ana"))
    with ThreadPoolExecutor(1) as pool:
        sent = pool.submit(phone.note, first_cell, "queued, never run")
        while session.host.waiting() == 0:  # queued for the board's thread, which is not serving
            assert not sent.done()
        session.stop(wait=False)  # (the port closes by itself after the grace)
        assert sent.result(timeout=30)[0] == 410
        session.serve(0.05)  # the board's thread comes back: the call is skipped
    assert not any(n.text == "queued, never run" for n in doc.notes())


def test_after_stop_the_link_is_refused_and_a_new_session_refuses_the_old_secret(doc, first_cell):
    old = RoomSession(doc, commit=lambda call: call())
    old.start()
    port = old.server.port
    phone = on_phones(old, lambda: Phone(old.url).join("Ana"))
    old.stop()
    with pytest.raises(urllib.error.URLError):  # nothing listens any more
        phone.note(first_cell, "after the end")
    new = RoomSession(doc, commit=lambda call: call(), port=port)
    new.start()
    try:
        assert new.server.secret != old.server.secret
        status, _ = on_phones(new, lambda: phone.note(first_cell, "old link"))
        assert status == 403
    finally:
        new.stop()
    assert not any(n.text in ("after the end", "old link") for n in doc.notes())


def test_malformed_wrong_and_oversized_bodies_get_4xx_and_write_nothing(room_session, doc, first_cell):
    room_session.room.set_auto_accept(True)
    before = len(doc.notes())
    phone = Phone(room_session.url)
    where = {"stage": first_cell.stage_id, "lane": first_cell.lane_id}

    def bad_requests():
        phone.join()
        return [
            phone.send("POST", "api/notes", raw=b"{not json")[0],
            phone.send("POST", "api/notes", raw=b"\xff\xfe")[0],
            phone.send("POST", "api/notes", ["a list"])[0],
            phone.send("POST", "api/notes", {**where})[0],  # no text
            phone.send("POST", "api/notes", {**where, "text": 7})[0],
            phone.send("POST", "api/notes", {"stage": True, "lane": first_cell.lane_id, "text": "x"})[0],
            phone.send("POST", "api/notes", {"stage": 999, "lane": first_cell.lane_id, "text": "x"})[0],
            phone.send("POST", "api/notes", {"section": "nowhere", "text": "x"})[0],
            phone.send("POST", "api/notes", {**where, "text": "   "})[0],
            phone.send("POST", "api/notes", {**where, "text": "x" * (RoomLimits().note_chars + 1)})[0],
            phone.send("POST", "api/notes", raw=b'{"text": "' + b"x" * 20000 + b'"}')[0],
            phone.send("POST", "api/notes/12345/edit", {"text": "x"})[0],
            phone.send("POST", "api/notes/abc/withdraw", {})[0],
            phone.send("POST", "api/votes", {"note": 1, "give": "yes"})[0],
            phone.send("DELETE", "api/notes")[0],
        ]

    assert on_phones(room_session, bad_requests) == [400, 400, 400, 400, 400, 400, 422, 422, 422, 413, 413,
                                                     404, 404, 400, 404]
    with Document.snapshot(doc.path) as saved:
        assert len(saved.notes()) == before


def test_a_phone_without_a_key_or_with_a_removed_one_is_refused(room_session, first_cell):
    stranger, ana = Phone(room_session.url), Phone(room_session.url)
    on_phones(room_session, lambda: ana.join("Ana"))
    assert on_phones(room_session, lambda: stranger.note(first_cell, "hi"))[0] == 403
    stranger.key = "guessed"
    assert on_phones(room_session, lambda: stranger.note(first_cell, "hi"))[0] == 403
    [participant] = room_session.room.present()
    room_session.room.remove(participant.id)
    status, answer = on_phones(room_session, lambda: ana.note(first_cell, "still here?"))
    assert status == 403 and "removed" in answer["error"]


def test_a_full_room_turns_the_next_phone_away(room_session):
    def join_six():
        return [Phone(room_session.url).send("POST", "api/join", {"name": ""})[0] for _ in range(6)]
    assert on_phones(room_session, join_six) == [200] * 5 + [403]  # the fixture's room holds 5


def test_a_flood_from_one_phone_is_slowed_and_the_others_still_write(room_session, doc, first_cell):
    room_session.room.set_auto_accept(True)
    flooder, calm = Phone(room_session.url), Phone(room_session.url)

    def flood():
        flooder.join("flood")
        calm.join("calm")
        statuses = [flooder.note(first_cell, f"spam {i}")[0] for i in range(40)]
        return statuses, calm.note(first_cell, "a real note")[0]

    statuses, calm_status = on_phones(room_session, flood)
    assert statuses[:30] == [200] * 30 and set(statuses[30:]) == {429}  # 30 a minute
    assert calm_status == 200
    with Document.snapshot(doc.path) as saved:
        texts = [n.text for n in saved.notes_at(first_cell)]
    assert sum(t.startswith("spam") for t in texts) == 30 and "a real note" in texts


def test_the_rate_limit_refills_over_a_minute():
    now = [0.0]
    limiter = RateLimiter(30, clock=lambda: now[0])
    assert all(limiter.allow("p") for _ in range(30)) and not limiter.allow("p")
    now[0] += 2.0  # one note's worth
    assert limiter.allow("p") and not limiter.allow("p")
    assert limiter.allow("other")


def test_the_server_listens_only_on_the_address_it_was_given(room_session):
    port = room_session.server.port
    assert room_session.url.startswith(f"http://127.0.0.1:{port}/j/")
    others = [a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
              if not a[4][0].startswith("127.")]
    for address in others:  # this machine's other addresses, if it has any: nothing there
        with pytest.raises(OSError):
            socket.create_connection((address, port), timeout=2).close()
