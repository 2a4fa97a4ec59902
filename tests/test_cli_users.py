"""`qa-tui users` and who is working once a database has people, as a script sees them:
the real CLI on a real database file, data on stdout, one line on stderr, exit 0 / 1 / 2.

A passphrase hash costs ~80 ms: each test adds two or three people, no more.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from qa_tui.cli.main import cli
from qa_tui.desks.people import NOT_ACCEPTED, sign_in
from qa_tui.domain.errors import SignInRefused
from qa_tui.domain.permissions import permission_table
from qa_tui.store.database import Store

BOSS_PASS = "correct horse battery"
ALICE_PASS = "alice walks the dog"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may read the real user's data, name or token."""
    for name in ("QA_TUI_DB", "QA_TUI_USER", "QA_TUI_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


def run(db: Path, *args: str, token: str | None = None, stdin: str | None = None) -> Result:
    return CliRunner().invoke(
        cli, ["--db", str(db), *args], input=stdin, env={"QA_TUI_TOKEN": token}
    )


def ok(db: Path, *args: str, token: str | None = None, stdin: str | None = None) -> Result:
    result = run(db, *args, token=token, stdin=stdin)
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


def refused(result: Result) -> str:
    """Exit 1, nothing on stdout, one line on stderr and no traceback: that line."""
    assert result.exit_code == 1, (result.stdout, result.stderr, result.exception)
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "Traceback" not in result.stderr
    return lines[0]


def token_for(db: Path, user: str, passphrase: str) -> str:
    """A token got the way a person gets their first: name and passphrase."""
    result = ok(db, "--user", user, "users", "token", "--passphrase-stdin", stdin=passphrase)
    return result.stdout.strip()


@pytest.fixture
def people_db(tmp_path: Path) -> tuple[Path, str]:
    """A database whose administrator 'boss' has added the auditor 'alice'; boss's token."""
    db = tmp_path / "qa.sqlite3"
    ok(
        db,
        "users",
        "add",
        "boss",
        "--name",
        "The Boss",
        "--role",
        "admin",
        "--passphrase-stdin",
        stdin=BOSS_PASS + "\n",
    )
    boss = token_for(db, "boss", BOSS_PASS)
    ok(
        db,
        "users",
        "add",
        "alice",
        "--name",
        "Alice Auditor",
        "--role",
        "auditor",
        "--team",
        "MASH",
        "--passphrase-stdin",
        token=boss,
        stdin=ALICE_PASS + "\n",
    )
    return db, boss


def listed(db: Path, token: str) -> dict[str, dict]:
    people = json.loads(ok(db, "users", "list", "--format", "json", token=token).stdout)
    return {p["user_name"]: p for p in people["users"]}


def test_the_first_person_must_be_an_administrator_with_a_passphrase(tmp_path: Path) -> None:
    db = tmp_path / "qa.sqlite3"
    line = refused(
        run(
            db,
            "users",
            "add",
            "alice",
            "--role",
            "auditor",
            "--passphrase-stdin",
            stdin=ALICE_PASS + "\n",
        )
    )
    assert "first person added must be an administrator" in line
    # Still single-user: --user is whoever it says, and nobody is listed.
    listed = ok(db, "--user", "anyone", "users", "list", "--format", "json").stdout
    assert json.loads(listed) == {"schema_version": 1, "users": []}
    added = ok(
        db, "users", "add", "boss", "--role", "admin", "--passphrase-stdin", stdin=BOSS_PASS + "\n"
    )
    assert "boss" in added.stderr and "administrator" in added.stderr
    # Now the database has people: no token, no work.
    line = refused(run(db, "--user", "boss", "users", "list"))
    assert "qa-tui users token" in line and "QA_TUI_TOKEN" in line


def test_an_administrator_adds_lists_and_changes_people(people_db: tuple[Path, str]) -> None:
    db, boss = people_db
    ok(
        db,
        "users",
        "add",
        "pc.ash",
        "--name",
        "DS Ash",
        "--role",
        "partner",
        "--agency",
        "Police",
        "--passphrase-stdin",
        token=boss,
        stdin="police passphrase\n",
    )
    people = listed(db, boss)
    assert set(people) == {"boss", "alice", "pc.ash"}
    assert people["alice"]["roles"] == ["auditor"] and people["alice"]["teams"] == ["MASH"]
    assert people["pc.ash"]["agency"] == "Police" and people["pc.ash"]["roles"] == ["partner"]
    raw = ok(db, "users", "list", "--format", "json", token=boss).stdout
    assert "scrypt" not in raw and "hash" not in raw.replace("has_passphrase", "")

    ok(
        db,
        "users",
        "set",
        "alice",
        "--role",
        "auditor",
        "--role",
        "QA lead",
        "--team",
        "Assessment North",
        "--manages",
        "MASH",
        token=boss,
    )
    alice = listed(db, boss)["alice"]
    assert alice["roles"] == ["auditor", "qa_lead"]
    assert alice["teams"] == ["Assessment North"] and alice["manages"] == ["MASH"]
    ok(db, "users", "set", "alice", "--no-teams", "--name", "Alice Lead", token=boss)
    alice = listed(db, boss)["alice"]
    assert alice["teams"] == [] and alice["display_name"] == "Alice Lead"
    text = ok(db, "users", "list", token=boss).stdout
    assert "Alice Lead" in text and "QA lead" in text and "agency: Police" in text


def test_a_bad_role_is_bad_usage_naming_the_flag(people_db: tuple[Path, str]) -> None:
    db, boss = people_db
    result = run(db, "users", "set", "alice", "--role", "wizard", token=boss)
    assert result.exit_code == 2
    assert "--role" in result.stderr and "'wizard' is not a role" in result.stderr


def test_disabling_stops_their_token_and_their_sign_in(people_db: tuple[Path, str]) -> None:
    db, boss = people_db
    alice = token_for(db, "alice", ALICE_PASS)
    mine = json.loads(ok(db, "users", "tokens", "--format", "json", token=alice).stdout)["tokens"]
    assert [t["user_name"] for t in mine] == ["alice"]

    ok(db, "users", "disable", "alice", token=boss)
    assert "not a live token" in refused(run(db, "users", "tokens", token=alice))
    store = Store.open(db, create=False)
    try:
        with pytest.raises(SignInRefused, match=NOT_ACCEPTED):
            sign_in(store, "alice", ALICE_PASS, wait=False)
    finally:
        store.close()
    assert listed(db, boss)["alice"]["disabled"] is True

    ok(db, "users", "enable", "alice", token=boss)
    ok(db, "users", "tokens", token=alice)


def test_a_token_decides_who_is_working(people_db: tuple[Path, str]) -> None:
    db, boss = people_db
    alice = token_for(db, "alice", ALICE_PASS)
    line = refused(run(db, "--user", "boss", "users", "tokens", token=alice))
    assert "--user does not choose who you are on a database with people" in line
    # The events say who did it: the token's person, not a name anyone typed.
    ok(db, "--user", "boss", "users", "set", "alice", "--name", "Alice A", token=boss)
    store = Store.open(db, create=False)
    try:
        assert store.events("person", "alice")[-1].who == "boss"
    finally:
        store.close()


def test_an_auditor_may_not_add_people(people_db: tuple[Path, str]) -> None:
    db, _boss = people_db
    alice = token_for(db, "alice", ALICE_PASS)
    # Refused before any passphrase is asked for: stdin is empty.
    line = refused(run(db, "users", "add", "bob", "--role", "auditor", token=alice))
    assert line.startswith("Error: alice (auditor) may not add, change or disable people")
    assert "an administrator" in line
    assert "bob" not in json.dumps(list(listed(db, _boss)))


def test_a_wrong_passphrase_never_says_whether_the_name_exists(
    people_db: tuple[Path, str],
) -> None:
    db, _boss = people_db
    wrong_pass = refused(
        run(db, "--user", "alice", "users", "token", "--passphrase-stdin", stdin="not her pass\n")
    )
    no_such = refused(
        run(db, "--user", "zed", "users", "token", "--passphrase-stdin", stdin="not her pass\n")
    )
    assert wrong_pass == no_such and "not accepted" in wrong_pass


def test_a_revoked_token_stops_working(people_db: tuple[Path, str]) -> None:
    db, boss = people_db
    alice = token_for(db, "alice", ALICE_PASS)
    everyone = json.loads(
        ok(db, "users", "tokens", "--all", "--format", "json", token=boss).stdout
    )["tokens"]
    alices = [t["id"] for t in everyone if t["user_name"] == "alice"]
    ok(db, "users", "revoke", str(alices[0]), token=boss)
    assert "not a live token" in refused(run(db, "users", "tokens", token=alice))
    ok(db, "users", "tokens", token=boss)  # boss's own still works


def test_people_change_their_own_passphrase_and_an_administrator_resets_one(
    people_db: tuple[Path, str],
) -> None:
    db, boss = people_db
    new = "alice has a new one"
    ok(
        db,
        "--user",
        "alice",
        "users",
        "passphrase",
        "--passphrase-stdin",
        stdin=f"{ALICE_PASS}\n{new}\n",
    )
    refused(run(db, "--user", "alice", "users", "token", "--passphrase-stdin", stdin=ALICE_PASS))
    token_for(db, "alice", new)
    # The hidden prompt, asked twice.
    ok(db, "users", "reset-passphrase", "alice", token=boss, stdin="reset by boss 1\n" * 2)
    token_for(db, "alice", "reset by boss 1")


def test_users_roles_prints_the_permission_table(tmp_path: Path) -> None:
    text = ok(tmp_path / "none.sqlite3", "users", "roles").stdout
    rows = permission_table()
    assert len(text.splitlines()) == len(rows)
    for what, who in rows:
        assert any(line.startswith(what) and line.endswith(who) for line in text.splitlines())
    data = json.loads(ok(tmp_path / "none.sqlite3", "users", "roles", "--format", "json").stdout)
    assert [(r["operation"], r["who"]) for r in data["operations"]] == rows


def test_auditors_set_is_users_set_team_once_there_are_people(
    people_db: tuple[Path, str], tmp_path: Path
) -> None:
    db, boss = people_db
    done = ok(db, "auditors", "set", "alice", "--team", "Leaving Care", token=boss)
    assert "users set" in done.stderr
    assert listed(db, boss)["alice"]["teams"] == ["Leaving Care"]
    assert "no such person" in refused(run(db, "auditors", "set", "zed", token=boss))
    # A single-user database keeps it as it was.
    single = tmp_path / "single.sqlite3"
    Store.open(single).close()
    ok(single, "--user", "lena", "auditors", "set", "Ann", "--team", "MASH")
    assert json.loads(ok(single, "auditors", "list", "--format", "json").stdout)["auditors"] == [
        {"name": "Ann", "teams": ["MASH"]}
    ]
