"""The award dossiers of a province's clusters: what each cluster's office sent, and what the board did
with it. A cluster's store records its own sending; the board's store (cluster "") reads every cluster's
and records its judgement, always naming the cluster."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from thidua.state.base import StoreBase, now
from thidua.state.schema import dossiers

SENT, RETURNED, ACCEPTED = "sent", "returned", "accepted"


class Dossiers(StoreBase):
    def send_dossier(self, year: int, actor: str, original: str, stored: str, sha256: str) -> int:
        """This store's cluster sends (again) its dossier of `year`."""
        values = {"cluster": self.cluster, "year": year, "action": SENT, "at": now().isoformat(timespec="seconds")}
        values |= {"actor": actor, "original": original[:200], "stored": stored, "sha256": sha256}
        with self.write() as db:
            return int(db.execute(dossiers.insert().values(**values).returning(dossiers.c.id)).scalar_one())

    def judge_dossier(self, cluster: str, year: int, action: str, actor: str, reason: str) -> bool:
        """The board returns (with a reason) or accepts the dossier a cluster sent last; False when the
        cluster's latest event is not a sending (nothing waits for a judgement)."""
        assert action in (RETURNED, ACCEPTED)
        with self.write() as db:
            latest = db.execute(self._history(cluster, year).limit(1)).mappings().first()
            if latest is None or latest["action"] != SENT:
                return False
            values = {"cluster": cluster, "year": year, "action": action, "actor": actor, "reason": reason}
            values |= {"at": now().isoformat(timespec="seconds"), "stored": latest["stored"]}
            values |= {"original": latest["original"], "sha256": latest["sha256"]}
            db.execute(dossiers.insert().values(**values))
        return True

    @staticmethod
    def _history(cluster: str, year: int) -> Any:
        query = select(dossiers).where(dossiers.c.cluster == cluster, dossiers.c.year == year)
        return query.order_by(dossiers.c.id.desc())

    def dossier_history(self, cluster: str, year: int) -> list[Any]:
        """Every event of one cluster's dossier of `year`, newest first."""
        with self.read() as db:
            return list(db.execute(self._history(cluster, year)).mappings().all())

    def own_dossier_history(self, year: int) -> list[Any]:
        """This store's cluster's own dossier events: what a cluster's office may see."""
        return self.dossier_history(self.cluster, year)

    def dossier_states(self, year: int) -> dict[str, Any]:
        """cluster → the latest event of its dossier of `year` (clusters that sent nothing are absent)."""
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
        with self.read() as db:
            return db.execute(select(dossiers).where(dossiers.c.id == event_id)).mappings().first()
