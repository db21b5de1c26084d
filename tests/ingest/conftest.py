"""Fixtures: real HTTP servers on loopback addresses for the ingestion tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ingest.httpsite import Site, start_site


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    s = start_site()
    yield s
    assert s.server is not None
    s.server.shutdown()
    s.server.server_close()


@pytest.fixture(scope="module")
def internal_site() -> Iterator[Site]:
    """A second server on another loopback address: the "private" target of redirects."""
    try:
        s = start_site("127.0.0.2")
    except OSError:  # macOS configures only 127.0.0.1 on lo0
        pytest.skip("cannot bind 127.0.0.2 on this machine")
    yield s
    assert s.server is not None
    s.server.shutdown()
    s.server.server_close()
