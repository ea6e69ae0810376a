"""Two checks every request passes before any route runs (pure ASGI, nothing buffered):

- body size: a declared Content-Length above the limit is refused with 413 before a byte of the
  body is read; a body without one (chunked) is read here only up to the limit and refused the
  moment it passes it. Multipart uploads have their own, larger limit.
- origin: a state-changing request that names its origin (Origin, else Referer) must come from
  this server or from RAFF_ALLOWED_ORIGINS; a page elsewhere cannot post into a session here,
  whatever the browser does with SameSite (which ignores the port).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

__all__ = ["RequestChecks"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_SAFE = {"GET", "HEAD", "OPTIONS"}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else url


class RequestChecks:
    def __init__(
        self,
        app: ASGIApp,
        *,
        max_request_bytes: int,
        max_upload_bytes: int,
        allowed_origins: frozenset[str] = frozenset(),
    ) -> None:
        self.app = app
        self.max_request = max_request_bytes
        self.max_upload = max_upload_bytes
        self.allowed = frozenset(_origin(o.strip()) for o in allowed_origins if o.strip())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if scope["method"] not in _SAFE and not self._origin_ok(scope, headers):
            await _refuse(
                scope,
                send,
                403,
                "this request comes from another site (Origin/Referer); it is refused",
            )
            return
        multipart = headers.get("content-type", "").startswith("multipart/form-data")
        limit = self.max_upload if multipart else self.max_request
        declared = headers.get("content-length")
        if declared is not None:
            if not declared.isdigit():
                await _refuse(scope, send, 400, "Content-Length is not a number")
                return
            if int(declared) > limit:
                await _refuse(scope, send, 413, _too_large(limit))
                return
        if declared is None and scope["method"] not in _SAFE:
            # no declared length (chunked): read up to the limit here, refuse past it
            body = bytearray()
            more = True
            while more:
                message = await receive()
                if message["type"] != "http.request":
                    return  # the client went away
                body += message.get("body", b"")
                more = bool(message.get("more_body", False))
                if len(body) > limit:
                    await _refuse(scope, send, 413, _too_large(limit))
                    return
            replayed = False

            async def replay() -> Message:
                nonlocal replayed
                if replayed:
                    return await receive()
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}

            await self.app(scope, replay, send)
            return
        await self.app(scope, receive, send)

    def _origin_ok(self, scope: Scope, headers: dict[str, str]) -> bool:
        claimed = headers.get("origin") or headers.get("referer")
        if not claimed:
            return True  # not a browser form or fetch: the CSRF token still applies
        own = f"{scope.get('scheme', 'http')}://{headers.get('host', '')}".lower()
        return _origin(claimed) in self.allowed | {own}


def _too_large(limit: int) -> str:
    return f"the request body is larger than the limit of {limit:,} bytes"


async def _refuse(scope: Scope, send: Send, status: int, message: str) -> None:
    api = str(scope.get("path", "")).startswith("/api")
    if api:
        body = json.dumps({"error": message, "kind": "RequestRefused"}).encode()
        kind = b"application/json"
    else:
        body = message.encode()
        kind = b"text/plain; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
