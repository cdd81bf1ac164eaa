"""E-mail through the configured SMTP server (`smtp_host`, `smtp_port`, `smtp_from`), off while `smtp_host` is empty.

A failure is an answer, not an exception: the caller has already stored what the mail tells (a reminder), and says
to the person that the mail did not go out, and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from greentrack import config

TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class MailOutcome:
    """What became of a mail: the addresses it was sent to, or why it was not (`error`); `configured` is False
    when no SMTP server is set (nothing was tried)."""

    sent_to: tuple[str, ...]
    error: str | None
    configured: bool


def mail_configured() -> bool:
    """Whether an SMTP server is set."""
    return bool(str(config.get("smtp_host")).strip())


def send_mail(to: Sequence[str], subject: str, body: str) -> MailOutcome:
    """Send one plain-text mail to `to`; nothing when no SMTP server is set or no address is given."""
    import smtplib
    from email.message import EmailMessage

    host, port = str(config.get("smtp_host")).strip(), int(config.get("smtp_port"))
    if not host:
        return MailOutcome((), None, False)
    if not to:
        return MailOutcome((), "no address to mail: no active user of the department has an e-mail", True)
    message = EmailMessage()
    message["From"] = str(config.get("smtp_from"))
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message.set_content(body)
    try:
        with smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS) as smtp:
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        return MailOutcome((), f"mail to {', '.join(to)} through {host}:{port} failed: {exc}", True)
    return MailOutcome(tuple(to), None, True)
