"""The portal's own state in one SQLite file: units' link tokens and the chair's password (hashed), server
sessions, uploads, a cache of each file's check outcome, and an append-only ledger of every upload,
login, build and download. The returns themselves live in inputs/, like any the chair drops there."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from werkzeug.security import check_password_hash, generate_password_hash

from thidua.periods import VN_TZ

SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS links (unit TEXT PRIMARY KEY, token_hash TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    id_hash TEXT PRIMARY KEY, actor TEXT NOT NULL, data TEXT NOT NULL, expires TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS uploads (
    id INTEGER PRIMARY KEY, unit TEXT NOT NULL, period TEXT NOT NULL, received TEXT NOT NULL,
    actor TEXT NOT NULL, original TEXT NOT NULL, stored TEXT NOT NULL, sha256 TEXT NOT NULL,
    saved TEXT NOT NULL, accepted INTEGER NOT NULL, findings TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outcomes (path TEXT PRIMARY KEY, stamp TEXT NOT NULL, outcome BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS ledger (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
    detail TEXT NOT NULL, sha256 TEXT NOT NULL DEFAULT '');
CREATE TRIGGER IF NOT EXISTS ledger_no_update BEFORE UPDATE ON ledger
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS ledger_no_delete BEFORE DELETE ON ledger
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TABLE IF NOT EXISTS attempts (id INTEGER PRIMARY KEY, client TEXT NOT NULL, at TEXT NOT NULL);
"""
CHAIR = "chair"
LOGIN_WINDOW = timedelta(minutes=15)
LOGIN_FAILURES = 5  # then the client waits out the window


def now() -> datetime:
    return datetime.now(VN_TZ)


def digest(secret: str) -> str:
    """Link tokens and session ids are 256-bit random: a fast hash is enough to store them safely."""
    return hashlib.sha256(secret.encode()).hexdigest()


class Store:
    """One connection per thread (SQLite's rule), WAL for concurrent readers, a short busy wait."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.local = threading.local()
        with self.db() as db:
            db.executescript(SCHEMA)

    def db(self) -> sqlite3.Connection:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=True)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA busy_timeout=30000")
            conn.row_factory = sqlite3.Row
            self.local.conn = conn
        return conn

    # --- settings and secrets ------------------------------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.db().execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else default

    def set_setting(self, key: str, value: str) -> None:
        self.db().execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))

    def secret_key(self) -> str:
        if (key := self.setting("secret_key")) is None:
            key = secrets.token_hex(32)
            self.db().execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('secret_key', ?)", (key,))
            key = self.setting("secret_key") or key
        return key

    def set_chair_password(self, password: str) -> None:
        self.set_setting("chair_password", generate_password_hash(password))  # scrypt, salted
        self.log(CHAIR, "password", "đặt mật khẩu Văn phòng")

    def check_chair_password(self, password: str) -> bool:
        stored = self.setting("chair_password")
        return bool(stored) and check_password_hash(stored or "", password)

    # --- unit links ---------------------------------------------------------------------------------
    def new_link(self, unit: str) -> str:
        """A fresh private token for the unit (replacing any earlier one, whose sessions end too)."""
        token = secrets.token_urlsafe(32)
        with self.db() as db:
            db.execute(
                "INSERT OR REPLACE INTO links (unit, token_hash, created) VALUES (?, ?, ?)",
                (unit, digest(token), now().isoformat()),
            )
            db.execute("DELETE FROM sessions WHERE actor = ?", (unit,))
        self.log(CHAIR, "link", f"cấp liên kết cho {unit}")
        return token

    def links(self) -> dict[str, str]:
        return {r["unit"]: r["created"] for r in self.db().execute("SELECT unit, created FROM links")}

    def unit_for_token(self, token: str) -> str | None:
        """The unit whose link this is; every stored hash is compared in constant time."""
        found = None
        for row in self.db().execute("SELECT unit, token_hash FROM links"):
            if hmac.compare_digest(row["token_hash"], digest(token)):
                found = row["unit"]
        return found

    # --- sessions -------------------------------------------------------------------------------------
    def load_session(self, sid: str) -> tuple[str, dict[str, Any]] | None:
        query = "SELECT actor, data, expires FROM sessions WHERE id_hash = ?"
        row = self.db().execute(query, (digest(sid),)).fetchone()
        if row is None or datetime.fromisoformat(row["expires"]) < now():
            return None
        return row["actor"], json.loads(row["data"])

    def save_session(self, sid: str, actor: str, data: dict[str, Any], lifetime: timedelta) -> None:
        expires = (now() + lifetime).isoformat()
        self.db().execute(
            "INSERT OR REPLACE INTO sessions (id_hash, actor, data, expires) VALUES (?, ?, ?, ?)",
            (digest(sid), actor, json.dumps(data), expires),
        )

    def drop_session(self, sid: str) -> None:
        self.db().execute("DELETE FROM sessions WHERE id_hash = ?", (digest(sid),))

    # --- login throttling -----------------------------------------------------------------------------
    def login_blocked(self, client: str) -> bool:
        since = (now() - LOGIN_WINDOW).isoformat()
        query = "SELECT COUNT(*) FROM attempts WHERE client = ? AND at > ?"
        count = self.db().execute(query, (client, since)).fetchone()
        return int(count[0]) >= LOGIN_FAILURES

    def login_failed(self, client: str) -> None:
        self.db().execute("INSERT INTO attempts (client, at) VALUES (?, ?)", (client, now().isoformat()))
        self.log(client, "login_failed", "đăng nhập sai mật khẩu")

    def login_succeeded(self, client: str) -> None:
        self.db().execute("DELETE FROM attempts WHERE client = ?", (client,))
        self.log(CHAIR, "login", f"đăng nhập từ {client}")

    # --- ledger and uploads ---------------------------------------------------------------------------
    def log(self, actor: str, action: str, detail: str, sha256: str = "") -> None:
        self.db().execute(
            "INSERT INTO ledger (at, actor, action, detail, sha256) VALUES (?, ?, ?, ?, ?)",
            (now().isoformat(timespec="seconds"), actor, action, detail, sha256),
        )

    def ledger(self) -> list[sqlite3.Row]:
        return self.db().execute("SELECT * FROM ledger ORDER BY id").fetchall()

    def add_upload(self, row: dict[str, Any]) -> int:
        columns = ["unit", "period", "received", "actor", "original", "stored", "sha256", "saved", "accepted"]
        columns.append("findings")
        cursor = self.db().execute(
            f"INSERT INTO uploads ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [row[c] for c in columns],
        )
        return int(cursor.lastrowid or 0)

    def upload(self, upload_id: int) -> sqlite3.Row | None:
        return self.db().execute("SELECT * FROM uploads WHERE id = ?", (upload_id,)).fetchone()

    def uploads(self, unit: str | None = None) -> list[sqlite3.Row]:
        if unit is None:
            return self.db().execute("SELECT * FROM uploads ORDER BY id DESC").fetchall()
        return self.db().execute("SELECT * FROM uploads WHERE unit = ? ORDER BY id DESC", (unit,)).fetchall()

    # --- outcome cache --------------------------------------------------------------------------------
    def cached_outcomes(self) -> dict[str, tuple[str, bytes]]:
        return {r["path"]: (r["stamp"], r["outcome"]) for r in self.db().execute("SELECT * FROM outcomes")}

    def cache_outcome(self, path: str, stamp: str, outcome: bytes) -> None:
        query = "INSERT OR REPLACE INTO outcomes (path, stamp, outcome) VALUES (?, ?, ?)"
        self.db().execute(query, (path, stamp, outcome))
