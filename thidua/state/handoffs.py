"""The VGCA hand-off's one-time links (portal/signing_views.py): the desktop signing service carries no
session, so each of its two requests (fetch the PDF, post it back signed) presents a random token that
works once, for 15 minutes, for one document of this cluster, and only while the office's session that
asked for it is still signed in. Only the token's hash is kept."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from thidua.state.base import StoreBase, digest, now
from thidua.state.schema import handoffs, sessions

LIFETIME = timedelta(minutes=15)
DOWNLOAD, UPLOAD = "download", "upload"


@dataclass(frozen=True)
class Handoff:
    build_id: str
    file_name: str


class Handoffs(StoreBase):
    def issue_handoff(self, build_id: str, file_name: str, session_id: str) -> dict[str, str]:
        """A token for each purpose; returns {purpose: token}, shown once to the office's page."""
        expires = (now() + LIFETIME).isoformat(timespec="seconds")
        tokens = {purpose: secrets.token_urlsafe(32) for purpose in (DOWNLOAD, UPLOAD)}
        with self.write() as db:
            for purpose, token in tokens.items():
                values = {"token_hash": digest(token), "purpose": purpose, "build_id": build_id}
                values |= {"file_name": file_name, "session_hash": digest(session_id), "expires": expires}
                db.execute(self.mine_insert(handoffs, **values))
        return tokens

    def use_handoff(self, token: str, purpose: str) -> Handoff | str:
        """The document a token is for, marked used in the same statement (a replay finds it used); or why
        not: "used", "expired", "signed out", "unknown"."""
        if not token or len(token) > 100:
            return "unknown"
        stamp = now().isoformat(timespec="seconds")
        with self.write() as db:
            row = (
                db.execute(
                    self.mine_select(handoffs).where(
                        handoffs.c.token_hash == digest(token), handoffs.c.purpose == purpose
                    )
                )
                .mappings()
                .first()
            )
            if row is None:
                return "unknown"
            if row["used"]:
                return "used"
            if row["expires"] < stamp:
                return "expired"
            alive = self.mine_select(sessions, sessions.c.expires).where(sessions.c.id_hash == row["session_hash"])
            expires = db.execute(alive).scalar()
            if expires is None or expires < now().isoformat():
                return "signed out"
            claimed = db.execute(
                self.mine_update(handoffs)
                .where(handoffs.c.token_hash == row["token_hash"], handoffs.c.used == "")
                .values(used=stamp)
            ).rowcount
        return Handoff(row["build_id"], row["file_name"]) if claimed == 1 else "used"

    def handoff_count(self) -> int:
        with self.read() as db:
            return len(db.execute(self.mine_select(handoffs, handoffs.c.token_hash)).all())
