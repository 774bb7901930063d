"""The current request's client address, available to services without passing the request around."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_client_ip: ContextVar[str | None] = ContextVar("sosteci_client_ip", default=None)


def client_ip() -> str | None:
    return _client_ip.get()


@contextmanager
def request_context(ip: str | None) -> Iterator[None]:
    token = _client_ip.set(ip)
    try:
        yield
    finally:
        _client_ip.reset(token)
