"""The journeywall command without a window: every command, its messages and exit codes."""
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from app.cli import main
from app.model.checks import MAX_NAME
from app.model.document import Document, Place
from tests.model.test_store import Holder, folder_state, make_board

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "paige-saas.json"
TEMPLATE_NAMES = ["current-state", "future-state", "day-in-the-life", "service-blueprint", "support",
                  "churn-renewal", "blank"]


def run(capsys, *args):
    """Runs the command in this process; returns (exit code, stdout, stderr)."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def fails(capsys, *args, words=()):
    """The command fails with exit 1 and one clear line on stderr; returns that line."""
    code, out, err = run(capsys, *args)
    assert code == 1, (out, err)
    assert "Traceback" not in err
    assert err.startswith("journeywall: ") and err.endswith("\n") and err.count("\n") == 1, err
    for word in words:
        assert word in err, err
    return err


def info_json(capsys, board):
    code, out, err = run(capsys, "info", board, "--json")
    assert code == 0, err
    return json.loads(out)


def no_board_files(folder: Path) -> list[str]:
    """Every .cjm and temporary file in folder, hidden ones too."""
    return sorted(n for n in os.listdir(folder) if n.endswith(".cjm") or ".tmp" in n or "journal" in n)


# ---------------------------------------------------------------- templates and new


def test_templates_lists_all_seven(capsys):
    code, out, err = run(capsys, "templates")
    assert code == 0 and err == ""
    names = [line.split()[0] for line in out.splitlines()]
    assert names == TEMPLATE_NAMES
    assert all("stages" in line and "lanes" in line for line in out.splitlines())


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_new_from_each_template(capsys, tmp_path, name):
    board = tmp_path / f"{name}.cjm"
    code, out, err = run(capsys, "new", board, "--template", name)
    assert code == 0, err
    assert "Created" in out
    info = info_json(capsys, board)
    assert info["map_type"] == name
    assert info["stages"] and info["lanes"]
    assert info["notes"]["total"] == 0


def test_new_with_a_non_ascii_title(capsys, tmp_path):
    board = tmp_path / "Kundenreise – Über uns.cjm"
    title = "Путь клиента · 顧客の旅 · رحلة العميل · מסע לקוח · 🚀👩🏽‍💻"
    code, out, err = run(capsys, "new", board, "--template", "service-blueprint", "--title", title)
    assert code == 0, err
    assert "service-blueprint" in out and "6 stages" in out and "7 lanes" in out
    info = info_json(capsys, board)
    assert info["title"] == title
    assert info["stages"] == ["Discover", "Book", "Arrive", "Use", "Leave", "Follow up"]
    code, out, err = run(capsys, "info", board)
    assert code == 0 and title in out


def test_new_refuses_an_existing_file(capsys, tmp_path):
    board = tmp_path / "taken.cjm"
    board.write_text("my thesis, do not overwrite")
    before = folder_state(tmp_path)
    fails(capsys, "new", board, words=["already exists", "taken.cjm"])
    assert folder_state(tmp_path) == before
    make_board(tmp_path / "board.cjm")
    before = folder_state(tmp_path)
    fails(capsys, "new", tmp_path / "board.cjm", "--template", "blank", words=["already exists"])
    assert folder_state(tmp_path) == before


def test_new_in_a_missing_folder(capsys, tmp_path):
    fails(capsys, "new", tmp_path / "nope" / "board.cjm", words=["does not exist"])
    assert os.listdir(tmp_path) == []


def test_new_with_an_unknown_template_is_a_usage_error(capsys, tmp_path):
    with pytest.raises(SystemExit) as exit_:
        main(["new", str(tmp_path / "b.cjm"), "--template", "nope"])
    assert exit_.value.code == 2
    assert "Traceback" not in capsys.readouterr().err
    assert os.listdir(tmp_path) == []


# ---------------------------------------------------------------- import and info of the sample


@pytest.fixture
def sample_board(capsys, tmp_path):
    board = tmp_path / "paige.cjm"
    code, out, err = run(capsys, "import", SAMPLE, board)
    assert code == 0, err
    assert "36 notes" in out
    return board


def test_info_json_describes_the_sample(capsys, sample_board):
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    info = info_json(capsys, sample_board)
    assert info["title"] == sample["title"]
    assert info["goal"] == sample["goal"]
    assert info["map_type"] == "current-state"
    assert info["persona"] == "Paige"
    assert info["stages"] == sample["stages"]
    assert [lane["name"] for lane in info["lanes"]] == [lane["name"] for lane in sample["lanes"]]
    assert [lane["kind"] for lane in info["lanes"]] == [lane["kind"] for lane in sample["lanes"]]
    assert [lane["role"] for lane in info["lanes"]] == [
        "actions", "touchpoints", "thoughts", "emotions", "pain_points", "opportunities", "kpis"]
    # Counted here from the JSON itself, not from the program's own description.
    per_cell = Counter((n["lane"], n["stage"]) for n in sample["notes"] if not n.get("parking"))
    assert info["notes_per_cell"] == {
        lane["name"]: {stage: per_cell[(lane["name"], stage)] for stage in sample["stages"]}
        for lane in sample["lanes"]}
    assert info["notes_per_cell"]["Touchpoints"]["Onboarding"] == 3
    empathy = {section: len(texts) for section, texts in sample["empathy"].items()}
    assert {k: v for k, v in info["empathy"].items() if v} == empathy
    assert info["empathy"]["feels"] == 2 and info["empathy"]["hears"] == 0
    grid = sum(per_cell.values())
    assert info["notes"] == {"total": 36, "grid": grid, "parking_lot": 0,
                             "empathy_map": sum(empathy.values())}
    assert grid + sum(empathy.values()) == 36


def test_info_text_describes_the_sample(capsys, sample_board):
    code, out, err = run(capsys, "info", sample_board)
    assert code == 0 and err == ""
    assert "Paige's journey: marketing automation for a startup" in out
    assert "Persona:   Paige" in out
    assert "Awareness, Research, Trial, Purchase, Onboarding, Expansion, Advocacy" in out
    assert "36 (29 on the grid, 0 in the parking lot, 7 on the empathy map)" in out
    assert "feels 2" in out
    touchpoints = next(line for line in out.splitlines() if line.startswith("Touchpoints"))
    assert touchpoints.split()[1:] == ["1", "2", "2", "2", "3", "1", "1"]


def test_import_refuses_an_existing_board(capsys, sample_board):
    before = folder_state(sample_board.parent)
    fails(capsys, "import", SAMPLE, sample_board, words=["already exists"])
    assert folder_state(sample_board.parent) == before


# ---------------------------------------------------------------- import errors create nothing


def refused_import(capsys, tmp_path, text, *words):
    source = tmp_path / "in.json"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "out.cjm"
    line = fails(capsys, "import", source, target, words=["in.json", *words])
    assert no_board_files(tmp_path) == []  # no board, no half board, no temporary file
    return line


def minimal(**extra):
    data = {"title": "T", "stages": ["Awareness", "Trial"], "lanes": ["Actions", "Pains"], **extra}
    return json.dumps(data)


def test_import_of_a_json_syntax_error_names_line_and_column(capsys, tmp_path):
    text = '{\n  "title": "T",\n  "stages": ["A", "B",],\n  "lanes": []\n}\n'
    line = refused_import(capsys, tmp_path, text, "not valid JSON", "line 3", "column")
    assert "column 23" in line  # the "]" after the trailing comma


def test_import_of_a_wrong_type_names_its_path(capsys, tmp_path):
    notes = [{"stage": "Awareness", "lane": "Actions", "text": "ok"}, {"stage": 7, "lane": "Actions"}]
    refused_import(capsys, tmp_path, minimal(notes=notes), "notes[1].stage", "stage name")
    notes = [{"stage": "Awareness", "lane": "Actions", "text": "ok"}, {"stage": "Trial", "lane": None}]
    refused_import(capsys, tmp_path, minimal(notes=notes), "notes[1].lane")
    refused_import(capsys, tmp_path, json.dumps({"title": 5, "stages": [], "lanes": []}), "title")
    refused_import(capsys, tmp_path, minimal(notes={"a": 1}), "notes", "list")
    refused_import(capsys, tmp_path, json.dumps(["not", "an", "object"]), "object")


def test_import_names_the_refused_note_not_the_first_of_its_cell(capsys, tmp_path):
    notes = [{"stage": "Awareness", "lane": "Actions", "text": "fine"},
             {"stage": "Trial", "lane": "Actions", "text": "fine"},
             {"stage": "Awareness", "lane": "Actions", "text": "fine too"},
             {"stage": "Awareness", "lane": "Actions", "text": 42}]
    line = refused_import(capsys, tmp_path, minimal(notes=notes), "notes[3]", "text")
    assert "notes[0]" not in line
    notes[3] = {"stage": "Awareness", "lane": "Actions", "text": "x", "color": "red"}
    refused_import(capsys, tmp_path, minimal(notes=notes), "notes[3]", "colour")


def test_import_of_an_unknown_stage_or_lane(capsys, tmp_path):
    notes = [{"stage": "Awarenes", "lane": "Actions", "text": "typo"}]
    refused_import(capsys, tmp_path, minimal(notes=notes), "notes[0].stage", "no stage named 'Awarenes'")
    notes = [{"stage": "Trial", "lane": "Feelings", "text": "typo"}]
    refused_import(capsys, tmp_path, minimal(notes=notes), "notes[0].lane", "Feelings")


def test_import_of_other_bad_fields_names_them(capsys, tmp_path):
    refused_import(capsys, tmp_path, minimal(participants="Ana, Bo"), "participants")
    refused_import(capsys, tmp_path, minimal(agenda=["Intro"]), "agenda[0]")
    refused_import(capsys, tmp_path, minimal(agenda=[{"name": "Intro"}]), "agenda[0]", "minutes")
    notes = [{"stage": "Trial", "lane": "Pains", "votes": 5000}]  # a typo must not make rows by the million
    refused_import(capsys, tmp_path, minimal(notes=notes), "notes[0].votes")
    refused_import(capsys, tmp_path, minimal(empathy={"smells": ["x"]}), "empathy.smells")


def test_import_of_a_file_that_is_not_json(capsys, tmp_path):
    refused_import(capsys, tmp_path, "", "not valid JSON")
    source = tmp_path / "in.json"
    source.write_bytes(b"\xff\xfe\x00binary")
    fails(capsys, "import", source, tmp_path / "out.cjm", words=["UTF-8"])
    fails(capsys, "import", tmp_path / "missing.json", tmp_path / "out.cjm", words=["does not exist"])
    assert no_board_files(tmp_path) == []


# ---------------------------------------------------------------- export and round trips


def test_export_import_export_gives_the_same_json(capsys, sample_board, tmp_path):
    first = tmp_path / "first.json"
    code, out, err = run(capsys, "export", sample_board, "--json", first)
    assert code == 0, err
    again = tmp_path / "again.cjm"
    code, out, err = run(capsys, "import", first, again)
    assert code == 0, err
    second = tmp_path / "second.json"
    code, out, err = run(capsys, "export", again, "--json", second)
    assert code == 0, err
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    data = json.loads(first.read_text(encoding="utf-8"))
    assert data["format"] == "journeywall-board" and len(data["notes"]) == 36
    assert sorted(os.listdir(tmp_path)) == sorted(  # no temporary file left by the writes
        ["paige.cjm", "first.json", "again.cjm", "second.json"])
    assert len(data["votes"]) == sum(n.get("votes", 0) for n in json.loads(SAMPLE.read_text())["notes"])


def test_export_never_writes_over_a_board(capsys, sample_board, tmp_path):
    before = folder_state(tmp_path)
    fails(capsys, "export", sample_board, "--json", sample_board, words=["board file"])
    other = make_board(tmp_path / "other.cjm")
    before = folder_state(tmp_path)
    fails(capsys, "export", sample_board, "--json", other, words=["board file"])
    assert folder_state(tmp_path) == before
    assert info_json(capsys, sample_board)["notes"]["total"] == 36


def test_export_needs_a_format(capsys, sample_board):
    fails(capsys, "export", sample_board, words=["--json"])


NON_ASCII = [
    "Café crème, naïve façade, Ångström, Straße, ŒUVRE",
    "Клиент не понимает тарифы — звонит в поддержку",
    "顧客はサポートに電話する；客户打电话给支持部门；고객 지원",
    "🚀🔥 👩🏽‍💻 🇩🇪🇯🇵 ❤️‍🩹 1️⃣",
    "הלקוח מתקשר לתמיכה (RTL) 123",
    "العميل يتصل بالدعم، ثم ينتظر ٣ أيام",
    "e\u0301 combining, zero\u200bwidth, tab\tand\nnew line, \"quotes\" \\ backslash",
    "L" + "ö" * 4998 + "🙂" * 1000 + "ng" * 2000 + "!",  # 10,000 characters
]


def test_non_ascii_survives_import_export_import(capsys, tmp_path):
    assert len(NON_ASCII[-1]) == 10_000
    stages = ["Entdecken", "Покупка", "購入", "🚀 Start"]
    lanes = [{"name": "Действия", "kind": "notes"}, {"name": "מגע", "kind": "notes"}]
    notes = [{"stage": stages[i % 4], "lane": lanes[i % 2]["name"], "text": text,
              "tags": [text.split()[0][:MAX_NAME], "ünï"], "owner": "Zoë"} for i, text in enumerate(NON_ASCII)]
    source = tmp_path / "wörld.json"
    source.write_text(json.dumps({
        "title": "Über 旅 🚀", "stages": stages, "lanes": lanes, "notes": notes,
        "persona": {"name": "Анна", "quote": "«Ça marche»"},
        "empathy": {"says": NON_ASCII[:3]},
    }, ensure_ascii=False), encoding="utf-8")
    first_board = tmp_path / "erste.cjm"
    assert run(capsys, "import", source, first_board)[0] == 0
    exported = tmp_path / "export-1.json"
    assert run(capsys, "export", first_board, "--json", exported)[0] == 0
    second_board = tmp_path / "zweite.cjm"
    assert run(capsys, "import", exported, second_board)[0] == 0
    again = tmp_path / "export-2.json"
    assert run(capsys, "export", second_board, "--json", again)[0] == 0
    assert exported.read_bytes() == again.read_bytes()
    with Document.snapshot(second_board) as doc:
        assert doc.board.title == "Über 旅 🚀"
        assert [s.name for s in doc.stages()] == stages
        assert doc.persona.name == "Анна"
        for i, text in enumerate(NON_ASCII):
            place = Place.cell(doc.stages()[i % 4].id, doc.lanes()[i % 2].id)
            found = [n for n in doc.notes_at(place) if n.text == text]
            assert len(found) == 1, text[:40]
            assert found[0].tags == [text.split()[0][:MAX_NAME], "ünï"] and found[0].owner == "Zoë"
        assert [n.text for n in doc.notes_at(Place.empathy("says"))] == NON_ASCII[:3]
    info = info_json(capsys, second_board)
    assert info["title"] == "Über 旅 🚀" and info["notes"]["total"] == len(NON_ASCII) + 3


# ---------------------------------------------------------------- boards that are not boards, or busy


@pytest.mark.parametrize("content", [b"", b"plain text\n", b"\x89PNG\r\n\x1a\n" + bytes(64)])
def test_info_and_export_refuse_a_file_that_is_not_a_board(capsys, tmp_path, content):
    board = tmp_path / "not-a-board.cjm"
    board.write_bytes(content)
    before = folder_state(tmp_path)
    fails(capsys, "info", board, words=["not-a-board.cjm", "not a Journey Wall board"])
    fails(capsys, "info", board, "--json", words=["not a Journey Wall board"])
    fails(capsys, "export", board, "--json", tmp_path / "out.json", words=["not a Journey Wall board"])
    assert folder_state(tmp_path) == before


def test_info_of_a_missing_or_damaged_board(capsys, tmp_path):
    fails(capsys, "info", tmp_path / "gone.cjm", words=["does not exist"])
    fails(capsys, "info", tmp_path, words=["folder"])
    board = make_board(tmp_path / "broken.cjm", notes=200)
    data = board.read_bytes()
    board.write_bytes(data[: len(data) // 2])
    fails(capsys, "info", board, words=["damaged"])
    assert sorted(os.listdir(tmp_path)) == ["broken.cjm"]


def test_info_reads_a_board_open_in_another_process(capsys, tmp_path):
    board = make_board(tmp_path / "live.cjm")
    with Holder(board) as other:
        other.add_note("said in the workshop")
        info = info_json(capsys, board)
        assert info["notes"]["total"] == 4
        out = tmp_path / "live.json"
        assert run(capsys, "export", board, "--json", out)[0] == 0
        assert "said in the workshop" in out.read_text(encoding="utf-8")
        other.add_note("the window saves on")  # info and export held no lock
    assert info_json(capsys, board)["notes"]["total"] == 5


# ---------------------------------------------------------------- the real command, no display


def test_the_console_command_runs_without_a_display(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT)

    def journeywall(*args):
        return subprocess.run([sys.executable, "-m", "app", *map(str, args)], capture_output=True,
                              text=True, encoding="utf-8", env=env, cwd=tmp_path, timeout=60)

    created = journeywall("new", "Straße.cjm", "--template", "blank", "--title", "Ünïcødé 旅 🚀")
    assert created.returncode == 0, created.stderr
    assert "Created Straße.cjm (blank: 3 stages, 1 lanes)." in created.stdout
    described = journeywall("info", "Straße.cjm", "--json")
    assert described.returncode == 0, described.stderr
    assert json.loads(described.stdout)["title"] == "Ünïcødé 旅 🚀"
    assert described.stderr == ""


def test_install_desktop_registers_the_board_file_type(tmp_path):
    from app.desktop import install_desktop_entry
    written = install_desktop_entry(tmp_path)
    entry = (tmp_path / "applications" / "journeywall.desktop").read_text()
    assert "MimeType=application/x-journeywall-board;" in entry and "-m app %f" in entry
    assert '<glob pattern="*.cjm"/>' in (tmp_path / "mime" / "packages" / "journeywall.xml").read_text()
    assert len(written) == 2
