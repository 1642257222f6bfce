"""Who may act: accounts and their passwords (scrypt), units' private links, server-side sessions, trusted
browsers, and login throttling counted atomically before any password is checked. Everything here is in
the store's scope (its cluster, or "" for the board or a single cluster's portal): an account of one
scope cannot sign in to another, and its counters are its scope's own."""

from __future__ import annotations

import functools
import json
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, and_, case, delete, or_
from werkzeug.security import check_password_hash, generate_password_hash

from thidua.state.base import StoreBase, digest, now
from thidua.state.schema import accounts, counters, devices, links, sessions

CHAIR = "chair"  # the actor of a cluster office's sessions
OFFICE = "office"
BOARD, COUNCIL = "board", "council"  # a province's board (Sở Nội vụ) and its council's members
OFFICE_USERNAME = "van-phong"  # a cluster office's account (one per cluster, in the cluster's scope)
LOGIN_WINDOW = timedelta(minutes=15)
PER_CLIENT = 5  # failed logins per address, or per trusted browser, in the window
PER_ACCOUNT = 20  # failed logins on one account from browsers it has never signed in from, all addresses


def actor_of(account: Any) -> str:
    return CHAIR if account["role"] == OFFICE else f"{account['role']}:{account['username']}"


@functools.cache
def _stand_in_hash() -> str:
    """What a password for a name no account has is checked against: made once per process (one scrypt, not
    two, per wrong name), with the same work factor as every account's, so the check takes as long."""
    return generate_password_hash(secrets.token_hex(16))


class Access(StoreBase):
    # --- accounts ----------------------------------------------------------------------------------
    def set_password(self, username: str, password: str, role: str = OFFICE) -> None:
        """Create the account in this store's scope, or change its password (and role): every session and
        trusted browser of the account ends. A disabled account stays disabled."""
        values = {"role": role, "username": username, "changed": now().isoformat()}
        values["password_hash"] = generate_password_hash(password)
        changes = {k: values[k] for k in ("password_hash", "changed", "role")}
        with self.write() as db:
            db.execute(self.upsert(accounts, values, ["cluster", "username"], changes))
            self._end(db, self._account(db, username))

    def set_totp(self, username: str, secret: str | None) -> None:
        """Turn the account's second factor on (with its seed) or off (None); its sessions end."""
        with self.write() as db:
            db.execute(self._where_username(username).values(totp_secret=secret, totp_step=None))
            self._end(db, self._account(db, username))

    def disable(self, username: str, disabled: bool = True) -> bool:
        """Disable the account (it can no longer sign in; every session ends) or enable it again; False when
        there is no such account in this scope."""
        with self.write() as db:
            changed = db.execute(self._where_username(username).values(disabled=now().isoformat() if disabled else ""))
            if changed.rowcount and disabled:
                self._end(db, self._account(db, username))
            return bool(changed.rowcount)

    def remove(self, username: str) -> bool:
        """Remove the account and end every session of it; False when there is no such account here."""
        with self.write() as db:
            account = self._account(db, username)
            if account is None:
                return False
            self._end(db, account)
            db.execute(self.mine_delete(accounts).where(accounts.c.id == account["id"]))
            return True

    def _where_username(self, username: str) -> Any:
        return self.mine_update(accounts).where(accounts.c.username == username)

    def _account(self, db: Connection, username: str) -> Any:
        return db.execute(self.mine_select(accounts).where(accounts.c.username == username)).mappings().first()

    def _end(self, db: Connection, account: Any) -> None:
        """Every session and trusted browser of `account` ends, and its failed-login count is cleared."""
        if account is None:
            return
        db.execute(self.mine_delete(sessions).where(sessions.c.account_id == account["id"]))
        db.execute(self.mine_delete(devices).where(devices.c.account_id == account["id"]))
        db.execute(delete(counters).where(counters.c.key == self._scoped_key(f"account|{account['username']}")))

    def account(self, username: str) -> Any:
        with self.read() as db:
            return self._account(db, username)

    def accounts(self) -> list[Any]:
        with self.read() as db:
            return list(db.execute(self.mine_select(accounts).order_by(accounts.c.username)).mappings().all())

    def office_account(self) -> Any:
        """The office account of this store's cluster."""
        query = self.mine_select(accounts).where(accounts.c.role == OFFICE).order_by(accounts.c.id)
        with self.read() as db:
            return db.execute(query).mappings().first()

    def check_password(self, username: str, password: str) -> Any:
        """The account of this scope when the password is its own and it is not disabled, else None (the
        same work either way)."""
        found = self.account(username)
        good = check_password_hash(found["password_hash"] if found else _stand_in_hash(), password)
        return found if good and found and not found["disabled"] else None

    def use_totp_step(self, account_id: int, step: int) -> bool:
        """Record that a code of time step `step` was used; False when a code of this step or a later one
        was accepted before (a code is good once, even within its 30 seconds)."""
        unused = or_(accounts.c.totp_step.is_(None), accounts.c.totp_step < step)
        with self.write() as db:
            statement = self.mine_update(accounts).where(accounts.c.id == account_id, unused).values(totp_step=step)
            return bool(db.execute(statement).rowcount)

    # --- login throttling ----------------------------------------------------------------------------
    def _scoped_key(self, key: str) -> str:
        """A counter's key in this store's scope: one cluster's wrong passwords never count against another
        cluster or the board."""
        return f"{self.cluster or '-'}|{key}"

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
                    {"key": self._scoped_key(key), "window_start": moment.isoformat(), "count": 1},
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
            db.execute(delete(counters).where(counters.c.key == self._scoped_key(key)))

    # --- trusted browsers ----------------------------------------------------------------------------
    def trust_device(self, account: Any) -> str:
        token = secrets.token_urlsafe(32)
        values = {"token_hash": digest(token), "actor": actor_of(account), "account_id": account["id"]}
        with self.write() as db:
            db.execute(self.mine_insert(devices, created=now().isoformat(), **values))
        return token

    def device_account(self, token: str) -> int | None:
        """The id of the account that signed in from the browser holding this cookie, in this scope."""
        query = self.mine_select(devices, devices.c.account_id).where(devices.c.token_hash == digest(token))
        with self.read() as db:
            return db.execute(query).scalar()

    # --- unit links ---------------------------------------------------------------------------------
    def new_link(self, unit: str) -> str:
        """A fresh private token for the unit (replacing any earlier one, whose sessions end too)."""
        token = secrets.token_urlsafe(32)
        values = {"unit": unit, "token_hash": digest(token), "created": now().isoformat()}
        with self.write() as db:
            db.execute(self.upsert(links, values, ["cluster", "unit"], {"token_hash": values["token_hash"]}))
            unit_sessions = and_(sessions.c.actor == unit, sessions.c.account_id.is_(None))
            db.execute(self.mine_delete(sessions).where(unit_sessions))
        return token

    def links(self) -> dict[str, str]:
        with self.read() as db:
            rows = db.execute(self.mine_select(links, links.c.unit, links.c.created))
            return {unit: created for unit, created in rows}

    def unit_for_token(self, token: str) -> str | None:
        """The unit of this scope whose link this is. Looked up by the token's SHA-256, which an attacker
        cannot steer, so the index lookup leaks nothing a comparison in constant time would hide."""
        query = self.mine_select(links, links.c.unit).where(links.c.token_hash == digest(token))
        with self.read() as db:
            return db.execute(query).scalar()

    # --- sessions -------------------------------------------------------------------------------------
    def load_session(self, sid: str) -> tuple[str, dict[str, Any]] | None:
        """(actor, data) of a live session of this scope, else None. A session opened by an account lives
        only while that account exists, is enabled, and still has the role it was opened with."""
        query = self.mine_select(sessions).where(sessions.c.id_hash == digest(sid))
        with self.read() as db:
            row = db.execute(query).mappings().first()
            if row is None or row["expires"] < now().isoformat():
                return None
            if row["account_id"] is not None:
                owner = self.mine_select(accounts).where(accounts.c.id == row["account_id"])
                account = db.execute(owner).mappings().first()
                if account is None or account["disabled"] or actor_of(account) != row["actor"]:
                    return None
        return row["actor"], json.loads(row["data"])

    def save_session(
        self, sid: str, actor: str, data: dict[str, Any], lifetime: timedelta, account_id: int | None = None
    ) -> None:
        values = {"id_hash": digest(sid), "actor": actor, "data": json.dumps(data), "account_id": account_id}
        values["expires"] = (now() + lifetime).isoformat()
        changes = {k: values[k] for k in ("actor", "data", "expires", "account_id")}
        with self.write() as db:
            db.execute(self.upsert(sessions, values, ["id_hash"], changes))

    def drop_session(self, sid: str) -> None:
        with self.write() as db:
            db.execute(self.mine_delete(sessions).where(sessions.c.id_hash == digest(sid)))

    def session_count(self, account_id: int) -> int:
        """How many live or expired sessions the account has (for tests and the accounts command)."""
        query = self.mine_select(sessions, sessions.c.id_hash).where(sessions.c.account_id == account_id)
        with self.read() as db:
            return len(db.execute(query).all())
