"""Notifications against real local servers: an HTTP webhook receiver and an SMTP sink."""

from __future__ import annotations

import json
import socket
import socketserver
import threading
from collections.abc import Iterator
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from claimdiff.config import NotifyConfig, parse_config
from claimdiff.outputs.notify import notify_run, summary_text
from claimdiff.records import RunSummary

SUMMARY = {
    "run_id": "20261101T170000Z-abc123",
    "mode": "checks-only",
    "status": "completed_with_warnings",
    "nothing_new": False,
    "notices": ["checks-only: models are switched off"],
    "counts": {
        "ingest": {"read": 9, "new": 7},
        "judge": {"new": 3},
        "export": {"flagged": 4},
        "findings_by_severity": {"high": 2, "medium": 1, "low": 1},
    },
    "failed_stages": [],
    "errors": [{"stage": "ingest", "where": "a.jsonl:3", "message": "bad JSON", "item_id": None}],
    "outputs": {"flags_csv": "/srv/out/flags.csv", "run_json": "/srv/out/run.json"},
}
TOP = [
    {
        "severity": "high",
        "kind": "commitment_inflated",
        "reasons": "'will deploy' <> '공급하기로 합의했다'",
        "original_outlet": "Helion Newsroom",
        "report_outlet": "한빛일보",
    }
]


class _Hook(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((self.path, self.headers["Content-Type"], body))  # type: ignore[attr-defined]
        self.send_response(self.server.status)  # type: ignore[attr-defined]
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    server.received = []  # type: ignore[attr-defined]
    server.status = 200  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


class _SMTPSink(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) to accept one message; a real client talks to it."""

    def handle(self) -> None:
        self.wfile.write(b"220 sink ESMTP\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250 sink\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 go ahead\r\n")
                data = b""
                while (chunk := self.rfile.readline()) != b".\r\n":
                    data += chunk
                self.server.messages.append(data)  # type: ignore[attr-defined]
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:  # MAIL FROM, RCPT TO, RSET, NOOP
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def smtp_sink() -> Iterator[socketserver.ThreadingTCPServer]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPSink)
    server.daemon_threads = True
    server.messages = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_off_by_default_sends_nothing() -> None:
    config = parse_config({}).notify
    assert config.webhook_url is None and config.email_to == []
    assert notify_run(RunSummary.from_json(SUMMARY), config) == []


def test_webhook_posts_slack_compatible_json(webhook: ThreadingHTTPServer) -> None:
    port = webhook.server_address[1]
    url = f"http://127.0.0.1:{port}/services/T000/B000/secret-token"
    results = notify_run(RunSummary.from_json(SUMMARY), NotifyConfig(webhook_url=url), TOP)
    assert results == ["webhook http://127.0.0.1/…: sent (HTTP 200)"]
    assert "secret-token" not in results[0]
    ((path, content_type, body),) = webhook.received  # type: ignore[attr-defined]
    assert path == "/services/T000/B000/secret-token"
    assert content_type == "application/json"
    text = json.loads(body)["text"]
    assert "completed_with_warnings" in text
    assert "4 finding(s) (high 2, medium 1, low 1)" in text
    assert "/srv/out/flags.csv" in text
    assert "한빛일보" in text
    assert "&lt;&gt;" in text  # Slack control characters escaped


@pytest.mark.parametrize("status", [404, 500])
def test_webhook_error_status_is_reported_not_raised(
    webhook: ThreadingHTTPServer, status: int
) -> None:
    webhook.status = status  # type: ignore[attr-defined]
    url = f"http://127.0.0.1:{webhook.server_address[1]}/hook"
    (result,) = notify_run(RunSummary.from_json(SUMMARY), NotifyConfig(webhook_url=url))
    assert "failed" in result and str(status) in result


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/hook",  # nothing listening
        "ftp://127.0.0.1/hook",  # not HTTP
        "http://[bad",  # not a URL
    ],
)
def test_unreachable_webhook_is_reported_not_raised(url: str) -> None:
    config = NotifyConfig(webhook_url=url.format(port=_closed_port()), timeout_s=2)
    (result,) = notify_run(RunSummary.from_json(SUMMARY), config)
    assert result.startswith("webhook") and ": failed: " in result


def test_email_is_delivered_over_smtp(smtp_sink: socketserver.ThreadingTCPServer) -> None:
    config = NotifyConfig(
        email_to=["desk@example.org", "lead@example.org"],
        email_from="claimdiff@example.org",
        smtp_host="127.0.0.1",
        smtp_port=smtp_sink.server_address[1],
    )
    (result,) = notify_run(RunSummary.from_json(SUMMARY), config, TOP)
    assert result.endswith(": sent"), result
    (raw,) = smtp_sink.messages  # type: ignore[attr-defined]
    message = message_from_bytes(raw, policy=policy.default)
    assert message["To"] == "desk@example.org, lead@example.org"
    assert message["Subject"] == "claimdiff run completed_with_warnings: 4 finding(s) to review"
    body = message.get_content()
    assert "/srv/out/flags.csv" in body and "한빛일보" in body


def test_email_failures_are_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    closed = NotifyConfig(email_to=["a@example.org"], smtp_host="127.0.0.1",
                          smtp_port=_closed_port(), timeout_s=2)  # fmt: skip
    (result,) = notify_run(RunSummary.from_json(SUMMARY), closed)
    assert ": failed: " in result

    monkeypatch.delenv("CLAIMDIFF_TEST_SMTP_PASSWORD", raising=False)
    no_password = closed.model_copy(
        update={"smtp_username": "u", "smtp_password_env": "CLAIMDIFF_TEST_SMTP_PASSWORD"}
    )
    (result,) = notify_run(RunSummary.from_json(SUMMARY), no_password)
    assert ": failed: " in result


def test_both_channels_one_failing(webhook: ThreadingHTTPServer) -> None:
    config = NotifyConfig(
        webhook_url=f"http://127.0.0.1:{webhook.server_address[1]}/hook",
        email_to=["a@example.org"],
        smtp_host="127.0.0.1",
        smtp_port=_closed_port(),
        timeout_s=2,
    )
    results = notify_run(RunSummary.from_json(SUMMARY), config)
    assert [("sent" in r, "failed" in r) for r in results] == [(True, False), (False, True)]


@pytest.mark.parametrize(
    ("summary", "expected", "absent"),
    [
        (SUMMARY, ["Items that could not be processed: 1", "Notice: checks-only"], ["lost too"]),
        (
            {**SUMMARY, "nothing_new": True, "errors": [], "failed_stages": []},
            ["No new articles since the last run"],
            ["Items that could not", "Articles:"],
        ),
        (
            {**SUMMARY, "status": "failed", "failed_stages": ["ingest", "segment"]},
            [
                "claimdiff run 20261101T170000Z-abc123: failed",
                "lost too many items: ingest, segment",
            ],
            [],
        ),
        ({"run_id": "r", "status": "completed"}, ["0 finding(s) (high 0, medium 0, low 0)"], []),
    ],
)
def test_summary_text(summary: dict, expected: list[str], absent: list[str]) -> None:
    text = summary_text(RunSummary.from_json(summary))
    for part in expected:
        assert part in text
    for part in absent:
        assert part not in text


def test_top_findings_are_capped_by_config(webhook: ThreadingHTTPServer) -> None:
    url = f"http://127.0.0.1:{webhook.server_address[1]}/hook"
    rows = [{**TOP[0], "kind": f"kind{i}"} for i in range(10)]
    notify_run(RunSummary.from_json(SUMMARY), NotifyConfig(webhook_url=url, top_findings=3), rows)
    text = json.loads(webhook.received[0][2])["text"]  # type: ignore[attr-defined]
    assert [f"kind{i}" in text for i in range(10)] == [True] * 3 + [False] * 7
