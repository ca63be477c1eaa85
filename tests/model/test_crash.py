"""A process killed in the middle of its work (power cut, kill -9, crash) never costs a saved edit
and never leaves a half board."""
import json
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.model import store
from app.model.document import Document, Place
from app.model.templates import template

ROOT = Path(__file__).resolve().parents[2]
BUDGET = 20.0  # seconds for one test's subprocesses, however slow the machine

BURST = r"""
import sys
from app.model.document import Document, Place
from app.model.entities import LaneKind
doc = Document.open(sys.argv[1])
places = [Place.cell(s.id, l.id) for s in doc.stages() for l in doc.lanes() if l.kind == LaneKind.NOTES]
places += [Place.parking(), Place.empathy("says")]
n = 0
while True:
    n += 1
    doc.add_note(places[n % len(places)], f"note {n}")
    print(n, flush=True)  # only once add_note has returned: note n is saved
"""

IMPORT = r"""
import sys
from app.model.interchange import import_file
import_file(sys.argv[1], sys.argv[2]).close()
"""


def start(script: str, *args) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-c", script, *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)


def kill(proc: subprocess.Popen) -> bytes:
    """SIGKILL, then what the process had printed but we had not read yet."""
    proc.send_signal(signal.SIGKILL)
    rest, _ = proc.communicate(timeout=15)
    return rest


class Lines:
    """Lines of a child's stdout, each waited for with a deadline (no sleeping)."""

    def __init__(self, proc: subprocess.Popen, deadline: float):
        self.proc, self.deadline, self.buffer = proc, deadline, b""

    def next(self) -> str:
        while b"\n" not in self.buffer:
            left = self.deadline - time.monotonic()
            assert left > 0, "the child process took too long"
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                assert chunk, f"the child process ended: {self.proc.stderr.read().decode()}"
                self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def test_a_kill_during_a_burst_of_edits_loses_no_saved_note(board_path):
    Document.create(board_path, lambda d: template("current-state").apply(d)).close()
    rng = random.Random(20240611)
    deadline = time.monotonic() + BUDGET
    last = 0
    for run in range(3):
        proc = start(BURST, board_path)
        try:
            lines = Lines(proc, deadline)
            target = 200 + rng.randrange(20)  # then the kill lands somewhere in the next edits
            printed = 0
            while printed < target:
                printed = int(lines.next())
        finally:
            rest = kill(proc)
        # Numbers printed before the kill but not read yet count as saved too.
        for line in (lines.buffer + rest).decode().split("\n"):
            if line.strip().isdigit():
                printed = int(line)
        # (No read-only look before this open: a hot journal makes a mode=ro connection fail.)
        with Document.open(board_path) as doc:  # rolls back a hot journal, takes the stale lock
            assert not doc.read_only, doc.file.read_only_reason
            texts = [n.text for n in doc.notes()]
            # Work goes on; the next save also clears an empty journal file the kill may have
            # left (one that is not hot: SQLite ignores it until the next write).
            doc.add_note(Place.parking(), "after the crash")
        assert len(texts) == len(set(texts))
        numbers = sorted(int(t.split()[1]) for t in texts)
        # Every note whose call returned is there; at most the one in flight besides.
        assert numbers[:printed] == list(range(1, printed + 1)), f"run {run}: lost a saved note"
        assert len(numbers) in (printed, printed + 1), f"run {run}: {len(numbers)} notes, {printed} printed"
        assert integrity(board_path) == "ok"
        assert sorted(os.listdir(board_path.parent)) == [board_path.name]  # no journal left behind
        last = printed
        # The next run starts from a fresh board so its note numbers start at 1 again.
        board_path.unlink()
        Document.create(board_path, lambda d: template("current-state").apply(d)).close()
    assert last >= 200


def big_board_json(path: Path, notes: int = 3000) -> None:
    stages = [f"Stage {i}" for i in range(6)]
    lanes = [f"Lane {i}" for i in range(5)]
    path.write_text(json.dumps({
        "title": "Big workshop",
        "stages": stages,
        "lanes": lanes,
        "notes": [{"stage": stages[i % 6], "lane": lanes[(i // 6) % 5], "text": f"note {i} " + "y" * 80}
                  for i in range(notes)],
    }), encoding="utf-8")


def size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:  # moved into place or removed meanwhile
        return 0


def hidden_temporaries(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if name.startswith(".") and ".tmp" in name]


@pytest.mark.parametrize("kill_when", ["temporary file appears", "temporary file grows"])
def test_a_kill_during_an_import_never_leaves_a_half_board(tmp_path, kill_when):
    source = tmp_path / "big.json"
    big_board_json(source)
    work = tmp_path / "boards"
    work.mkdir()
    target = work / "big.cjm"
    deadline = time.monotonic() + BUDGET
    proc = start(IMPORT, source, target)
    try:
        while True:  # wait, bounded, on the condition
            assert time.monotonic() < deadline, "the import never wrote its temporary file"
            assert proc.poll() is None, proc.stderr.read().decode()
            sizes = [size(work / name) for name in hidden_temporaries(work)]
            if kill_when == "temporary file appears" and sizes:
                break
            if kill_when == "temporary file grows" and sizes and max(sizes) > 64 * 1024:
                break
            try:
                proc.wait(timeout=0.002)  # waits on the child, not a sleep
            except subprocess.TimeoutExpired:
                pass
    finally:
        if proc.poll() is None:
            kill(proc)
        else:
            proc.communicate(timeout=15)
    assert proc.returncode == -signal.SIGKILL  # it was killed in the middle, not done
    assert hidden_temporaries(work)  # the half-built board, hidden
    visible = sorted(name for name in os.listdir(work) if not name.startswith("."))
    assert visible in ([], [target.name]), visible  # no half board under any visible name
    if target.exists():
        assert integrity(target) == "ok"
        with Document.open(target) as doc:
            assert doc.board.title == "Big workshop"
            assert len(doc.notes()) == 3000  # complete, or not there at all
    else:
        with pytest.raises(store.BoardFileError):
            Document.open(target)
        assert not target.exists()
    # A leftover temporary file is hidden, and never opens as a board under the target's name.
    for name in hidden_temporaries(work):
        assert name.startswith(f".{target.name}.")


MID_TRANSACTION = r"""
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size=1")  # the changed pages spill into the board file itself
conn.execute("BEGIN")
conn.execute("UPDATE note SET text = 'half-saved'")
print("mid", flush=True)
sys.stdin.readline()
"""


@pytest.mark.parametrize("reader", ["snapshot", "read-only window", "window"])
def test_a_board_left_mid_save_by_a_killed_process_opens_as_last_saved(board_path, reader):
    """The killed process leaves a hot journal: every kind of open rolls it back (the one
    change an open may make) instead of calling the board damaged."""
    with Document.create(board_path, lambda d: template("current-state").apply(d)) as doc:
        doc.add_notes(Place.parking(), [{"text": f"saved {i} " + "z" * 100} for i in range(300)])
        saved = sorted(n.text for n in doc.notes())
    before = board_path.read_bytes()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", MID_TRANSACTION, str(board_path)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    try:
        assert Lines(proc, time.monotonic() + BUDGET).next() == "mid"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=15)
    journal = board_path.with_name(board_path.name + "-journal")
    assert journal.exists() and board_path.read_bytes() != before  # a real hot journal
    if reader == "snapshot":
        opened = Document.snapshot(board_path)
    else:
        opened = Document.open(board_path, read_only=reader == "read-only window")
    with opened as doc:
        assert sorted(n.text for n in doc.notes()) == saved
        assert doc.read_only == (reader != "window")
    assert not journal.exists()
    assert integrity(board_path) == "ok"
