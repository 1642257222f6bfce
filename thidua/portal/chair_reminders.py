"""Reminder letters for the units whose returns are overdue: to read, copy or download. Routes on the
chair's blueprint, behind its guard."""

from __future__ import annotations

from flask import Response, render_template

from thidua.portal import mail
from thidua.portal.chair_views import blueprint
from thidua.portal.context import portal
from thidua.portal.overview import current


@blueprint.get("/nhac-nop")
def reminders() -> str:
    return _page([])


def _page(sent: list[tuple[str, str, str]]) -> str:
    p = portal()
    checked = current(p.cache, p.cfg, p.inputs, p.today(), p.memo)
    letters = [(p.cfg.unit(code).short_name, p.cfg.unit(code).email, text) for code, text in checked.reminders.items()]
    return render_template("reminders.html", letters=letters, mail=p.cfg.mail is not None, sent=sent)


@blueprint.post("/nhac-nop/gui")
def send_reminders() -> str:
    """Each overdue unit's letter by e-mail, at most once per unit and latest overdue period."""
    p = portal()
    checked = current(p.cache, p.cfg, p.inputs, p.today(), p.memo)
    outcomes = mail.send(p.cfg, p.store, mail.reminders(p.cfg, checked))
    return _page([(p.cfg.unit(o.letter.unit).short_name, o.letter.to, o.text) for o in outcomes])


@blueprint.get("/nhac-nop.txt")
def reminders_text() -> Response:
    p = portal()
    checked = current(p.cache, p.cfg, p.inputs, p.today(), p.memo)
    text = "\r\n\r\n".join(t.replace("\n", "\r\n") for t in checked.reminders.values())  # Notepad on Windows
    data = ("\ufeff" + text).encode("utf-8")
    return Response(
        data,
        mimetype="text/plain; charset=utf-8",
        headers={"Content-Disposition": "attachment; filename=thu-nhac-nop.txt"},
    )
