"""Bounded fuzzing: a real board file and its lossless JSON, mutated by hypothesis, fed to open,
info, import and export. Whatever comes in, the outcome is a board or one clear line, never an
uncaught exception or a hang, and the input file is left exactly as it was.

The budget is fixed (derandomized examples, no example database), so a run is the same every
time and takes a few seconds on CI; a hang is caught by an alarm and fails the test."""
import copy
import json
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.cli import main
from app.model import store
from app.model.document import BoardError, Document
from app.model.interchange import board_to_json
from tests.model.test_store import FIXTURE_V2

HANG_SECONDS = 30  # far beyond any single call here; reaching it is a hang
BUDGET = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
BOARD = FIXTURE_V2.read_bytes()


class Hang(Exception):
    pass


@contextmanager
def no_hang(what: str):
    def alarm(*_):
        raise Hang(f"{what} ran for more than {HANG_SECONDS} s")
    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def command(capsys, *args) -> int:
    """Runs the command line in this process: an uncaught exception fails the test here."""
    with no_hang(" ".join(map(str, args[:1]))):
        code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert code in (0, 1), (code, err)
    if code == 1:
        assert err.startswith("journeywall: ") and err.count("\n") == 1 and "Traceback" not in err, err
    return code


def opened(path: Path) -> None:
    """Document.open as the window does (read-only: a damaged version number must not start a
    migration, which writes), then closed: a board or a BoardFileError/BoardError."""
    with no_hang("open"):
        try:
            Document.open(path, read_only=True).close()
        except (store.BoardFileError, BoardError) as error:
            assert "\n" not in str(error) or str(error).count("\n") <= 2, str(error)


# ---------------------------------------------------------------- a mutated board file

mutation = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, len(BOARD) - 1), st.integers(0, 7)),
    st.tuples(st.just("byte"), st.integers(0, len(BOARD) - 1), st.integers(0, 255)),
    st.tuples(st.just("cut"), st.integers(0, len(BOARD) - 1), st.just(0)),
    # Bytes in the first pages hit the header, the schema and the first rows.
    st.tuples(st.just("flip"), st.integers(0, 8191), st.integers(0, 7)),
)


def mutated(mutations) -> bytes:
    data = bytearray(BOARD)
    for kind, at, value in mutations:
        if kind == "flip" and at < len(data):
            data[at] ^= 1 << value
        elif kind == "byte" and at < len(data):
            data[at] = value
        elif kind == "cut":
            del data[at:]
    return bytes(data)


@BUDGET
@given(mutations=st.lists(mutation, min_size=1, max_size=6), pdf=st.booleans())
@example(mutations=[("flip", 2098, 1)], pdf=False)  # found by a longer run: a two-line SQLite error
def test_a_mutated_board_file_gives_a_board_or_a_clear_message(capsys, tmp_path_factory, mutations, pdf):
    folder = tmp_path_factory.mktemp("board")
    data = mutated(mutations)
    path = folder / "fuzzed.cjm"
    path.write_bytes(data)
    command(capsys, "info", path)
    opened(path)
    outputs = ["--json", folder / "out.json", "--csv", folder / "out.csv"]
    if pdf:
        outputs += ["--pdf", folder / "out.pdf"]
    command(capsys, "export", path, *outputs)
    assert path.read_bytes() == data
    assert not store._open_in_this_process


# ---------------------------------------------------------------- a mutated lossless JSON

def _lossless() -> dict:
    import shutil
    import tempfile
    folder = tempfile.mkdtemp()
    shutil.copy(FIXTURE_V2, Path(folder) / "v2.cjm")
    with Document.snapshot(Path(folder) / "v2.cjm") as doc:
        return board_to_json(doc)


LOSSLESS = _lossless()
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**80), 2**80) | st.floats(allow_nan=True)
    | st.text(max_size=30) | st.sampled_from(["", "#FFE082", "cell", "parking", "empathy", "emotion",
                                             "metric", "says", "#zz", "\ud800"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6)


def _places(data, prefix=()):
    """Every (container, key) in the JSON, for choosing what to change."""
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return
    for key, value in items:
        yield data, key
        yield from _places(value, prefix + (key,))


@BUDGET
@given(edits=st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(["set", "delete", "copy"]), json_values),
                      min_size=1, max_size=4))
def test_a_mutated_lossless_json_gives_a_board_or_a_clear_message(capsys, tmp_path_factory, edits):
    folder = tmp_path_factory.mktemp("json")
    data = copy.deepcopy(LOSSLESS)
    for pick, how, value in edits:
        places = list(_places(data))
        container, key = places[pick % len(places)]
        if how == "set":
            container[key] = value
        elif how == "delete":
            del container[key]
        elif isinstance(container, list):  # a second copy of an entry: duplicate ids
            container.append(copy.deepcopy(container[key]))
    source = folder / "fuzzed.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8", errors="surrogatepass")
    before = source.read_bytes()
    target = folder / "imported.cjm"
    if command(capsys, "import", source, target) == 0:
        assert command(capsys, "export", target, "--pdf", folder / "out.pdf", "--csv", folder / "out.csv") == 0
    else:
        assert not target.exists()
    assert source.read_bytes() == before
    assert not store._open_in_this_process


def test_the_fuzzers_inputs_are_real():
    """The mutations start from boards that open: the fuzzing tests damage, not a broken start."""
    assert sys.getsizeof(BOARD) > 4096 and LOSSLESS["notes"]
