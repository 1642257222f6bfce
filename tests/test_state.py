"""The portal's database on both back ends: a state written by the previous release upgrades in place, the
migrations reach the same head on SQLite and PostgreSQL, and what must be atomic stays atomic when many
requests arrive at once (login attempts counted before any password is checked, a message claimed once)."""

from __future__ import annotations

import shutil
import threading
from datetime import timedelta

import pytest
from conftest import ROOT
from sqlalchemy.exc import DBAPIError

from thidua.state.access import OFFICE_USERNAME, PER_CLIENT
from thidua.state.database import HEAD, head, revision
from thidua.state.store import Store, open_store

OLD_STATE = ROOT / "tests" / "data" / "state" / "portal-0.1.sqlite3"  # written by thidua 0.1's own store
OLD_LINK = "lien-ket-cua-hoi-nong-dan-trong-ban-cu-0123456789"
OLD_PASSWORD = "mat-khau-van-phong-2023"


@pytest.fixture()
def store(database, tmp_path) -> Store:  # type: ignore[no-untyped-def]
    return open_store(database or tmp_path / "portal.sqlite3")


def test_a_portal_of_the_previous_release_upgrades_in_place(tmp_path) -> None:
    import sqlite3

    copy = tmp_path / "portal.sqlite3"
    shutil.copy(OLD_STATE, copy)
    # Its office session was saved for 12 hours from the day the file was written: moved to a date that
    # has not passed, so the test asks whether the upgrade signs anyone out, not what day it is today.
    with sqlite3.connect(copy) as old:
        old.execute("UPDATE sessions SET expires = '2099-12-31T23:59:59+07:00'")
    store = open_store(copy)
    assert revision(store.engine) == head()
    assert store.unit_for_token(OLD_LINK) == "HND"  # units keep their links
    assert store.check_password(OFFICE_USERNAME, OLD_PASSWORD)  # and the office its password
    upload = store.uploads("HND")[0]
    assert (upload["original"], upload["accepted"], upload["declared"], upload["duplicate_of"]) == (
        "BC tháng 6.xlsx",
        1,
        "",
        None,
    )
    assert [r["action"] for r in store.ledger()] == ["login_failed", "upload", "link", "password"]
    with pytest.raises(DBAPIError, match="append-only"), store.write() as db:
        db.exec_driver_sql("DELETE FROM ledger")  # still append-only after the migration
    assert store.load_session("phien-cu") is not None  # nobody is signed out by an upgrade
    with store.read() as db:  # the old cache (pickles once) is gone: outcomes are remembered as files now
        assert "outcomes" not in {name for (name,) in db.exec_driver_sql("SELECT name FROM sqlite_master")}
    again = open_store(copy)  # a second start runs nothing
    assert revision(again.engine) == head()


def test_every_back_end_reaches_the_same_head(store) -> None:
    assert revision(store.engine) == head() != ""


def test_login_attempts_are_counted_before_checking_under_concurrency(store) -> None:
    """Twenty wrong passwords at once from one address: at most PER_CLIENT are ever checked."""
    results: list[bool] = []
    barrier = threading.Barrier(20)

    def attempt() -> None:
        barrier.wait()
        results.append(store.count_attempt({"client|203.0.113.9": PER_CLIENT}))

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(t.is_alive() for t in threads)
    assert sorted(results) == [False] * 15 + [True] * 5


def test_a_message_is_claimed_once_however_many_try(store) -> None:
    results: list[bool] = []
    barrier = threading.Barrier(10)

    def claim() -> None:
        barrier.wait()
        results.append(store.claim_message("HND", "2023-06", "nhac-nop", "vanthu@hnd.example"))

    threads = [threading.Thread(target=claim) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(results) == [False] * 9 + [True]
    store.release_message("HND", "2023-06", "nhac-nop")  # it could not be sent after all
    assert store.claim_message("HND", "2023-06", "nhac-nop", "vanthu@hnd.example")


def test_a_new_password_ends_every_session_and_trusted_browser(store) -> None:
    store.set_password(OFFICE_USERNAME, "mat-khau-cu-0123")
    account = store.account(OFFICE_USERNAME)
    store.save_session("phien", "chair", {"actor": "chair"}, timedelta(hours=1), account["id"])
    browser = store.trust_device(account)
    assert store.load_session("phien") is not None and store.device_account(browser) == account["id"]
    store.set_password(OFFICE_USERNAME, "mat-khau-moi-0123")
    assert store.load_session("phien") is None and store.device_account(browser) is None
    assert not store.check_password(OFFICE_USERNAME, "mat-khau-cu-0123")


def test_the_ledger_is_append_only_on_both_back_ends(store) -> None:
    store.log("chair", "login", "x")
    statements = ["UPDATE ledger SET detail = 'y'", "DELETE FROM ledger"]
    if store.engine.dialect.name == "postgresql":
        statements.append("TRUNCATE ledger")
    for statement in statements:
        with pytest.raises(DBAPIError, match="append-only"), store.write() as db:
            db.exec_driver_sql(statement)
    assert [r["detail"] for r in store.ledger()] == ["x"]


def test_an_id_beyond_any_key_names_nothing(store) -> None:
    assert store.upload(2**63) is None and store.upload(0) is None and store.upload(-1) is None


def test_an_upload_and_its_ledger_entry_are_written_together_or_not_at_all(store) -> None:
    """A process that dies between the two (here: the ledger's line cannot be made) leaves no upload the
    ledger does not show; the PostgreSQL load test kills a real process mid-upload for the same reason."""
    row = {"unit": "HND", "period": "2023-06", "received": "2023-07-14T09:00:00+07:00", "actor": "HND"}
    row |= {"original": "BC.xlsx", "stored": "", "sha256": "0" * 64, "saved": "", "accepted": 0}
    row |= {"findings": "{}", "declared": "", "duplicate_of": None}

    def dies(upload_id: int) -> str:
        raise RuntimeError("the process is killed here")

    with pytest.raises(RuntimeError):
        store.add_upload(row, dies)
    assert store.uploads() == [] and [r for r in store.ledger() if r["action"] == "upload"] == []
    upload_id = store.add_upload(row, lambda n: f"#{n} HND 2023-06 BC.xlsx → không lưu")
    assert [r["detail"] for r in store.ledger()] == [f"#{upload_id} HND 2023-06 BC.xlsx → không lưu"]
    assert [r["id"] for r in store.uploads()] == [upload_id]


def test_the_newest_migration_is_the_one_a_start_takes_for_up_to_date() -> None:
    """database.HEAD lets a portal open an up-to-date database without Alembic: it must be Alembic's head."""
    assert head() == HEAD
