"""What every password login shares, the cluster office's as the board's and council's: attempts counted
before any password is checked (per address and per account, in the login's own scope), browsers the
account signed in from before trusted to count alone (an outsider's guesses never lock its owner out),
and a fresh session that names the account it was opened by."""

from __future__ import annotations

from typing import Any

from flask import Response, make_response, redirect, request, session

from thidua.portal.context import client
from thidua.state.access import PER_ACCOUNT, PER_CLIENT, actor_of
from thidua.state.base import digest
from thidua.state.store import Store

DEVICE_DAYS = 400
THROTTLED = "Đăng nhập sai quá nhiều lần; hãy thử lại sau 15 phút."


def trusted_device(store: Store, cookie: str, account: Any) -> str:
    """The browser's device cookie when `account` signed in from this browser before, else ''."""
    token = request.cookies.get(cookie, "")
    if not token or account is None or len(token) > 100:
        return ""
    return token if store.device_account(token) == account["id"] else ""


def throttle_keys(trusted: str, username: str) -> dict[str, int]:
    """Counted before the password is checked: a browser the account signed in from before counts alone;
    any other counts per address and, with every other unknown browser, against the account."""
    if trusted:
        return {f"device|{digest(trusted)}": PER_CLIENT}
    return {f"client|{client()}": PER_CLIENT, f"account|{username}": PER_ACCOUNT}


def allowed(store: Store, keys: dict[str, int]) -> bool:
    """Count this attempt; False (and a refusal noted) when it is one too many."""
    if store.count_attempt(keys):
        return True
    store.refuse("login_throttled", client())
    return False


def refused(store: Store) -> None:
    store.refuse("login_failed", client())


def signed_in(store: Store, account: Any, target: str, device: tuple[str, str], trusted: str, secure: bool) -> Response:
    """A new session for `account` (the id that existed before is never reused), the login in the ledger,
    the counters of this browser and address cleared, and a device cookie (`device`: its name and path)
    when this browser was not trusted yet."""
    for key in throttle_keys(trusted, account["username"]):
        if not key.startswith("account|"):
            store.clear_attempts(key)
    actor = actor_of(account)
    store.log(actor, "login", f"đăng nhập từ {client()}")
    session.clear()
    session.update(actor=actor, account=account["id"], role=account["role"])
    session.renew = True  # type: ignore[attr-defined]
    response = make_response(redirect(target))
    if not trusted:
        name, path = device
        token = store.trust_device(account)
        max_age = DEVICE_DAYS * 86400
        response.set_cookie(name, token, max_age=max_age, httponly=True, samesite="Lax", secure=secure, path=path)
    return response
