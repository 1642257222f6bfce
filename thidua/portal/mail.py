"""E-mail to units: the reminder for overdue returns (from the CLI's `remind` or the chair's page) and, when
the office wants it, the outcome of each upload. Each message is claimed in the database before it is sent,
so the same reminder (unit, the latest overdue period) never goes out twice, from any process; one that
fails is released to be sent again. Every message sent is in the ledger."""

from __future__ import annotations

import os
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from thidua.config import Config, Mail
from thidua.intake.check import Checked
from thidua.intake.completeness import MISSING
from thidua.os_reasons import reason
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


@dataclass(frozen=True)
class Sent:
    """What became of one letter: `sent`, or why not (`text`, in Vietnamese, naming what to check);
    `failed` when it was meant to go and did not (a letter sent before is not a failure)."""

    letter: Letter
    sent: bool
    text: str
    failed: bool = False


def send(cfg: Config, store: Store, letters: list[Letter], actor: str = CHAIR) -> list[Sent]:
    """Send each letter at most once; returns what became of each."""
    if cfg.mail is None:
        why = "chưa cấu hình thư điện tử: thêm mục mail (mail.host, mail.sender) vào config.yaml"
        return [Sent(letter, False, why, True) for letter in letters]
    outcomes: list[Sent] = []
    server: smtplib.SMTP | None = None
    try:
        for letter in letters:
            if not letter.to:
                outcomes.append(Sent(letter, False, "đơn vị chưa có địa chỉ thư điện tử (units[].email)", True))
                continue
            if not store.claim_message(letter.unit, letter.period, letter.kind, letter.to):
                outcomes.append(Sent(letter, False, "đã gửi trước đó, không gửi lại"))
                continue
            try:
                server = server or _connect(cfg.mail)
                server.send_message(_message(cfg.mail, letter))
            except (OSError, smtplib.SMTPException) as error:
                store.release_message(letter.unit, letter.period, letter.kind)
                text = f"chưa gửi được: {why_not(error, cfg.mail)}; sẽ gửi lại lần sau"
                outcomes.append(Sent(letter, False, text, True))
                if server is not None and not isinstance(error, smtplib.SMTPRecipientsRefused):
                    server.close()  # the server itself failed: the next letter tries a new connection
                    server = None
                continue
            detail = f"{letter.subject} → {formataddr(('', letter.to))}"
            store.log(actor, "mail", detail, unit=letter.unit, period=letter.period)
            outcomes.append(Sent(letter, True, "đã gửi"))
    finally:
        if server is not None:
            try:
                server.quit()
            except (OSError, smtplib.SMTPException):
                server.close()
    return outcomes


def why_not(error: BaseException, mail: Mail) -> str:
    """Why a letter did not go, naming the mail.* key (or the unit's address) to look at; no English."""
    where = f"{mail.host}:{mail.port}"
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return f"máy chủ thư từ chối đăng nhập (kiểm tra mail.username và biến môi trường {PASSWORD_ENV})"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "máy chủ thư từ chối địa chỉ nhận (kiểm tra units[].email của đơn vị)"
    if isinstance(error, smtplib.SMTPSenderRefused):
        return "máy chủ thư từ chối địa chỉ gửi (kiểm tra mail.sender)"
    if isinstance(error, ssl.SSLError | smtplib.SMTPNotSupportedError):
        return f"không lập được kết nối bảo mật với {where} (kiểm tra mail.security: starttls, ssl hoặc none)"
    if isinstance(error, TimeoutError | socket.timeout):
        return f"máy chủ thư {where} không trả lời sau {TIMEOUT} giây (kiểm tra mail.host, mail.port)"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"máy chủ thư trả lời mã {error.smtp_code} (kiểm tra mail.host, mail.port, mail.sender)"
    if isinstance(error, smtplib.SMTPException):
        return f"máy chủ thư {where} ngắt kết nối (kiểm tra mail.host, mail.port, mail.security)"
    if isinstance(error, OSError):
        return f"không kết nối được máy chủ thư {where}: {reason(error)} (kiểm tra mail.host, mail.port)"
    return "lỗi không rõ"


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
