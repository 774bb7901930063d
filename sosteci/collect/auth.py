"""HTTP Digest (RFC 7616, MD5, qop=auth) and Basic authentication for ODK Collect, on collect credentials.

Nonces are stateless: a timestamp signed with the site's secret, valid for NONCE_SECONDS, so any app process
behind the proxy can check them. The credential stores HA1 = MD5(username:realm:password) only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from sosteci.access.models import User
from sosteci.collect.models import CollectCredential

REALM = "SOSTECI"
NONCE_SECONDS = 300
_PARAM = re.compile(r'(\w+)=(?:"([^"]*)"|([^,\s]*))')


def md5_hex(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def ha1_for(username: str, password: str, realm: str = REALM) -> str:
    return md5_hex(f"{username}:{realm}:{password}")


def _sign(timestamp: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"collect-nonce:{timestamp}".encode(), hashlib.sha256).hexdigest()[:32]


def new_nonce(now: float | None = None) -> str:
    timestamp = str(int(now if now is not None else time.time()))
    return f"{timestamp}.{_sign(timestamp)}"


def nonce_valid(nonce: str, now: float | None = None) -> bool:
    timestamp, _, signature = nonce.partition(".")
    if not timestamp.isdigit() or not hmac.compare_digest(signature, _sign(timestamp)):
        return False
    age = (now if now is not None else time.time()) - int(timestamp)
    return 0 <= age <= NONCE_SECONDS


def challenge(stale: bool = False) -> str:
    """The WWW-Authenticate header value of a 401."""
    value = f'Digest realm="{REALM}", qop="auth", algorithm=MD5, nonce="{new_nonce()}", opaque="{md5_hex(REALM)}"'
    return value + (", stale=true" if stale else "")


# Credentials are cached per process for a minute: a collector sends many submissions in a row. A revoked or
# changed credential takes effect within CACHE_SECONDS.
CACHE_SECONDS = 60
_cache: dict[str, tuple[float, CollectCredential | None]] = {}


def _credential(username: str) -> CollectCredential | None:
    now = time.monotonic()
    cached = _cache.get(username)
    if cached is not None and now - cached[0] < CACHE_SECONDS:
        return cached[1]
    credential = (
        CollectCredential.objects.select_related("user", "user__jurisdiction")
        .filter(user__username=username, is_active=True, user__is_active=True)
        .first()
    )
    if len(_cache) > 10_000:
        _cache.clear()
    _cache[username] = (now, credential)
    return credential


def forget(username: str) -> None:
    """Drop a cached credential (this process) after a change."""
    _cache.pop(username, None)


def _digest(request: HttpRequest, header: str) -> tuple[CollectCredential | None, bool]:
    params = {m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3) for m in _PARAM.finditer(header)}
    username, nonce, response = params.get("username", ""), params.get("nonce", ""), params.get("response", "")
    if not (username and nonce and response) or params.get("realm") != REALM:
        return None, False
    if not nonce_valid(nonce):
        return None, True  # stale: the client retries with a fresh nonce
    credential = _credential(username)
    if credential is None:
        return None, False
    ha2 = md5_hex(f"{request.method}:{params.get('uri', '')}")
    if params.get("qop") == "auth":
        expected = md5_hex(f"{credential.ha1}:{nonce}:{params.get('nc', '')}:{params.get('cnonce', '')}:auth:{ha2}")
    else:
        expected = md5_hex(f"{credential.ha1}:{nonce}:{ha2}")
    if not hmac.compare_digest(expected, response):
        return None, False
    return credential, False


def _basic(header: str) -> CollectCredential | None:
    try:
        decoded = base64.b64decode(header.split(" ", 1)[1].strip()).decode("utf-8")
    except (ValueError, IndexError, UnicodeDecodeError):
        return None
    username, _, password = decoded.partition(":")
    credential = _credential(username)
    if credential is None or not hmac.compare_digest(credential.ha1, ha1_for(username, password, credential.realm)):
        return None
    return credential


def authenticate(request: HttpRequest) -> tuple[User | None, bool]:
    """(user, stale): the user of a valid Digest or Basic Authorization header; stale when only the nonce aged."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme = header.split(" ", 1)[0].lower()
    if scheme == "digest":
        credential, stale = _digest(request, header)
    elif scheme == "basic":
        credential, stale = _basic(header), False
    else:
        return None, False
    if credential is None:
        return None, stale
    now = timezone.now()
    if credential.last_used_at is None or (now - credential.last_used_at).total_seconds() > 600:
        CollectCredential.objects.filter(pk=credential.pk).update(last_used_at=now)  # at most one write per 10 min
    return credential.user, False


def clear_cache() -> None:
    _cache.clear()
