"""Who may act: accounts and their passwords (scrypt), units' private links, server-side sessions, trusted
browsers, and login throttling counted atomically before any password is checked."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import case, delete, select
from werkzeug.security import check_password_hash, generate_password_hash

from thidua.state.base import StoreBase, digest, now
from thidua.state.schema import accounts, counters, devices, links, sessions

CHAIR = "chair"  # the actor of a cluster office's sessions
OFFICE = "office"
BOARD, COUNCIL = "board", "council"  # a province's board (Sở Nội vụ) and its council's members
OFFICE_USERNAME = "van-phong"  # a single cluster's office account
LOGIN_WINDOW = timedelta(minutes=15)
PER_CLIENT = 5  # failed logins per address, or per trusted browser, in the window
PER_ACCOUNT = 20  # failed logins on one account from browsers it has never signed in from, all addresses


def actor_of(account: Any) -> str:
    return CHAIR if account["role"] == OFFICE else f"{account['role']}:{account['username']}"


class Access(StoreBase):
    # --- accounts ----------------------------------------------------------------------------------
    def set_password(self, username: str, password: str, role: str = OFFICE) -> None:
        """Create the account or change its password; every session and trusted browser of the account ends."""
        values = {"cluster": self.cluster, "role": role, "username": username}
        values |= {"password_hash": generate_password_hash(password), "changed": now().isoformat()}
        changes = {k: values[k] for k in ("password_hash", "changed", "role", "cluster")}
        with self.write() as db:
            db.execute(self.upsert(accounts, values, ["username"], changes))
            account = db.execute(select(accounts).where(accounts.c.username == username)).mappings().one()
            actor, cluster = actor_of(account), account["cluster"]
            db.execute(delete(sessions).where(sessions.c.cluster == cluster, sessions.c.actor == actor))
            db.execute(delete(devices).where(devices.c.cluster == cluster, devices.c.actor == actor))
            db.execute(delete(counters).where(counters.c.key.like(f"%|{username}")))

    def set_totp(self, username: str, secret: str | None) -> None:
        """Turn the account's second factor on (with its seed) or off (None); its sessions end."""
        with self.write() as db:
            db.execute(accounts.update().where(accounts.c.username == username).values(totp_secret=secret))
            account = db.execute(select(accounts).where(accounts.c.username == username)).mappings().one()
            db.execute(
                delete(sessions).where(sessions.c.cluster == account["cluster"], sessions.c.actor == actor_of(account))
            )

    def account(self, username: str) -> Any:
        with self.read() as db:
            return db.execute(select(accounts).where(accounts.c.username == username)).mappings().first()

    def office_account(self) -> Any:
        """The office account of this store's cluster."""
        query = select(accounts).where(accounts.c.cluster == self.cluster, accounts.c.role == OFFICE)
        with self.read() as db:
            return db.execute(query.order_by(accounts.c.id)).mappings().first()

    def check_password(self, username: str, password: str) -> Any:
        """The account when the password is its own, else None (the same work either way)."""
        found = self.account(username)
        stored = found["password_hash"] if found else generate_password_hash(secrets.token_hex(8))
        return found if check_password_hash(stored, password) and found else None

    # --- login throttling ----------------------------------------------------------------------------
    def count_attempt(self, keys: dict[str, int]) -> bool:
        """Count one login attempt under every key (key → its limit) in one transaction, before the
        password is checked; False when any key is over its limit (then no password is checked at all)."""
        moment = now()
        cutoff = (moment - LOGIN_WINDOW).isoformat()
        allowed = True
        with self.write() as db:
            for key, limit in keys.items():
                expired = counters.c.window_start < cutoff
                statement = self.upsert(
                    counters,
                    {"key": key, "window_start": moment.isoformat(), "count": 1},
                    ["key"],
                    {
                        "count": case((expired, 1), else_=counters.c.count + 1),
                        "window_start": case((expired, moment.isoformat()), else_=counters.c.window_start),
                    },
                )
                count = db.execute(statement.returning(counters.c.count)).scalar_one()
                allowed = allowed and count <= limit
        return allowed

    def clear_attempts(self, key: str) -> None:
        with self.write() as db:
            db.execute(delete(counters).where(counters.c.key == key))

    # --- trusted browsers ----------------------------------------------------------------------------
    def trust_device(self, actor: str) -> str:
        token = secrets.token_urlsafe(32)
        values = {"token_hash": digest(token), "cluster": self.cluster, "actor": actor, "created": now().isoformat()}
        with self.write() as db:
            db.execute(devices.insert().values(**values))
        return token

    def device_actor(self, token: str) -> str | None:
        query = select(devices.c.actor).where(devices.c.token_hash == digest(token), devices.c.cluster == self.cluster)
        with self.read() as db:
            return db.execute(query).scalar()

    # --- unit links ---------------------------------------------------------------------------------
    def new_link(self, unit: str) -> str:
        """A fresh private token for the unit (replacing any earlier one, whose sessions end too)."""
        token = secrets.token_urlsafe(32)
        values = {"cluster": self.cluster, "unit": unit, "token_hash": digest(token), "created": now().isoformat()}
        with self.write() as db:
            db.execute(self.upsert(links, values, ["cluster", "unit"], {"token_hash": values["token_hash"]}))
            db.execute(delete(sessions).where(sessions.c.cluster == self.cluster, sessions.c.actor == unit))
        return token

    def links(self) -> dict[str, str]:
        with self.read() as db:
            rows = db.execute(select(links.c.unit, links.c.created).where(links.c.cluster == self.cluster))
            return {unit: created for unit, created in rows}

    def unit_for_token(self, token: str) -> tuple[str, str] | None:
        """(cluster, unit) whose link this is. Looked up by the token's SHA-256, which an attacker cannot
        steer, so the index lookup leaks nothing a comparison in constant time would hide."""
        with self.read() as db:
            row = db.execute(select(links.c.cluster, links.c.unit).where(links.c.token_hash == digest(token))).first()
        return (row[0], row[1]) if row else None

    # --- sessions -------------------------------------------------------------------------------------
    def load_session(self, sid: str) -> tuple[str, str, dict[str, Any]] | None:
        """(cluster, actor, data) of a live session, else None."""
        query = select(sessions).where(sessions.c.id_hash == digest(sid))
        with self.read() as db:
            row = db.execute(query).mappings().first()
        if row is None or row["expires"] < now().isoformat():
            return None
        return row["cluster"], row["actor"], json.loads(row["data"])

    def save_session(self, sid: str, cluster: str, actor: str, data: dict[str, Any], lifetime: timedelta) -> None:
        values = {"id_hash": digest(sid), "cluster": cluster, "actor": actor, "data": json.dumps(data)}
        values["expires"] = (now() + lifetime).isoformat()
        changes = {k: values[k] for k in ("cluster", "actor", "data", "expires")}
        with self.write() as db:
            db.execute(self.upsert(sessions, values, ["id_hash"], changes))

    def drop_session(self, sid: str) -> None:
        with self.write() as db:
            db.execute(delete(sessions).where(sessions.c.id_hash == digest(sid)))
