"""What anyone may open: the front page, which says where the office signs in and how units get in."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, session, url_for
from werkzeug.wrappers import Response

from thidua.state.access import CHAIR

blueprint = Blueprint("public", __name__)


@blueprint.get("/")
def front() -> str | Response:
    actor = session.get("actor")
    if actor == CHAIR:
        return redirect(url_for("chair.overview"))
    if actor:
        return redirect(url_for("unit.home"))
    return render_template("front.html")
