"""E-mail to units: the reminder for overdue returns (from the CLI's `remind` or the chair's page) and, when
the office wants it, the outcome of each upload. Each message is claimed in the database before it is sent,
so the same reminder (unit, the latest overdue period) never goes out twice, from any process; one that
fails is released to be sent again. Every message sent is in the ledger."""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from thidua.config import Config, Mail
from thidua.intake.check import Checked
from thidua.intake.completeness import MISSING
from thidua.periods import periods_phrase
from thidua.state.access import CHAIR
from thidua.state.store import Store

PASSWORD_ENV = "THIDUA_SMTP_PASSWORD"
REMINDER, NOTICE = "nhac-nop", "ket-qua"
TIMEOUT = 20  # seconds for the SMTP server to answer


@dataclass(frozen=True)
class Letter:
    unit: str
    period: str  # what the message is about: the latest overdue period, or an upload ("upload-12")
    kind: str  # REMINDER or NOTICE
    to: str
    subject: str
    body: str


def reminders(cfg: Config, checked: Checked) -> list[Letter]:
    """One letter per unit with overdue returns, keyed by the latest of them: a new deadline passed gives
    a new letter, the same one never twice."""
    overdue: dict[str, list[str]] = {}
    for row in checked.timeliness_rows:
        if row["status"] == MISSING:
            overdue.setdefault(str(row["unit"]), []).append(str(row["period"]))
    letters = []
    for unit, periods in overdue.items():
        which = periods_phrase(periods, cfg.reporting.frequency)
        subject = f"Nhắc nộp báo cáo thi đua {which} — {cfg.cluster.short_name}"
        letters.append(Letter(unit, max(periods), REMINDER, cfg.unit(unit).email, subject, checked.reminders[unit]))
    return letters


def _message(mail: Mail, letter: Letter) -> EmailMessage:
    message = EmailMessage()
    message["From"] = mail.sender
    message["To"] = letter.to
    message["Subject"] = letter.subject
    message["Message-ID"] = make_msgid(domain=mail.sender.rsplit("@", 1)[-1].strip("> "))
    message.set_content(letter.body)
    return message


def _connect(mail: Mail) -> smtplib.SMTP:
    if mail.security == "ssl":
        server: smtplib.SMTP = smtplib.SMTP_SSL(
            mail.host, mail.port, timeout=TIMEOUT, context=ssl.create_default_context()
        )
    else:
        server = smtplib.SMTP(mail.host, mail.port, timeout=TIMEOUT)
        if mail.security == "starttls":
            server.starttls(context=ssl.create_default_context())
    if mail.username:
        server.login(mail.username, os.environ.get(PASSWORD_ENV, ""))
    return server


def send(cfg: Config, store: Store, letters: list[Letter], actor: str = CHAIR) -> list[tuple[Letter, str]]:
    """Send each letter at most once; returns each with what happened, in Vietnamese."""
    if cfg.mail is None:
        return [(letter, "chưa cấu hình thư điện tử (mục mail trong config.yaml)") for letter in letters]
    outcomes: list[tuple[Letter, str]] = []
    server: smtplib.SMTP | None = None
    try:
        for letter in letters:
            if not letter.to:
                outcomes.append((letter, "đơn vị chưa có địa chỉ thư điện tử (units[].email)"))
                continue
            if not store.claim_message(letter.unit, letter.period, letter.kind, letter.to):
                outcomes.append((letter, "đã gửi trước đó, không gửi lại"))
                continue
            try:
                server = server or _connect(cfg.mail)
                server.send_message(_message(cfg.mail, letter))
            except (OSError, smtplib.SMTPException) as error:
                store.release_message(letter.unit, letter.period, letter.kind)
                outcomes.append((letter, f"chưa gửi được ({error}); sẽ gửi lại lần sau"))
                continue
            detail = f"{letter.subject} → {formataddr(('', letter.to))}"
            store.log(actor, "mail", detail, unit=letter.unit, period=letter.period)
            outcomes.append((letter, "đã gửi"))
    finally:
        if server is not None:
            try:
                server.quit()
            except (OSError, smtplib.SMTPException):
                server.close()
    return outcomes


def notice(cfg: Config, row: dict[str, object], label: str, errors: int, warnings: int) -> Letter | None:
    """The outcome of one upload for its unit's office, when the office wants units told by e-mail."""
    unit = str(row["unit"])
    if cfg.mail is None or not cfg.mail.notify_uploads or unit not in {u.code for u in cfg.units}:
        return None
    if not row["accepted"]:
        verdict = "KHÔNG được nhận"
    elif errors:
        verdict = f"đã được nhận nhưng có {errors} lỗi, cần sửa và nộp lại"
    elif warnings:
        verdict = f"đã được nhận, có {warnings} điểm cần xem lại"
    else:
        verdict = "đã được nhận, không có lỗi"
    received = str(row["received"])
    when = f"{received[11:16]} ngày {received[8:10]}/{received[5:7]}/{received[:4]}"
    base = cfg.portal.base_url.rstrip("/")
    body = (
        f"Kính gửi: {cfg.unit(unit).name}.\n"
        f"Cổng thông tin {cfg.cluster.short_name} nhận tệp “{row['original']}” ({label}) lúc {when}: tệp {verdict}.\n"
        f"Xem kết quả kiểm tra: mở đường liên kết riêng của đơn vị, rồi {base}/don-vi/ket-qua/{row['id']}.\n"
        "Thư này do Cổng thông tin gửi tự động."
    )
    subject = f"Kết quả nộp báo cáo {label}: tệp {verdict} — {cfg.cluster.short_name}"
    return Letter(unit, f"upload-{row['id']}", NOTICE, cfg.unit(unit).email, subject, body)
