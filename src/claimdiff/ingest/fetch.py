"""Polite, safe HTTP fetching with httpx.

Politeness: one User-Agent, robots.txt (RFC 9309) honoured by default, per-host concurrency and
spacing (raised to a robots.txt Crawl-delay), conditional GET with remembered validators,
retries with exponential backoff on 5xx / 429 / network errors honouring Retry-After.

Safety: only http and https; redirects are followed by hand so that every hop is checked;
a host that resolves to a private, loopback, link-local or otherwise non-global address is
refused unless the configuration allows it, and the address actually connected to is checked
again after connecting (a DNS answer can change between the check and the connection).
Bodies are streamed and cut off at ``max_bytes``; content types are checked per kind.
"""

from __future__ import annotations

import asyncio
import email.utils
import ipaddress
import logging
import socket
import time
import urllib.robotparser
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Literal, Protocol
from urllib.parse import urljoin, urlsplit

import httpx

from claimdiff.config import FetchConfig
from claimdiff.errors import ConfigError, InputError

log = logging.getLogger(__name__)

Kind = Literal["page", "feed", "sitemap", "robots"]
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})


class ValidatorStore(Protocol):
    """Where ETag / Last-Modified are remembered between runs (claimdiff.store.Store)."""

    def get_http_validators(self, url: str) -> dict[str, str | None] | None:
        """The ``etag`` and ``last_modified`` stored for ``url``, or None."""
        ...

    def put_http_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Remember the validators of a response that was ingested."""
        ...


class FetchError(InputError):
    """A URL could not be fetched. ``skipped`` marks deliberate non-fetches (robots.txt)."""

    def __init__(
        self, url: str, message: str, *, skipped: bool = False, status: int | None = None
    ) -> None:
        self.url = url
        self.skipped = skipped
        self.status = status  # the HTTP status, when the server answered
        super().__init__(message)


@dataclass(frozen=True)
class Fetched:
    """A response: the body when it changed, ``not_modified`` after a 304."""

    url: str  # final URL after redirects
    status: int
    body: bytes
    media_type: str
    charset: str | None
    not_modified: bool = False
    # (url, etag, last_modified) to remember once the item is safely ingested
    validators: tuple[str, str | None, str | None] | None = None


@dataclass
class _Host:
    semaphore: asyncio.Semaphore
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_at: float = 0.0
    delay: float = 0.0


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _media_type(content_type: str | None) -> tuple[str, str | None]:
    if not content_type:
        return "", None
    parts = [p.strip() for p in content_type.split(";")]
    charset = None
    for p in parts[1:]:
        if p.lower().startswith("charset="):
            charset = p.split("=", 1)[1].strip().strip("\"'") or None
    return parts[0].lower(), charset


class Fetcher:
    """An async HTTP client that fetches the way issue 5 and the config say. Use as a context."""

    def __init__(self, config: FetchConfig, validators: ValidatorStore | None = None) -> None:
        self.config = config
        self.validators = validators
        try:
            self._allowed_nets = [
                ipaddress.ip_network(n, strict=False) for n in config.allowed_private_networks
            ]
        except ValueError as exc:
            raise ConfigError(f"fetch.allowed_private_networks: {exc}") from None
        self._hosts: dict[str, _Host] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | FetchError] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._client: httpx.AsyncClient | None = None
        self._types: dict[Kind, tuple[str, ...]] = {
            "page": tuple(config.page_content_types),
            "feed": tuple(config.feed_content_types),
            "sitemap": tuple(config.sitemap_content_types),
            "robots": (),
        }

    async def __aenter__(self) -> Fetcher:
        self._client = httpx.AsyncClient(
            headers={"User-Agent": self.config.user_agent},
            timeout=httpx.Timeout(self.config.timeout_s),
            follow_redirects=False,  # every hop is checked by hand
            trust_env=False,  # an environment proxy would hide the address we check
            limits=httpx.Limits(max_connections=self.config.max_connections),
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()

    # --- safety -------------------------------------------------------------------------------

    def _address_allowed(self, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if ip.is_global and not ip.is_multicast:
            return True
        return self.config.allow_private_addresses or any(ip in net for net in self._allowed_nets)

    def _refusal(self, url: str, host: str, ip: object) -> FetchError:
        return FetchError(
            url,
            f"refused: {host} resolves to {ip}, a private, loopback or link-local address "
            "(set fetch.allow_private_addresses: true, or list the network in "
            "fetch.allowed_private_networks, for intranet sources)",
        )

    async def _check_url(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https"):
            raise FetchError(
                url,
                f"refused: only http and https URLs are fetched, got {parts.scheme or 'no'} scheme",
            )
        host = parts.hostname
        if not host:
            raise FetchError(url, "refused: the URL has no host")
        try:
            port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        except ValueError:
            raise FetchError(url, "refused: the URL has an invalid port") from None
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM
            )
        except socket.gaierror as exc:
            raise FetchError(url, f"cannot resolve host {host}: {exc.strerror}") from None
        for info in infos:
            ip = ipaddress.ip_address(info[4][0].split("%", 1)[0])
            if not self._address_allowed(ip):
                raise self._refusal(url, host, ip)

    def _check_peer(self, url: str, response: httpx.Response) -> None:
        stream = response.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        if not peer:
            return
        ip = ipaddress.ip_address(str(peer[0]).split("%", 1)[0])
        if not self._address_allowed(ip):
            raise self._refusal(url, urlsplit(url).hostname or "", ip)

    # --- politeness ---------------------------------------------------------------------------

    def _host(self, url: str) -> _Host:
        key = urlsplit(url).netloc.lower()
        if key not in self._hosts:
            self._hosts[key] = _Host(
                asyncio.Semaphore(self.config.per_host_concurrency),
                delay=self.config.per_host_delay_s,
            )
        return self._hosts[key]

    async def _wait_turn(self, host: _Host) -> None:
        # Requests to one host start at least `delay` apart, whatever the concurrency.
        async with host.lock:
            now = time.monotonic()
            wait = host.next_at - now
            host.next_at = max(now, host.next_at) + host.delay
        if wait > 0:
            await asyncio.sleep(wait)

    async def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser | FetchError:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin in self._robots:
                return self._robots[origin]
            parser = urllib.robotparser.RobotFileParser()
            result: urllib.robotparser.RobotFileParser | FetchError = parser
            try:
                fetched = await self._get(origin + "/robots.txt", "robots", conditional=False)
                parser.parse(fetched.body.decode("utf-8", errors="replace").splitlines())
            except FetchError as exc:
                if exc.status is not None and 400 <= exc.status < 500:
                    parser.parse([])  # RFC 9309: robots.txt "unavailable" -> everything allowed
                elif exc.status is not None:
                    # RFC 9309: "unreachable" (5xx) -> assume complete disallow
                    result = FetchError(
                        url, f"skipped: robots.txt of {origin} unreachable ({exc})", skipped=True
                    )
                else:
                    # No answer at all (refused, DNS, timeout): the source failed, it was not
                    # skipped by policy; a run whose every source fails is a failed run.
                    result = FetchError(url, f"robots.txt of {origin} unreachable ({exc})")
            if isinstance(result, urllib.robotparser.RobotFileParser):
                delay = result.crawl_delay(self.config.user_agent)
                if delay is not None:
                    host = self._host(origin + "/")
                    host.delay = max(host.delay, min(float(delay), self.config.max_crawl_delay_s))
            self._robots[origin] = result
            return result

    async def _check_robots(self, url: str) -> None:
        if not self.config.respect_robots:
            return
        robots = await self._robots_for(url)
        if isinstance(robots, FetchError):
            raise FetchError(url, str(robots), skipped=robots.skipped)
        if not robots.can_fetch(self.config.user_agent, url):
            raise FetchError(url, "skipped: disallowed by robots.txt", skipped=True)

    # --- fetching -----------------------------------------------------------------------------

    async def get(self, url: str, kind: Kind) -> Fetched:
        """Fetch one URL of the given kind (page, feed, sitemap) or raise FetchError."""
        return await self._get(url, kind, conditional=self.validators is not None)

    async def _get(self, url: str, kind: Kind, *, conditional: bool) -> Fetched:
        current = url
        for _hop in range(self.config.max_redirects + 1):
            await self._check_url(current)
            if kind != "robots":
                await self._check_robots(current)
            headers: dict[str, str] = {}
            if conditional and self.validators is not None:
                known = self.validators.get_http_validators(current) or {}
                if known.get("etag"):
                    headers["If-None-Match"] = str(known["etag"])
                if known.get("last_modified"):
                    headers["If-Modified-Since"] = str(known["last_modified"])
            result = await self._with_retries(current, kind, headers)
            if isinstance(result, str):  # a redirect target
                current = result
                continue
            return result
        raise FetchError(
            url, f"more than {self.config.max_redirects} redirects (fetch.max_redirects)"
        )

    async def _with_retries(self, url: str, kind: Kind, headers: dict[str, str]) -> Fetched | str:
        cfg = self.config
        attempts = cfg.retries + 1
        last = ""
        status: int | None = None
        for attempt in range(attempts):
            wait = cfg.backoff_s * (2**attempt)
            try:
                return await self._once(url, kind, headers)
            except _Retry as retry:
                last = retry.reason
                if retry.after is not None:
                    if retry.after > cfg.max_retry_after_s:
                        raise _status_error(
                            url,
                            f"{retry.reason}; the server asked to retry after {retry.after:.0f} s, "
                            f"more than fetch.max_retry_after_s={cfg.max_retry_after_s:g}",
                            retry.status,
                        ) from None
                    wait = max(wait, retry.after)
                status = retry.status
            if attempt + 1 < attempts:
                log.info("%s: %s; retry %d/%d in %.2f s", url, last, attempt + 1, cfg.retries, wait)
                await asyncio.sleep(wait)
        raise _status_error(
            url, f"{last} (gave up after {attempts} attempt{'s' * (attempts > 1)})", status
        )

    async def _once(self, url: str, kind: Kind, headers: dict[str, str]) -> Fetched | str:
        host = self._host(url)
        if self._client is None:
            raise RuntimeError("Fetcher used outside 'async with'")
        client = self._client

        async def request() -> Fetched | str:
            async with client.stream("GET", url, headers=headers) as response:
                self._check_peer(url, response)
                return await self._handle(url, kind, response)

        async with host.semaphore:
            await self._wait_turn(host)
            try:
                # httpx's timeout is per phase (a trickling server never trips it); this
                # bounds the whole request.
                return await asyncio.wait_for(request(), self.config.timeout_s)
            except (httpx.TimeoutException, asyncio.TimeoutError):
                raise _Retry(
                    f"timed out after {self.config.timeout_s:g} s (fetch.timeout_s)"
                ) from None
            except httpx.TransportError as exc:
                raise _Retry(f"network error: {exc.__class__.__name__}: {exc}") from None

    async def _handle(self, url: str, kind: Kind, response: httpx.Response) -> Fetched | str:
        status = response.status_code
        if status in _REDIRECT_STATUS:
            location = response.headers.get("location")
            if not location:
                raise _status_error(
                    url, f"HTTP {status} redirect without a Location header", status
                )
            target = urljoin(url, location)
            log.debug("%s: redirected to %s", url, target)
            return target
        if status == 304:
            return Fetched(url, status, b"", "", None, not_modified=True)
        if status in _RETRY_STATUS:
            raise _Retry(
                f"HTTP {status}", _retry_after(response.headers.get("retry-after")), status
            )
        if status >= 400:
            raise _status_error(url, f"HTTP {status} {response.reason_phrase}".strip(), status)
        if status != 200:
            raise _status_error(url, f"unexpected HTTP {status}", status)
        media, charset = _media_type(response.headers.get("content-type"))
        allowed = self._types[kind]
        if allowed and media not in allowed:
            raise FetchError(
                url,
                f"unexpected content type {media or '(none)'!r} for a {kind}; expected one of {', '.join(allowed)}",
            )
        body = await self._read_limited(url, response)
        etag, modified = response.headers.get("etag"), response.headers.get("last-modified")
        validators = (url, etag, modified) if (etag or modified) else None
        return Fetched(url, status, body, media, charset, validators=validators)

    async def _read_limited(self, url: str, response: httpx.Response) -> bytes:
        limit = self.config.max_bytes
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise FetchError(
                url, f"body of {int(declared)} bytes is larger than fetch.max_bytes={limit}"
            )
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(url, f"body larger than fetch.max_bytes={limit}; download stopped")
            chunks.append(chunk)
        return b"".join(chunks)


class _Retry(Exception):
    def __init__(self, reason: str, after: float | None = None, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.after = after
        self.status = status


def _status_error(url: str, message: str, status: int | None) -> FetchError:
    return FetchError(url, message, status=status)
