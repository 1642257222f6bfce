"""The portal's cache of checked files is data: every outcome of the example (returns, registrations,
self-scores, the voted scoring workbook, broken files) comes back equal from its JSON, and bytes that are
not such JSON (a pickle planted in the database, a foreign type, another format) are refused, so the
file is checked again instead of anything running."""

from __future__ import annotations

import copy
import os
import pickle

import pytest
from conftest import ROOT, TODAY

from thidua.intake import stored
from thidua.intake.read import discover
from thidua.intake.returns import check_files


@pytest.fixture(scope="module")
def outcomes(cfg):
    files = discover(ROOT / "inputs") + discover(ROOT / "tests" / "data" / "bad")[:40]
    return check_files(files, ROOT, cfg, TODAY)


def test_every_outcome_comes_back_equal(outcomes) -> None:
    kinds = {type(o.submission).__name__ for o in outcomes}
    assert {"Submission", "YearDoc", "NoneType"} <= kinds  # returns, year workbooks, unreadable files
    for outcome in outcomes:
        assert stored.loads(stored.dumps(outcome)) == outcome


def test_keys_that_look_like_tags_come_back_as_written(outcomes) -> None:
    """A workbook's own keys (its thidua_meta sheet is the unit's to type in) may begin with "$": stored as
    pairs, they come back as the same text, never read as a date or refused."""
    outcome = copy.deepcopy(next(o for o in outcomes if o.submission is not None))
    outcome.submission.book.meta = {"$date": "2023-07-01", "$record": "x", "$pairs": "y"}
    assert stored.loads(stored.dumps(outcome)) == outcome
    outcome.submission.book.meta = {"$date": "2023-07-01"}
    assert stored.loads(stored.dumps(outcome)) == outcome


class Boom:
    """What a planted pickle would do on load: here, leave a marker file."""

    def __init__(self, marker: str = "/dev/null") -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


@pytest.mark.parametrize(
    "data",
    [
        pickle.dumps(Boom()),
        f'{{"format": {stored.FORMAT}, "outcome": {{"$record": "Popen", "args": ["sh"]}}}}'.encode(),
        f'{{"format": {stored.FORMAT}, "outcome": {{"$record": "Outcome", "findings": [], "exec": "x"}}}}'.encode(),
        f'{{"format": {stored.FORMAT}, "outcome": {{"$eval": "1+1"}}}}'.encode(),
        f'{{"format": {stored.FORMAT - 1}, "outcome": {{"$record": "Outcome"}}}}'.encode(),
        f'{{"format": {stored.FORMAT}, "outcome": [1, 2]}}'.encode(),
        b"\xff\xfe",
    ],
    ids=["pickle", "foreign-record", "foreign-field", "foreign-tag", "old-format", "not-an-outcome", "garbage"],
)
def test_anything_else_is_refused(data) -> None:
    with pytest.raises(ValueError):
        stored.loads(data)


def test_a_planted_cache_entry_is_checked_again_not_run(tmp_path) -> None:
    """Someone who can write the portal's state folder replaces every remembered outcome with a pickle, a
    record of a foreign type and garbage: each file is checked again, nothing is run, the grid is the same."""
    from test_portal import as_chair, make_app

    app, _ = make_app(tmp_path)
    chair = as_chair(app)
    before = chair.get("/chu-tri/").get_data(as_text=True)  # fills the cache
    marker = tmp_path / "pwned"
    packs = list((tmp_path / "state" / "cache").rglob("pack-*.jsonl"))
    assert packs
    foreign = f'{{"format": {stored.FORMAT}, "outcome": {{"$record": "Popen"}}}}'
    planted = [pickle.dumps(Boom(str(marker))).hex(), foreign, "{{{"]
    for pack in packs:
        lines = pack.read_text(encoding="utf-8").splitlines()
        pack.write_text(
            "".join(f"{line.split(' ', 1)[0]} {planted[n % 3]}\n" for n, line in enumerate(lines)), encoding="utf-8"
        )
    app, _ = make_app(tmp_path)  # a restart: nothing in memory, the planted entries on disk
    page = as_chair(app).get("/chu-tri/")
    assert page.status_code == 200 and not marker.exists()
    assert page.get_data(as_text=True).count("đúng hạn") == before.count("đúng hạn")
