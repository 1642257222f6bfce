"""What happened: uploads with their findings, the append-only ledger (what people did), the count of
anonymous refusals (noise kept out of it), and e-mail sent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select

from thidua.state.base import StoreBase, now
from thidua.state.schema import ledger, messages, refusals, uploads

MAX_ID = 2**63 - 1  # SQLite's and PostgreSQL's largest integer key: an id beyond it names nothing


@dataclass(frozen=True)
class LedgerFilter:
    unit: str = ""
    action: str = ""
    period: str = ""
    limit: int | None = 500


class Records(StoreBase):
    # --- ledger ---------------------------------------------------------------------------------------
    def log(self, actor: str, action: str, detail: str, sha256: str = "", unit: str = "", period: str = "") -> None:
        with self.write() as db:
            db.execute(self.mine_insert(ledger, **self._entry(actor, action, detail, sha256, unit, period)))

    def _entry(self, actor: str, action: str, detail: str, sha256: str, unit: str, period: str) -> dict[str, Any]:
        values = {"at": now().isoformat(timespec="seconds"), "actor": actor, "action": action, "detail": detail}
        return values | {"sha256": sha256, "unit": unit, "period": period}

    def ledger(self, where: LedgerFilter = LedgerFilter(limit=None)) -> list[Any]:
        """The cluster's ledger, newest first, filtered by unit (its own actions and those about it),
        action and period."""
        query = self.mine_select(ledger)
        if where.unit:
            query = query.where(or_(ledger.c.unit == where.unit, ledger.c.actor == where.unit))
        if where.action:
            query = query.where(ledger.c.action == where.action)
        if where.period:
            query = query.where(or_(ledger.c.period == where.period, ledger.c.detail.contains(f" {where.period}")))
        query = query.order_by(ledger.c.id.desc()).limit(where.limit)
        with self.read() as db:
            return list(db.execute(query).mappings().all())

    def refuse(self, action: str, client: str) -> None:
        """An anonymous refusal (a wrong password, an unknown link): counted per hour and address."""
        values = {"hour": now().strftime("%Y-%m-%dT%H"), "action": action, "client": client[:80], "count": 1}
        with self.write() as db:
            db.execute(self.upsert(refusals, values, ["hour", "action", "client"], {"count": refusals.c.count + 1}))

    def refusals_since(self, hour: str) -> list[Any]:
        """Per action: how many refusals since `hour` ("2023-07-25T00") and from how many addresses."""
        query = (
            select(refusals.c.action, func.sum(refusals.c.count).label("count"))
            .add_columns(func.count(func.distinct(refusals.c.client)).label("clients"))
            .where(refusals.c.hour >= hour)
            .group_by(refusals.c.action)
        )
        with self.read() as db:
            return list(db.execute(query).mappings().all())

    # --- uploads --------------------------------------------------------------------------------------
    def add_upload(self, row: dict[str, Any], detail: Callable[[int], str]) -> int:
        """The upload and its ledger entry (`detail` of the upload's id) in one transaction: a process killed
        in between leaves neither, never an upload the ledger does not show."""
        with self.write() as db:
            result = db.execute(self.mine_insert(uploads, **row).returning(uploads.c.id))
            upload_id = int(result.scalar_one())
            entry = self._entry(row["actor"], "upload", detail(upload_id), row["sha256"], row["unit"], row["period"])
            db.execute(self.mine_insert(ledger, **entry))
            return upload_id

    def adopt_uploads(self, rows: list[dict[str, Any]], detail: Callable[[int, dict[str, Any]], str]) -> int:
        """Uploads whose file is in inputs/ but whose row was never written (the process stopped between the
        two), each with its ledger line; a row whose file an upload already names is skipped, so processes
        starting together adopt each file once. Returns how many were adopted."""
        adopted = 0
        with self.write() as db:
            self.one_at_a_time(db, "adopt")
            known = set(db.execute(self.mine_select(uploads, uploads.c.stored)).scalars())
            for row in rows:
                if row["stored"] in known:
                    continue
                upload_id = int(db.execute(self.mine_insert(uploads, **row).returning(uploads.c.id)).scalar_one())
                entry = self._entry(
                    row["actor"], "upload", detail(upload_id, row), row["sha256"], row["unit"], row["period"]
                )
                db.execute(self.mine_insert(ledger, **entry))
                adopted += 1
        return adopted

    def stored_names(self) -> set[str]:
        """Every file in inputs/ an upload of this cluster names."""
        with self.read() as db:
            return set(db.execute(self.mine_select(uploads, uploads.c.stored)).scalars())

    def upload(self, upload_id: int) -> Any:
        if not 0 < upload_id <= MAX_ID:
            return None
        query = self.mine_select(uploads).where(uploads.c.id == upload_id)
        with self.read() as db:
            return db.execute(query).mappings().first()

    def uploads(self, unit: str | None = None) -> list[Any]:
        query = self.mine_select(uploads)
        if unit is not None:
            query = query.where(uploads.c.unit == unit)
        with self.read() as db:
            return list(db.execute(query.order_by(uploads.c.id.desc())).mappings().all())

    # --- e-mail ---------------------------------------------------------------------------------------
    def claim_message(self, unit: str, period: str, kind: str, address: str) -> bool:
        """Record a message as sent before sending it; False when it was sent already (never twice)."""
        values = {"unit": unit, "period": period, "kind": kind}
        values |= {"address": address, "at": now().isoformat(timespec="seconds")}
        with self.write() as db:
            statement = self.insert_new(messages, values, ["cluster", "unit", "period", "kind"])
            return db.execute(statement.returning(messages.c.id)).first() is not None

    def release_message(self, unit: str, period: str, kind: str) -> None:
        """A message that could not be sent after all: it may be sent again."""
        with self.write() as db:
            mine = self.mine_delete(messages)
            db.execute(mine.where(messages.c.unit == unit, messages.c.period == period, messages.c.kind == kind))

    def sent_messages(self) -> list[Any]:
        with self.read() as db:
            query = self.mine_select(messages).order_by(messages.c.id.desc())
            return list(db.execute(query).mappings().all())
