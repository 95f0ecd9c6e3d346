"""The web server behind `jdlint serve`: one static page and a small JSON API over the same
engine, reporters and fixes the command line uses. It reads no files and writes none."""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
from collections.abc import AsyncIterator, Callable
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import anyio
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import api, fixes, roles
from ..catalog import catalogue
from ..config import LANGS, LEVEL_NAMES, LINT_SECONDS, Config, from_mapping
from ..data import STATIC, asset
from ..docs import rule_markdown
from ..engine import active_rules
from ..formats import READERS, from_bytes
from ..model import Result
from ..readability import stats
from ..reporters.machine import result_dict
from ..source import InputError
from ..yamlio import ConfigError

MAX_BODY = 1024 * 1024
MAX_FILE = 16 * MAX_BODY  # a Word file with its pictures, in base64
DRAIN_BYTES = 8 * MAX_BODY  # past this the connection is simply closed
PATH = "<web>"
# Lints run in a few threads: the page and every other request stay answered meanwhile.
_WORKERS = anyio.CapacityLimiter(max(2, os.cpu_count() or 2))
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]
_LINT_KEYS = {"text", "language", "role", "level", "config"}
_REFUSED_CONFIG = {"rule-dirs", "model-dirs"}  # the web must not make the server read its disk
# C0 controls never found in prose (tab, newlines and form feed are fine); lone surrogates cannot
# be encoded as UTF-8 and so cannot be answered.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ud800-\udfff]")


class BadRequest(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


async def _json(request: Request, limit: int = MAX_BODY) -> dict[str, Any]:
    """The JSON object of a request, read at most `limit` bytes far."""
    too_big = BadRequest(f"request body is larger than {limit} bytes", 413)
    declared = request.headers.get("content-length", "")
    stream = request.stream()
    if declared.isdigit() and int(declared) > limit:
        await _drain(stream)
        raise too_big
    data = b""
    async for chunk in stream:
        data += chunk
        if len(data) > limit:
            await _drain(stream)
            raise too_big
    try:
        body = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest(f"invalid JSON: {exc}") from None
    except RecursionError:
        raise BadRequest("invalid JSON: nested too deeply") from None
    if not isinstance(body, dict):
        raise BadRequest("the request body must be a JSON object")
    return body


async def _body(request: Request, extra_keys: set[str] = frozenset()) -> dict[str, Any]:
    """The JSON object of a lint request, with known keys only and a text to lint."""
    body = await _json(request)
    unknown = sorted(set(body) - _LINT_KEYS - extra_keys)
    if unknown:
        raise BadRequest(f"unknown key '{unknown[0]}' (known: {', '.join(sorted(_LINT_KEYS | extra_keys))})")
    text = body.get("text")
    if not isinstance(text, str):
        raise BadRequest("'text' is required and must be a string")
    if not text.strip():
        raise BadRequest("'text' is empty")
    bad = _BAD_CHARS.search(text)
    if bad:
        raise BadRequest(f"'text' contains binary data (character U+{ord(bad.group()):04X} at {bad.start()})")
    return body


async def _drain(stream: AsyncIterator[bytes]) -> None:
    """Read and drop what is left of a refused body, up to a bound, so the client that is still
    sending it gets the answer rather than a broken pipe."""
    left = DRAIN_BYTES
    async for chunk in stream:
        left -= len(chunk)
        if left <= 0:
            return


def _choice(body: dict[str, Any], key: str, allowed: tuple[str, ...] | list[str]) -> str | None:
    value = body.get(key)
    if value in (None, "auto"):
        return None
    if value not in allowed:
        raise BadRequest(f"'{key}' must be one of: auto, {', '.join(allowed)} (got {value!r})")
    return str(value)


def _config(body: dict[str, Any]) -> Config:
    """The request's configuration: `config` validated as .jdlint.yaml, then its choices."""
    mapping = body.get("config")
    if mapping is not None and not isinstance(mapping, dict):
        raise BadRequest("'config' must be an object like the content of .jdlint.yaml")
    refused = sorted(_REFUSED_CONFIG & set(mapping or {}))
    if refused:
        raise BadRequest(f"config key '{refused[0]}' is not allowed from the web")
    cfg = from_mapping(mapping, PATH).with_overrides(
        language=_choice(body, "language", LANGS),
        role=_choice(body, "role", list(roles.models())),
        level=_choice(body, "level", LEVEL_NAMES),
    )
    active_rules(cfg)  # unknown rule names and options are the caller's mistake: say so before linting
    return cfg


def _lint(text: str, cfg: Config) -> Result:
    return api.lint_text(text, path=PATH, config=cfg)


async def _in_worker(fn: Callable[..., Any], *args: Any) -> Any:
    """Run a lint in the worker pool, within the time limit (503 past it; the lint finishes in
    its thread)."""
    try:
        with anyio.fail_after(LINT_SECONDS):
            return await anyio.to_thread.run_sync(fn, *args, limiter=_WORKERS, abandon_on_cancel=True)
    except TimeoutError:
        raise BadRequest(f"the posting took longer than {LINT_SECONDS:g} s to check; try a shorter text", 503) from None


async def lint(request: Request) -> Response:
    body = await _body(request)
    cfg = _config(body)
    return JSONResponse(result_dict(await _in_worker(_lint, body["text"], cfg)))


async def fix(request: Request) -> Response:
    """Apply fixes: "safe" or "all" as `--fix` (and `--unsafe-fixes`) would, or the fixes of the
    findings at the given indices of the /api/lint answer for the same request."""
    body = await _body(request, {"fixes"})
    wanted = body.get("fixes", "safe")
    cfg = _config(body)
    if wanted in ("safe", "all"):
        text, _, applied = await _in_worker(
            lambda: fixes.fix_text(body["text"], lambda t: _lint(t, cfg), unsafe=wanted == "all")
        )
        return JSONResponse({"text": text, "applied": applied})
    if not isinstance(wanted, list) or not wanted or not all(type(i) is int for i in wanted):
        raise BadRequest('\'fixes\' must be "safe", "all" or a non-empty list of finding indices')
    result = await _in_worker(_lint, body["text"], cfg)
    chosen = []
    for i in wanted:
        if not 0 <= i < len(result.findings):
            raise BadRequest(f"no finding at index {i} (there are {len(result.findings)})")
        if result.findings[i].fix is None:
            raise BadRequest(f"finding {i} ({result.findings[i].name}) has no fix")
        chosen.append(result.findings[i].fix)
    text, applied = fixes.apply(body["text"], chosen)
    return JSONResponse({"text": text, "applied": applied})


async def read_file(request: Request) -> Response:
    """A Word file or web page (`name` and base64 `data`) read into the Markdown the page edits."""
    body = await _json(request, MAX_FILE)
    name, data = body.get("name"), body.get("data")
    if not isinstance(name, str) or Path(name).suffix.lower() not in READERS:
        raise BadRequest(f"'name' must be a file name ending in one of: {', '.join(READERS)}")
    try:
        raw = base64.b64decode(data if isinstance(data, str) else "", validate=True)
    except binascii.Error:
        raise BadRequest("'data' must be the file's content in base64") from None
    source = await _in_worker(from_bytes, raw, Path(name).name)
    return JSONResponse({"text": source.text})


async def summary(request: Request) -> Response:
    body = await _body(request)
    return JSONResponse(stats(body["text"], _choice(body, "language", LANGS) or ""))


async def rules_list(request: Request) -> Response:
    return JSONResponse([r.info() for r in catalogue()])


async def roles_list(request: Request) -> Response:
    return JSONResponse(
        [{"id": m.id, "name": m.name, "family": m.family, "level": m.level} for m in roles.models().values()]
    )


async def rule_page(request: Request) -> Response:
    from markdown_it import MarkdownIt

    name = request.path_params["name"]
    rule = next((r for r in catalogue() if name in (r.name, r.code)), None)
    if rule is None:
        raise HTTPException(404, f"unknown rule '{name}'")
    body = MarkdownIt("commonmark", {"html": False}).render(rule_markdown(rule))  # raw HTML comes out escaped
    return HTMLResponse(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(rule.code)} {escape(rule.name)} · jdlint</title>"
        f'<link rel="stylesheet" href="/static/style.css"></head>'
        f'<body class="doc"><p><a href="/">← Back to the checker</a></p><main>{body}</main></body></html>'
    )


async def index(request: Request) -> Response:
    return HTMLResponse(asset("index.html"))


async def _bad_request(request: Request, exc: Exception) -> Response:
    if isinstance(exc, BadRequest):
        return JSONResponse({"error": str(exc)}, exc.status)
    if isinstance(exc, ConfigError | InputError):
        return JSONResponse({"error": str(exc)}, 400)
    if isinstance(exc, HTTPException):
        return JSONResponse({"error": exc.detail}, exc.status_code)
    return JSONResponse({"error": f"internal error: {type(exc).__name__}"}, 500)


class Guard:
    """Only its user reaches the local server: a Host of the machine itself (against DNS
    rebinding), no Origin but the page's own (against any site the browser visits), JSON bodies
    only (a cross-site form cannot send them), and security headers on every answer."""

    def __init__(self, app: Any, hosts: set[str] | None) -> None:
        self.app, self.hosts = app, hosts  # hosts None: any (the server listens on all addresses)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        host = headers.get("host", "").lower()
        name = host[: host.index("]") + 1] if host.startswith("[") else host.rsplit(":", 1)[0]
        origin = headers.get("origin")
        refusal = None
        if self.hosts is not None and name not in self.hosts:
            refusal = 403, f"host '{name}' is not this machine: open the page at http://127.0.0.1"
        elif origin is not None and urlsplit(origin).netloc.lower() != host:
            refusal = 403, "requests from other sites are refused"
        elif scope["method"] == "POST" and headers.get("content-type", "").split(";")[0].strip() != "application/json":
            refusal = 415, "send the request as application/json"

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        if refusal:
            await JSONResponse({"error": refusal[1]}, refusal[0])(scope, receive, send_with_headers)
        else:
            await self.app(scope, receive, send_with_headers)


def create_app(host: str = "127.0.0.1") -> Any:
    handlers: dict[Any, Any] = {e: _bad_request for e in (BadRequest, ConfigError, InputError, HTTPException)}
    handlers[Exception] = _bad_request
    hosts = None if host in ("0.0.0.0", "::", "") else LOOPBACK | {host.lower(), f"[{host.lower()}]"}
    return Guard(_routes(handlers), hosts)


def _routes(handlers: dict[Any, Any]) -> Starlette:
    return Starlette(
        routes=[
            Route("/", index),
            Route("/api/lint", lint, methods=["POST"]),
            Route("/api/fix", fix, methods=["POST"]),
            Route("/api/stats", summary, methods=["POST"]),
            Route("/api/read", read_file, methods=["POST"]),
            Route("/api/rules", rules_list),
            Route("/api/roles", roles_list),
            Route("/rules/{name}", rule_page),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        exception_handlers=handlers,
    )


REQUEST_SECONDS = 10  # a connection must send its first request's headers within this


def _protocol() -> Any:
    """uvicorn's HTTP protocol, closing a connection that sends no whole request in time
    (uvicorn waits forever for the first one: idle and half-open sockets pile up)."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class Protocol(H11Protocol):  # type: ignore[misc]
        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self.loop.call_later(REQUEST_SECONDS, self._drop_if_silent)

        def _drop_if_silent(self) -> None:
            if self.cycle is None and not self.transport.is_closing():
                self.transport.close()

    return Protocol


def serve(host: str, port: int) -> None:
    """Run the server, printing its address once the socket is bound (port 0 picks a free one)."""
    import socket

    import uvicorn

    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)  # from here connections wait in the backlog, so the printed URL works at once
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    print(f"jdlint is serving on http://{shown}:{bound}/ (Ctrl+C to stop)", flush=True)
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(host),
            log_level="warning",
            http=_protocol(),
            timeout_keep_alive=5,  # an idle connection after an answer
            limit_concurrency=256,  # beyond this, 503 rather than running out of file descriptors
            timeout_graceful_shutdown=3,
        )
    )
    server.run(sockets=[sock])
