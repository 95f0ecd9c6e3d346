"""The command line: `jdlint [check] PATHS`, `jdlint rules`, `jdlint explain NAME` ..."""

from __future__ import annotations

import contextlib
import difflib
import gc
import os
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .cache import close_all
from .config import LANGS, LEVEL_NAMES, Config
from .model import SEVERITIES, Result, severity_rank
from .source import InputError, Source, decode, encode, write_atomic, write_new
from .yamlio import ConfigError

FORMATS = ("text", "json", "lsp", "sarif", "github", "html")
# Options that `check` and `batch` share.
_CONFIG_OPTION = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=str),
    help="Configuration file (default: .jdlint.yaml or pyproject.toml found upwards).",
)
_FAIL_LEVEL_OPTION = click.option(
    "--fail-level",
    type=click.Choice([*SEVERITIES, "never"]),
    help="Lowest severity that makes the exit code 1 (default: warning).",
)


class _DefaultGroup(click.Group):
    """`jdlint posting.md` means `jdlint check posting.md`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = ["check", *args]
        return super().parse_args(ctx, args)


def run() -> None:
    """The `jdlint` command: the CLI, then an exit that leaves freeing the memory to the system.
    Python would free every object one by one (spaCy's vocabulary, the rule catalogue), which
    adds a sixth to a one-posting run; files and the cache are written and closed by then."""
    # A run builds millions of objects that live to its end (spaCy's vocabulary, HanTa's model,
    # the rules); at the default thresholds the collector walks them again and again, a tenth of
    # a first German run. Collect less often, as mypy does: the memory held stays the same.
    gc.set_threshold(200_000, 30, 30)
    try:
        main()
    except SystemExit as exc:
        close_all()
        code = exc.code
        if not (code is None or isinstance(code, int)):
            print(code, file=sys.stderr)
            code = 1
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # closed: a reader gone ("| head"), the LSP's exit
                stream.flush()
        os._exit(code or 0)


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for item in values for v in item.split(",") if v.strip())


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jdlint")
def main() -> None:
    """A linter for job advertisements (English and German).

    Run `jdlint POSTING.md` (or a folder) to check postings; `jdlint rules` lists the
    rules and `jdlint explain NAME` tells why a rule exists."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format.")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, apply unsafe fixes too.")
@click.option("--diff", is_flag=True, help="Print the changes --fix would make; change nothing.")
@click.option("--select", multiple=True, help="Rules to run (names, codes or code prefixes; comma-separated).")
@click.option("--extend-select", multiple=True, help="Rules to run in addition to the configured ones.")
@click.option("--ignore", multiple=True, help="Rules not to run.")
@click.option("--language", type=click.Choice(LANGS), help="Posting language (default: detected).")
@click.option("--role", help="Role model id (default: detected from the title; see `jdlint roles`).")
@click.option("--level", type=click.Choice(LEVEL_NAMES), help="Level of the role (default: detected).")
@_CONFIG_OPTION
@_FAIL_LEVEL_OPTION
@click.option("--stdin-filename", help="Name to show for a posting read from `-`.")
@click.option("--preview", is_flag=True, default=None, help="Also run the rules and concepts still in preview.")
@click.option("--statistics", is_flag=True, help="Count findings per rule instead of listing them.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--jobs", "-j", type=int, default=0, help="Processes to use (default: one per core).")
@click.option(
    "--annotate", is_flag=True, help="Word files: write a copy (NAME.jdlint.docx) with each finding as a comment."
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the on-disk cache (or JDLINT_NO_CACHE=1).")
def check(
    paths: tuple[str, ...],
    fmt: str,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    language: str | None,
    role: str | None,
    level: str | None,
    config_path: str | None,
    fail_level: str | None,
    stdin_filename: str | None,
    preview: bool | None,
    statistics: bool,
    exit_zero: bool,
    jobs: int,
    annotate: bool,
    no_cache: bool,
) -> None:
    """Check postings (files, folders, or - for standard input)."""
    from . import api
    from . import config as config_mod

    if no_cache:
        os.environ["JDLINT_NO_CACHE"] = "1"  # read where the cache is opened, in every worker too

    if statistics and fmt not in ("text", "json"):
        _die(f"--statistics prints text or json, not {fmt}")
    try:
        base = config_mod.load(config_path) if config_path else None
    except ConfigError as exc:
        _die(str(exc))
    overrides: dict[str, Any] = {
        "language": language,
        "role": role,
        "level": level,
        "fail_level": fail_level,
        "preview": preview,
        "select": _split(select) or None,
        "ignore": None,
        "extend_select": None,
    }

    def cfg_for(path: str | None) -> Config:
        cfg = base if base is not None else (config_mod.for_file(path) if path else Config())
        cfg = cfg.with_overrides(**overrides)
        if ignore or extend_select:
            cfg = cfg.with_overrides(
                ignore=cfg.ignore + _split(ignore), extend_select=cfg.extend_select + _split(extend_select)
            )
        return cfg

    results: list[Result] = []
    fail_levels: list[str] = []
    errors = 0
    stdin_source: Source | None = None
    targets: list[tuple[str, Config]] = []
    try:
        for p in paths or (".",):
            if p == "-":
                name = stdin_filename or "<stdin>"
                stdin_source = decode(sys.stdin.buffer.read(), name)
                targets.append(("-", cfg_for(stdin_filename)))
            else:
                targets.extend((str(f), cfg_for(str(f))) for f in api.collect([p], base))
    except (InputError, ConfigError) as exc:
        _die(str(exc))

    for (_path, cfg), result in zip(targets, _run_all(targets, stdin_source, fix, unsafe_fixes, diff, jobs, annotate)):
        if result.error:
            click.echo(f"error: {result.error}", err=True)
            errors += 1
        else:
            results.append(result)
            fail_levels.append(cfg.fail_level)

    if not diff and (results or not errors):
        # With `--fix -` stdout carries the posting; the report goes to stderr.
        to_stderr = fix and "-" in paths
        click.echo(_render(results, fmt, statistics), nl=False, color=None if fmt == "text" else False, err=to_stderr)
    if errors:
        sys.exit(2)
    if exit_zero:
        sys.exit(0)
    failing = any(
        level != "never" and severity_rank(f.severity) >= severity_rank(level)
        for r, level in zip(results, fail_levels)
        for f in r.findings
    )
    sys.exit(1 if failing else 0)


_PARALLEL_FROM = 8  # below this many files, starting workers costs more than it saves


def _run_all(
    targets: list[tuple[str, Config]],
    stdin_source: Source | None,
    fix: bool,
    unsafe: bool,
    diff: bool,
    jobs: int,
    annotate: bool = False,
) -> list[Result]:
    """Lint every target, on several cores where it pays."""
    from .parallel import fork_map, pool_size

    workers = pool_size(jobs, len(targets))
    if workers < 2 or len(targets) < _PARALLEL_FROM or diff or stdin_source:
        return [_run_one(p, c, stdin_source, fix=fix, unsafe=unsafe, diff=diff, annotate=annotate) for p, c in targets]
    work = [(p, c, fix, unsafe, annotate) for p, c in targets]
    return list(fork_map(_run_one_job, work, workers, per_task=4))


def _run_one_job(job: tuple[str, Config, bool, bool, bool]) -> Result:
    path, cfg, fix, unsafe, annotate = job
    return _run_one(path, cfg, None, fix=fix, unsafe=unsafe, diff=False, annotate=annotate)


def _render(results: list[Result], fmt: str, statistics: bool) -> str:
    from .reporters import REPORTERS, text

    if statistics:
        if fmt == "json":
            import json

            return json.dumps({"files": len(results), "rules": text.rule_counts(results)}, indent=2) + "\n"
        return text.statistics(results)
    if fmt not in REPORTERS:
        _die(f"--format {fmt} is not available in this installation")
    return REPORTERS[fmt](results)


def _run_one(
    path: str,
    cfg: Config,
    stdin_source: Source | None,
    *,
    fix: bool,
    unsafe: bool,
    diff: bool,
    annotate: bool = False,
) -> Result:
    from .api import lint_file
    from .engine import lint_source
    from .fixes import fix_text
    from .formats import READERS, read

    suffix = Path(path).suffix.lower()
    if suffix == ".docx" and (fix or diff or annotate):
        return _word_copy(path, cfg, fix=fix, unsafe=unsafe, diff=diff, annotate=annotate)
    if suffix in READERS and (fix or diff):
        click.echo(
            f"{path}: --fix and --diff change Markdown, text and Word files; this file is only checked", err=True
        )
        fix = diff = False
    if not (fix or diff):
        if path == "-" and stdin_source is not None:
            try:
                return lint_source(stdin_source, cfg)
            except (InputError, ConfigError) as exc:
                return Result(stdin_source.path, "", "", "", "", error=str(exc))
        return lint_file(path, cfg)
    try:
        source = stdin_source if path == "-" and stdin_source else read(path)

        def lint(t: str) -> Result:
            return lint_source(Source(source.path, t, source.encoding, source.bom), cfg)

        new_text, result, _ = fix_text(source.text, lint, unsafe)
        if diff:
            _print_diff(source.path, source.text, new_text)
        elif path == "-":  # the fixed text, changed or not, is all stdout gets
            sys.stdout.buffer.write(encode(source, new_text))
            sys.stdout.buffer.flush()
        elif new_text != source.text:
            write_atomic(path, encode(source, new_text), expect=source.digest)
        return result
    except (InputError, ConfigError) as exc:
        return Result(path, "", "", "", "", error=str(exc))


def _word_copy(path: str, cfg: Config, *, fix: bool, unsafe: bool, diff: bool, annotate: bool) -> Result:
    """--fix and --annotate on a Word file write a copy beside it (NAME.jdlint.docx), never the
    original; --diff shows the text changes --fix would make."""
    from .engine import lint_source
    from .formats import docx
    from .source import read_bytes

    try:
        original = read_bytes(path)

        def lint(s: Source) -> Result:
            return lint_source(s, cfg)

        if fix or diff:
            data, result, _ = docx.fix(original, path, lint, unsafe)
        else:
            data, result = original, lint(docx.read(original, path))
        if diff:
            _print_diff(path, docx.read(original, path).text, docx.read(data, path).text)
            return result
        if annotate:
            data = docx.annotate(data, path, result)
        if data != original:
            copy = Path(path).with_suffix(".jdlint.docx")
            write_new(copy, data)
            click.echo(f"{path}: wrote {copy}", err=True)
        return result
    except (InputError, ConfigError) as exc:
        return Result(path, "", "", "", "", error=str(exc))


def _print_diff(path: str, old: str, new: str) -> None:
    if new != old:
        lines = difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{path}", f"b/{path}"
        )
        click.echo("".join(lines), nl=False)


def _die(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _catalogue(config_path: str | None) -> tuple[Any, ...]:
    """The rules a command in this folder sees: built-in ones and the configuration's own."""
    from .catalog import catalogue
    from .config import for_file, load

    try:
        cfg = load(config_path) if config_path else for_file(Path.cwd() / "x")
        return catalogue(cfg.rule_dirs)
    except ConfigError as exc:
        _die(str(exc))
        raise  # unreachable: _die exits


@main.command("batch")
@click.argument("feed", type=click.Path(dir_okay=False, allow_dash=True, path_type=str))
@click.option("--id", "id_col", default="id", show_default=True, help="Column with each posting's id.")
@click.option(
    "--text", "text_col", default="text", show_default=True, help="Column with the posting: Markdown or HTML."
)
@click.option("--title", "title_col", help="Column with the job title, put on top of the text as its heading.")
@click.option("--language", "language_col", help="Column with the language (en, de; empty: detected).")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=str), help="Write .jsonl or .parquet (default: stdout)."
)
@click.option("--jobs", "-j", type=int, default=0, help="Processes to use (default: one per core).")
@click.option("--scheduler", help="Run on Dask: `local` (one worker per core) or a scheduler's address.")
@_CONFIG_OPTION
@_FAIL_LEVEL_OPTION
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
def batch_cmd(
    feed: str,
    id_col: str,
    text_col: str,
    title_col: str | None,
    language_col: str | None,
    output: str | None,
    jobs: int,
    scheduler: str | None,
    config_path: str | None,
    fail_level: str | None,
    exit_zero: bool,
) -> None:
    """Lint a job board's feed: JSON Lines, CSV or Parquet (- for JSON Lines on stdin), one
    output row per finding. HTML descriptions are read as HTML."""
    from . import batch
    from . import config as config_mod
    from .engine import active_rules

    try:
        cfg = config_mod.load(config_path) if config_path else config_mod.for_file(feed if feed != "-" else "x")
        cfg = cfg.with_overrides(fail_level=fail_level)
        active_rules(cfg)  # a bad configuration is one error, not one per posting
    except ConfigError as exc:
        _die(str(exc))
    columns = batch.Columns(id_col, text_col, title_col, language_col)
    try:
        summary = batch.run(feed, columns, cfg, output, jobs, scheduler, progress=sys.stderr.isatty())
    except batch.BatchError as exc:
        _die(str(exc))
    click.echo(summary.text(), nl=False, err=True)
    if summary.errors:
        sys.exit(2)
    sys.exit(0 if exit_zero or not summary.failing else 1)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=str))
def rules_cmd(fmt: str, config_path: str | None) -> None:
    """List the rule catalogue."""
    import json

    rules = _catalogue(config_path)
    if fmt == "json":
        click.echo(json.dumps([r.info() for r in rules], ensure_ascii=False, indent=2))
        return
    from .docs import preview_label

    for r in rules:
        mark = f"  [{preview_label(r)}: {r.preview['why']}]" if r.preview else ""
        click.echo(f"{r.code}  {r.name:<24} {r.severity:<8} {r.advice:<6} {r.summary.get('en', '')}{mark}")


@main.command()
@click.argument("name")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=str))
def explain(name: str, config_path: str | None) -> None:
    """Explain a rule: why it exists, the advice behind it, examples."""
    from .docs import rule_markdown

    rule = next((r for r in _catalogue(config_path) if name in (r.name, r.code)), None)
    if rule is None:
        _die(f"unknown rule '{name}' (see: jdlint rules)")
    click.echo(rule_markdown(rule))


@main.command("check-rules")
@click.argument("directory", type=click.Path(file_okay=False, path_type=str))
def check_rules(directory: str) -> None:
    """Validate a folder of rule YAML files and run each rule's own examples."""
    from .catalog import load_rules_dir
    from .selftest import run_examples

    try:
        rules = load_rules_dir(Path(directory))
    except ConfigError as exc:
        _die(str(exc))
    failures = 0
    for rule in rules:
        problems = run_examples(rule, extra_dirs=(str(Path(directory).resolve()),))
        for p in problems:
            click.echo(f"{rule.path}: {rule.name}: {p}", err=True)
        failures += len(problems)
        click.echo(f"{rule.code} {rule.name}: {'ok' if not problems else f'{len(problems)} failing'}")
    sys.exit(1 if failures else 0)


@main.command("eval")
@click.argument("corpus", required=False, type=click.Path(path_type=Path))
@click.option(
    "--labels",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Labels file (default: the test and dev splits shipped with jdlint).",
)
@click.option(
    "--judgements",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Judged findings to measure usefulness on (default with the shipped labels: the shipped judgements).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--verbose", "-v", is_flag=True, help="List every disagreement with the labels.")
@click.option("--strict", is_flag=True, help="Exit 1 when a number is below the bar.")
def eval_cmd(
    corpus: Path | None, labels: tuple[Path, ...], judgements: Path | None, fmt: str, verbose: bool, strict: bool
) -> None:
    """Measure detection, precision and recall on hand-labelled postings (CORPUS: the folder
    they are in; default $JDLINT_CORPUS or ../shared/corpus)."""
    from .evaluate import default_corpus, judgements_file, label_files
    from .evaluate import main as run_eval

    corpus = corpus or default_corpus()
    files = list(labels) or label_files()
    if not corpus.is_dir():
        _die(f"corpus folder {corpus} not found; give its path: jdlint eval PATH/TO/corpus")
    for f in files:
        if not f.is_file():
            _die(f"labels file {f} not found; give it with --labels")
    try:
        judged = judgements or (None if labels else judgements_file())
        sys.exit(run_eval(corpus, files, fmt, verbose, strict, judged))
    except (InputError, ConfigError, RuntimeError) as exc:
        _die(str(exc))


@main.command()
def roles() -> None:
    """List the role models."""
    from .config import for_file
    from .roles import models

    try:
        cfg = for_file(Path.cwd() / "x")
        all_models = models(cfg.model_dirs)
    except ConfigError as exc:
        _die(str(exc))
    for m in all_models.values():
        click.echo(f"{m.id:<28} {m.family:<18} {m.level:<8} {m.name.get('en', '')}")


@main.command()
def lsp() -> None:
    """Run the language server over stdio (for editors)."""
    try:
        from .lsp import main as serve  # imported here: pygls costs start-up time elsewhere
    except ImportError as exc:
        _die(f"the language server needs the 'lsp' extra: pip install 'jdlint[lsp]' ({exc})")
    serve()


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port (0: a free one).")
def serve_cmd(host: str, port: int) -> None:
    """Run the web page for recruiters: paste a posting, see what to fix, fix it."""
    try:
        from .web.app import serve  # imported here: the web stack is an optional extra
    except ImportError as exc:
        _die(f"the web page needs the 'web' extra: pip install 'jdlint[web]' ({exc})")
    try:
        serve(host, port)
    except OSError as exc:
        _die(f"cannot listen on {host}:{port}: {exc.strerror or exc}")


if __name__ == "__main__":  # pragma: no cover
    main()
