"""The portal's cache of checked files is data: every outcome of the example (returns, registrations,
self-scores, the voted scoring workbook, broken files) comes back equal from its JSON, and bytes that are
not such JSON (a pickle planted in the database, a foreign type, another format) are refused, so the
file is checked again instead of anything running."""

from __future__ import annotations

import os
import pickle

import pytest
from conftest import ROOT, TODAY
from sqlalchemy import text

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
        b'{"format": 1, "outcome": {"$record": "Popen", "args": ["sh"]}}',
        b'{"format": 1, "outcome": {"$record": "Outcome", "findings": [], "exec": "x"}}',
        b'{"format": 1, "outcome": {"$eval": "1+1"}}',
        b'{"format": 0, "outcome": {"$record": "Outcome"}}',
        b'{"format": 1, "outcome": [1, 2]}',
        b"\xff\xfe",
    ],
    ids=["pickle", "foreign-record", "foreign-field", "foreign-tag", "old-format", "not-an-outcome", "garbage"],
)
def test_anything_else_is_refused(data) -> None:
    with pytest.raises(ValueError):
        stored.loads(data)


def test_a_planted_cache_row_is_checked_again_not_run(tmp_path) -> None:
    from test_portal import as_chair, make_app

    app, _ = make_app(tmp_path)
    chair = as_chair(app)
    assert chair.get("/chu-tri/").status_code == 200  # fills the cache
    marker = tmp_path / "pwned"
    with app.extensions["thidua"].store.write() as db:  # what someone who can write the database could do
        planted = db.execute(text("UPDATE outcomes SET outcome = :o"), {"o": pickle.dumps(Boom(str(marker)))}).rowcount
    assert planted > 0
    app, _ = make_app(tmp_path)  # a restart: nothing in memory, the planted rows in the database
    page = as_chair(app).get("/chu-tri/")
    assert page.status_code == 200 and not marker.exists()
