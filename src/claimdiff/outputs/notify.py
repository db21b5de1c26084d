"""End-of-run notifications: a Slack-compatible webhook and/or an email summary.

Both are off by default (``notify:`` in the config). A notification that cannot be delivered is
logged and reported back, never raised: the run's result is already on disk and must not turn
into a failure because a chat service or mail relay is down.
"""

from __future__ import annotations

import logging
import os
import smtplib
from collections.abc import Sequence
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit

import httpx

from claimdiff.config import NotifyConfig
from claimdiff.records import RunSummary, Stage

log = logging.getLogger(__name__)


def notify_run(
    summary: RunSummary,
    config: NotifyConfig,
    top_findings: Sequence[dict[str, Any]] = (),
) -> list[str]:
    """Send the run summary to the configured webhook and email recipients.

    ``top_findings`` are CSV rows (Contract 3 columns,
    most severe first), of which ``config.top_findings`` are quoted. Returns one line per channel
    saying what was sent or why it failed; an empty list when notifications are off.
    """
    text = summary_text(summary, top_findings[: config.top_findings])
    results = []
    if config.webhook_url:
        results.append(_send_webhook(config.webhook_url, config, text))
    if config.email_to:
        results.append(_send_email(config, _subject(summary), text))
    return results


def summary_text(summary: RunSummary, top_findings: Sequence[dict[str, Any]] = ()) -> str:
    """The plain-text body shared by both channels: status, counts, failures, queue path."""
    severity = summary.by_severity
    lines = [
        f"claimdiff run {summary.run_id}: {summary.status} ({summary.mode})",
        f"Review queue: {summary.flagged} finding(s) ("
        + ", ".join(f"{s} {n}" for s, n in severity.items())
        + f"); new this run: {summary.new_findings}",
    ]
    if summary.error:
        lines.append(f"Error: {summary.error}")
    if summary.nothing_new:
        lines.append("No new articles since the last run; the open queue was re-exported.")
    else:
        ingest = summary.counts.get(Stage.INGEST, {})
        lines.append(f"Articles: {ingest.get('read', 0)} read, {ingest.get('new', 0)} new")
    if summary.errors:
        lines.append(f"Items that could not be processed: {len(summary.errors)}")
    if summary.failed_stages:
        lines.append("Stages that lost too many items: " + ", ".join(summary.failed_stages))
    for notice in summary.notices:
        lines.append(f"Notice: {notice}")
    if summary.outputs.get("flags_csv"):
        lines.append(f"CSV: {summary.outputs['flags_csv']}")
    if summary.outputs.get("run_json"):
        lines.append(f"Summary: {summary.outputs['run_json']}")
    if top_findings:
        lines.append("Top findings:")
        lines.extend(f"- {_finding_line(row)}" for row in top_findings)
    return "\n".join(lines)


def _finding_line(row: dict[str, Any]) -> str:
    reasons = row.get("reasons", "")
    if not isinstance(reasons, str):
        reasons = "; ".join(reasons)
    return (
        f"[{row.get('severity', '?')}] {row.get('kind', '?')}: "
        f"{row.get('original_outlet', '?')} -> {row.get('report_outlet', '?')}: {reasons}"
    )


def _subject(summary: RunSummary) -> str:
    return f"claimdiff run {summary.status}: {summary.flagged} finding(s) to review"


def _redacted(url: str) -> str:
    # A webhook URL's path is its secret (Slack, Teams): only scheme and host are logged.
    try:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.hostname or '?'}/…"
    except ValueError:
        return "(malformed URL)"


def _slack_escape(text: str) -> str:
    # Slack's mrkdwn treats these three as control characters.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _send_webhook(url: str, config: NotifyConfig, text: str) -> str:
    target = f"webhook {_redacted(url)}"
    try:
        response = httpx.post(
            url,
            json={"text": _slack_escape(text)},
            timeout=config.timeout_s,
            follow_redirects=False,
        )
        response.raise_for_status()
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        return _outcome(target, exc)
    return _outcome(target, detail=f" (HTTP {response.status_code})")


def _send_email(config: NotifyConfig, subject: str, text: str) -> str:
    recipients = ", ".join(config.email_to)
    target = f"email to {recipients} via {config.smtp_host}:{config.smtp_port}"
    try:
        message = EmailMessage()
        message["Subject"] = subject
        message["From"] = config.email_from
        message["To"] = recipients
        message.set_content(text)
        with smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=config.timeout_s) as smtp:
            if config.smtp_starttls:
                smtp.starttls()
            if config.smtp_username:
                smtp.login(config.smtp_username, _password(config))
            smtp.send_message(message)
    except (OSError, ValueError) as exc:  # smtplib.SMTPException is an OSError
        return _outcome(target, exc)
    return _outcome(target)


def _outcome(target: str, exc: BaseException | None = None, detail: str = "") -> str:
    """The one line a notification's outcome is logged and reported as."""
    if exc is not None:
        line = f"{target}: failed: {type(exc).__name__}: {_first_line(exc)}"
        log.warning("%s", line)
    else:
        line = f"{target}: sent{detail}"
        log.info("%s", line)
    return line


def _password(config: NotifyConfig) -> str:
    name = config.smtp_password_env
    if not name:
        raise ValueError("notify.smtp_username is set but notify.smtp_password_env is not")
    value = os.environ.get(name)
    if value is None:
        raise ValueError(f"environment variable {name} (notify.smtp_password_env) is not set")
    return value


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else "(no message)"
