"""A test client that speaks to the OpenRosa server as ODK Collect does (Digest auth, multipart)."""

from __future__ import annotations

import hashlib
import re
import uuid
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


class CollectClient:
    """Answers the server's Digest challenge like Collect: first request unauthenticated, then with the header."""

    def __init__(self, username: str, password: str) -> None:
        self.client = Client()
        self.username, self.password = username, password
        self.nonce = ""
        self.nc = 0

    def _header(self, method: str, uri: str) -> dict[str, str]:
        if not self.nonce:
            return {}
        self.nc += 1
        nc, cnonce = f"{self.nc:08x}", uuid.uuid4().hex[:16]
        ha1 = _md5(f"{self.username}:SOSTECI:{self.password}")
        ha2 = _md5(f"{method}:{uri}")
        response = _md5(f"{ha1}:{self.nonce}:{nc}:{cnonce}:auth:{ha2}")
        value = (
            f'Digest username="{self.username}", realm="SOSTECI", nonce="{self.nonce}", uri="{uri}", '
            f'algorithm=MD5, response="{response}", qop=auth, nc={nc}, cnonce="{cnonce}"'
        )
        return {"HTTP_AUTHORIZATION": value}

    def request(self, method: str, uri: str, **kwargs: Any) -> Any:
        call = getattr(self.client, method.lower())
        response = call(uri, **kwargs, **self._header(method, uri))
        if response.status_code == 401 and "WWW-Authenticate" in response:
            match = re.search(r'nonce="([^"]+)"', response["WWW-Authenticate"])
            if match:
                self.nonce, self.nc = match.group(1), 0
                response = call(uri, **kwargs, **self._header(method, uri))
        return response

    def get(self, uri: str) -> Any:
        return self.request("GET", uri)

    def head(self, uri: str) -> Any:
        return self.request("HEAD", uri)

    def submit(
        self, xml: str | bytes, *, attachments: dict[str, bytes] | None = None, field: str = "xml_submission_file"
    ) -> Any:
        data: dict[str, Any] = {}
        if xml is not None:
            content = xml.encode() if isinstance(xml, str) else xml
            data[field] = SimpleUploadedFile("submission.xml", content, content_type="text/xml")
        for name, content in (attachments or {}).items():
            data[name] = SimpleUploadedFile(name, content, content_type="image/jpeg")
        self.head("/openrosa/submission")
        return self.request("POST", "/openrosa/submission", data=data)
