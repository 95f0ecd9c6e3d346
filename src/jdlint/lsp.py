"""`jdlint lsp`: a language server over stdio (pygls).

Diagnostics are exactly what `jdlint --format lsp` prints for the same text and
configuration; quick fixes and "fix all" come from the same fixes as `jdlint --fix`.
All linting runs on one worker thread, so the engine is never entered twice at once and
the server keeps answering while a long posting is linted."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import sys
from collections.abc import Generator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidRequest, JsonRpcParseError
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.uris import to_fs_path

from . import __version__
from . import config as config_mod
from .config import LINT_SECONDS
from .engine import lint_source
from .fixes import fix_text
from .model import Result
from .reporters.machine import diagnostic, publish_params
from .reporters.positions import utf16
from .source import InputError, Source
from .yamlio import ConfigError

_SURROGATE = re.compile("[\ud800-\udfff]")
# A header line of the base protocol ("Content-Length: 123"), or the blank line that ends them.
_HEADER = re.compile(rb"(?:Content-Length: \d+|(?!Content-Length)[A-Za-z][A-Za-z0-9-]*: [^\r\n]*)?\r\n", re.I)
FIX_ALL_TITLE = "Fix all safe problems (jdlint)"
CONFIG_GLOBS = ("**/.jdlint.yaml", "**/.jdlint.yml", "**/pyproject.toml")
log = logging.getLogger(__name__)


def document_path(uri: str) -> str:
    """The file a document URI names; an unsaved buffer takes the configuration of the
    folder the server runs in."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    return path or str(Path.cwd() / "untitled.md")


def lint_document(uri: str, text: str) -> Result:
    """Lint an editor's text as the CLI lints the file it names (config, language detection)."""
    path = document_path(uri)
    return lint_source(Source(path, text), config_mod.for_file(path))


def diagnose(uri: str, text: str) -> tuple[dict[str, Any], Result | None]:
    """publishDiagnostics params for a document; a configuration or input problem becomes a
    single diagnostic on the first line instead of silence or a dead server."""
    bad = _SURROGATE.search(text)
    if bad:  # it could never be sent back as UTF-8: say so instead of going silent
        line = text.count("\n", 0, bad.start()) + 1
        message = f"line {line} holds a character that is not valid Unicode; save the file as UTF-8"
        return _problem(uri, text, message), None
    try:
        result = lint_document(uri, text)
    except (InputError, ConfigError) as exc:
        return _problem(uri, text, str(exc)), None
    except Exception as exc:  # an engine bug must not take the editor's linting down with it
        log.exception("linting %s failed", uri)
        return _problem(uri, text, f"jdlint failed: {exc!r}"), None
    return publish_params(result, uri), result


def _problem(uri: str, text: str, message: str) -> dict[str, Any]:
    text = _SURROGATE.sub("\ufffd", text)  # one UTF-16 unit each, as before: positions hold
    first_line_end = len(text.split("\n", 1)[0].rstrip("\r"))
    return {
        "uri": uri,
        "diagnostics": [
            {
                "range": {"start": {"line": 0, "character": 0}, "end": utf16(text, first_line_end)},
                "severity": 1,
                "code": "error",
                "source": "jdlint",
                "message": message,
            }
        ],
    }


def _text_edits(text: str, edits: Any) -> list[types.TextEdit]:
    return [
        types.TextEdit(range=_range(text, e.start, e.end), new_text=e.new_text)
        for e in sorted(edits, key=lambda e: e.start)
    ]


def _range(text: str, start: int, end: int) -> types.Range:
    a, b = utf16(text, start), utf16(text, end)
    return types.Range(types.Position(**a), types.Position(**b))


def minimal_edit(old: str, new: str) -> tuple[int, int, str]:
    """One edit turning old into new, trimmed to the changed middle so the cursor stays put."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return prefix, len(old) - suffix, new[prefix : len(new) - suffix]


def _wanted(kind: str, only: list[str] | None) -> bool:
    return not only or any(kind == o or kind.startswith(o + ".") for o in only)


def _overlaps(r: types.Range, start: dict[str, int], end: dict[str, int]) -> bool:
    lo = (r.start.line, r.start.character)
    hi = (r.end.line, r.end.character)
    return (start["line"], start["character"]) <= hi and lo <= (end["line"], end["character"])


class JdlintProtocol(LanguageServerProtocol):
    """pygls's protocol, made strict where the editor's correctness depends on it."""

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams) -> Generator[Any, Any, types.InitializeResult]:
        # A second initialize would make pygls forget every open document: refuse it.
        if getattr(self, "_jdlint_initialized", False):
            raise JsonRpcInvalidRequest("the server is already initialized")
        self._jdlint_initialized = True
        # Our positions are UTF-16 (the LSP default): keep pygls from agreeing to another.
        if params.capabilities.general is not None:
            params.capabilities.general.position_encodings = None
        return (yield from super().lsp_initialize(params))

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            # pygls only logs a request whose params do not parse; the client would wait forever.
            if isinstance(data, dict) and "id" in data and "method" in data:
                self._send_response(data["id"], None, exc.to_response_error())
            raise


class JdlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "jdlint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=JdlintProtocol,
        )
        self.worker = ThreadPoolExecutor(1, thread_name_prefix="jdlint-lint")
        self.results: dict[str, Result] = {}  # uri -> the latest successful lint
        self.pending: dict[str, asyncio.Task[None]] = {}

    def report_server_error(self, error: Exception, source: Any) -> None:
        if isinstance(error, json.JSONDecodeError):  # JSON-RPC: a parse error answers with id null
            self.protocol._send_response(None, None, JsonRpcParseError().to_response_error())  # type: ignore[arg-type]
        self.window_log_message(types.LogMessageParams(types.MessageType.Error, f"jdlint: {error}"))

    async def run(self, fn: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self.worker, fn, *args)

    def schedule(self, uri: str, delay: float = 0.0) -> None:
        """Lint a document after `delay`; a newer request for it replaces an older one."""
        old = self.pending.pop(uri, None)
        if old is not None:
            old.cancel()
        self.pending[uri] = asyncio.ensure_future(self._lint_later(uri, delay))

    async def _lint_later(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        doc = self.workspace.text_documents.get(uri)
        if doc is None:
            return
        text, version = doc.source, doc.version
        try:
            params, result = await asyncio.wait_for(self.run(diagnose, uri, text), LINT_SECONDS)
        except asyncio.TimeoutError:  # the lint goes on in its thread; the editor hears why now
            message = f"jdlint: this document took longer than {LINT_SECONDS:g} s to check; too long for the editor"
            params, result = _problem(uri, text, message), None
        current = self.workspace.text_documents.get(uri)
        if current is None or current.version != version:
            return  # edited meanwhile: the newer task publishes
        if result is None:
            self.results.pop(uri, None)
        else:
            self.results[uri] = result
        self.publish(params)
        if self.pending.get(uri) is asyncio.current_task():
            del self.pending[uri]

    def publish(self, params: dict[str, Any]) -> None:
        # Through lsprotocol's converter, so the wire carries exactly the `--format lsp` object.
        self.text_document_publish_diagnostics(
            self.protocol._converter.structure(params, types.PublishDiagnosticsParams)
        )

    async def current_result(self, uri: str) -> Result | None:
        doc = self.workspace.get_text_document(uri)
        result = self.results.get(uri)
        if result is not None and result.text == doc.source:
            return result
        return (await self.run(diagnose, uri, doc.source))[1]

    async def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        only = [str(k) for k in params.context.only or []]
        result = await self.current_result(uri)
        if result is None:
            return []
        actions = []
        if _wanted(types.CodeActionKind.QuickFix, only):
            for f in result.findings:
                if f.fix is None or not f.fix.edits:
                    continue
                diag = diagnostic(result, f)
                if not _overlaps(params.range, diag["range"]["start"], diag["range"]["end"]):
                    continue
                actions.append(
                    types.CodeAction(
                        title=f.fix.description,
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[self.protocol._converter.structure(diag, types.Diagnostic)],
                        is_preferred=f.fix.applicability == "safe",
                        edit=types.WorkspaceEdit(changes={uri: _text_edits(result.text, f.fix.edits)}),
                    )
                )
        if _wanted(types.CodeActionKind.SourceFixAll, only) and any(
            f.fix and f.fix.applicability == "safe" for f in result.findings
        ):
            fixed = await self.run(self.fix_all, uri, result)
            if fixed != result.text:
                start, end, new = minimal_edit(result.text, fixed)
                edit = types.TextEdit(range=_range(result.text, start, end), new_text=new)
                actions.append(
                    types.CodeAction(
                        title=FIX_ALL_TITLE,
                        kind=types.CodeActionKind.SourceFixAll,
                        edit=types.WorkspaceEdit(changes={uri: [edit]}),
                    )
                )
        return actions

    @staticmethod
    def fix_all(uri: str, result: Result) -> str:
        """The text `jdlint --fix` would write: safe fixes, re-linted until none is left."""
        first = [result]

        def lint(text: str) -> Result:
            return first.pop() if first and text == result.text else lint_document(uri, text)

        return fix_text(result.text, lint)[0]

    def config_changed(self) -> None:
        config_mod.load_cached.cache_clear()
        config_mod._discover.cache_clear()
        for uri in list(self.workspace.text_documents):
            self.schedule(uri)


def warm_up() -> None:
    """Load both languages' pipelines and the rules, as the first lint would."""
    for text in ("# Analyst\n\nYou answer calls.\n", "# Analyst\n\nDu beantwortest Anrufe.\n"):
        lint_source(Source("<warm-up>", text))


def create_server() -> JdlintServer:
    server = JdlintServer()

    @server.feature(types.INITIALIZED)
    def initialized(ls: JdlintServer, _: types.InitializedParams) -> None:
        # The pipelines load now, in the worker, not when the first document opens.
        ls.worker.submit(warm_up)
        dynamic = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
        if dynamic and dynamic.dynamic_registration:
            watchers = [types.FileSystemWatcher(glob_pattern=g) for g in CONFIG_GLOBS]
            ls.client_register_capability(
                types.RegistrationParams(
                    [
                        types.Registration(
                            "jdlint-config",
                            types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            types.DidChangeWatchedFilesRegistrationOptions(watchers),
                        )
                    ]
                )
            )

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: JdlintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: JdlintServer, params: types.DidChangeTextDocumentParams) -> None:
        # At once, with no fixed delay: while the one worker lints, a newer version replaces
        # the one waiting, so a burst of keystrokes costs one lint in flight and one queued.
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: JdlintServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: JdlintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.results.pop(uri, None)
        ls.publish({"uri": uri, "diagnostics": []})

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files(ls: JdlintServer, _: types.DidChangeWatchedFilesParams) -> None:
        ls.config_changed()

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]),
    )
    async def code_action(ls: JdlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return await ls.code_actions(params)

    return server


class FramedInput:
    """stdin that ends where the framing breaks ("Content-Length: abc"): pygls would read on
    and never find the next message, alive but deaf. Ending lets the editor restart us."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def readline(self) -> bytes:
        line: bytes = self.raw.readline()
        if line and not _HEADER.fullmatch(line):
            log.error("jdlint lsp: broken message framing (%r); stopping so the editor can restart", line[:80])
            return b""
        return line

    def read(self, n: int) -> bytes:
        data: bytes = self.raw.read(n)
        return data


def main() -> None:
    create_server().start_io(FramedInput(sys.stdin.buffer), sys.stdout.buffer)
