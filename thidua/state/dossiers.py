"""The award dossiers of a province's clusters: what each cluster's office sent, and what the board did
with it. Both are written through the cluster's own store (the board judges through
`store.for_cluster(code)`), one at a time per cluster and year; only the board's list of every cluster's
latest event and its download of one event read across clusters, and only from the province's store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from thidua.state.base import StoreBase, now
from thidua.state.schema import dossiers

SENT, RETURNED, ACCEPTED = "sent", "returned", "accepted"


@dataclass(frozen=True)
class Judgement:
    """What became of a judgement: `done` when it was recorded; `latest`, the cluster's latest event when
    the board acted (None when nothing was ever sent), which differs from what the board opened when a
    newer dossier arrived in between."""

    done: bool
    latest: Any


class Dossiers(StoreBase):
    def send_dossier(self, year: int, actor: str, original: str, stored: str, sha256: str) -> int | None:
        """This store's cluster sends (again) its dossier of `year`; None, and nothing recorded, when the
        board has accepted that year's dossier already."""
        values = {"year": year, "action": SENT, "at": now().isoformat(timespec="seconds"), "actor": actor}
        values |= {"original": original[:200], "stored": stored, "sha256": sha256}
        with self.write() as db:
            self.one_at_a_time(db, f"dossier|{year}")
            latest = self._latest(db, year)
            if latest is not None and latest["action"] == ACCEPTED:
                return None
            return int(db.execute(self.mine_insert(dossiers, **values).returning(dossiers.c.id)).scalar_one())

    def judge_dossier(self, year: int, action: str, actor: str, reason: str, event_id: int, sha256: str) -> Judgement:
        """The board returns (with a reason) or accepts exactly the dossier it opened: the sending
        `event_id` with content `sha256`. Recorded only while that sending is still the cluster's latest
        event; otherwise nothing is written and the latest event is returned for the board to see."""
        assert action in (RETURNED, ACCEPTED)
        with self.write() as db:
            self.one_at_a_time(db, f"dossier|{year}")
            latest = self._latest(db, year)
            opened = latest is not None and latest["action"] == SENT
            if not opened or latest["id"] != event_id or latest["sha256"] != sha256:
                return Judgement(False, latest)
            values = {"year": year, "action": action, "actor": actor, "reason": reason}
            values |= {"at": now().isoformat(timespec="seconds"), "stored": latest["stored"]}
            values |= {"original": latest["original"], "sha256": latest["sha256"]}
            db.execute(self.mine_insert(dossiers, **values))
        return Judgement(True, latest)

    def _latest(self, db: Connection, year: int) -> Any:
        return db.execute(self._history(year).limit(1)).mappings().first()

    def _history(self, year: int) -> Any:
        return self.mine_select(dossiers).where(dossiers.c.year == year).order_by(dossiers.c.id.desc())

    def own_dossier_history(self, year: int) -> list[Any]:
        """This store's cluster's own dossier events of `year`, newest first."""
        with self.read() as db:
            return list(db.execute(self._history(year)).mappings().all())

    # --- the province's board: across clusters ----------------------------------------------------------
    def dossier_states(self, year: int) -> dict[str, Any]:
        """cluster → the latest event of its dossier of `year` (clusters that sent nothing are absent). The
        board's list: read from the province's store only."""
        self._province_only()
        newest = (
            select(dossiers.c.cluster, func.max(dossiers.c.id).label("id"))
            .where(dossiers.c.year == year)
            .group_by(dossiers.c.cluster)
            .subquery()
        )
        query = select(dossiers).join(newest, dossiers.c.id == newest.c.id)
        with self.read() as db:
            return {row["cluster"]: row for row in db.execute(query).mappings().all()}

    def dossier_event(self, event_id: int) -> Any:
        """One event of any cluster, for the board's download (which names the cluster it belongs to)."""
        self._province_only()
        with self.read() as db:
            return db.execute(select(dossiers).where(dossiers.c.id == event_id)).mappings().first()

    def _province_only(self) -> None:
        if self.cluster:
            raise PermissionError(f"a cluster's store ({self.cluster}) never reads another cluster's dossiers")
