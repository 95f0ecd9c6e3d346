"""The web server behind `jdlint serve`: one static page and a small JSON API over the same
engine, reporters and fixes the command line uses. It reads no files and writes none."""

from __future__ import annotations

import json
import re
from html import escape
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import api, fixes, roles
from ..catalog import catalogue
from ..config import LANGS, LEVEL_NAMES, Config, from_mapping
from ..data import STATIC, asset
from ..docs import rule_markdown
from ..engine import active_rules
from ..model import Result
from ..readability import stats
from ..reporters.machine import result_dict
from ..source import InputError
from ..yamlio import ConfigError

MAX_BODY = 1024 * 1024
PATH = "<web>"
_LINT_KEYS = {"text", "language", "role", "level", "config"}
_REFUSED_CONFIG = {"rule-dirs", "model-dirs"}  # the web must not make the server read its disk
# C0 controls never found in prose (tab, newlines and form feed are fine); lone surrogates cannot
# be encoded as UTF-8 and so cannot be answered.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ud800-\udfff]")


class BadRequest(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


async def _body(request: Request, extra_keys: set[str] = frozenset()) -> dict[str, Any]:
    """The JSON object of a request, read at most MAX_BODY bytes far, with known keys only."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise BadRequest(f"request body is larger than {MAX_BODY} bytes", 413)
    data = b""
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_BODY:
            raise BadRequest(f"request body is larger than {MAX_BODY} bytes", 413)
    try:
        body = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest(f"invalid JSON: {exc}") from None
    if not isinstance(body, dict):
        raise BadRequest("the request body must be a JSON object")
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


async def lint(request: Request) -> Response:
    body = await _body(request)
    return JSONResponse(result_dict(_lint(body["text"], _config(body))))


async def fix(request: Request) -> Response:
    """Apply fixes: "safe" or "all" as `--fix` (and `--unsafe-fixes`) would, or the fixes of the
    findings at the given indices of the /api/lint answer for the same request."""
    body = await _body(request, {"fixes"})
    wanted = body.get("fixes", "safe")
    cfg = _config(body)
    if wanted in ("safe", "all"):
        text, _, applied = fixes.fix_text(body["text"], lambda t: _lint(t, cfg), unsafe=wanted == "all")
        return JSONResponse({"text": text, "applied": applied})
    if not isinstance(wanted, list) or not wanted or not all(type(i) is int for i in wanted):
        raise BadRequest('\'fixes\' must be "safe", "all" or a non-empty list of finding indices')
    result = _lint(body["text"], cfg)
    chosen = []
    for i in wanted:
        if not 0 <= i < len(result.findings):
            raise BadRequest(f"no finding at index {i} (there are {len(result.findings)})")
        if result.findings[i].fix is None:
            raise BadRequest(f"finding {i} ({result.findings[i].name}) has no fix")
        chosen.append(result.findings[i].fix)
    text, applied = fixes.apply(body["text"], chosen)
    return JSONResponse({"text": text, "applied": applied})


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


def create_app() -> Starlette:
    handlers: dict[Any, Any] = {e: _bad_request for e in (BadRequest, ConfigError, InputError, HTTPException)}
    handlers[Exception] = _bad_request
    return Starlette(
        routes=[
            Route("/", index),
            Route("/api/lint", lint, methods=["POST"]),
            Route("/api/fix", fix, methods=["POST"]),
            Route("/api/stats", summary, methods=["POST"]),
            Route("/api/rules", rules_list),
            Route("/api/roles", roles_list),
            Route("/rules/{name}", rule_page),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        exception_handlers=handlers,
    )


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
    server = uvicorn.Server(uvicorn.Config(create_app(), log_level="warning"))
    server.run(sockets=[sock])
