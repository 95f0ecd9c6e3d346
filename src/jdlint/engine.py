"""The engine: a posting in, findings out. One direction, no back and forth."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import grammar, nlp, roles, sections
from .catalog import Rule, catalogue, matches_any, select
from .config import LANGS, LEVEL_NAMES, Config
from .kinds import KINDS, lexicon
from .model import SEVERITIES, Finding, Fix, Result
from .posting import Block, Posting, count_words, parse
from .source import InputError, Source
from .yamlio import ConfigError, line_of

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .concepts import Unit

COMMON_OPTIONS = {"severity"}


@dataclass
class Context:
    """What a rule kind sees: the posting, its analysis, and the rule being run."""

    posting: Posting
    doc: Doc
    lang: str
    role: roles.RoleModel
    level: str
    config: Config
    rule: Rule = field(default=None)  # type: ignore[assignment]
    options: dict[str, Any] = field(default_factory=dict)
    active: frozenset[str] = frozenset()  # names of the rules run on this posting
    catalogue: tuple[Rule, ...] = ()  # every rule known, run or not
    role_sure: bool = True  # the role was given, or the title names exactly that job

    @cached_property
    def units(self) -> list[Unit]:
        from .concepts import units

        return units(self.posting, self.doc)

    @cached_property
    def lemmas(self) -> dict[str, list[tuple[int, int]]]:
        """Every lemma to the spans of its tokens: one pass over the Doc for all rules."""
        out: dict[str, list[tuple[int, int]]] = {}
        w = nlp.words(self.doc)
        for text, at, a in zip(w.text, w.idx, w.analysis):
            out.setdefault(a[0] if a else "", []).append((at, at + len(text)))
        return out

    @cached_property
    def register(self) -> str:
        return grammar.register(self.posting.masked, self.lang)

    def say(self, field_: dict[str, Any], **args: Any) -> str:
        """The rule's text from `field_` ({en, de, de-du ...}) for this posting."""
        return self.rule.text(field_, self.lang, self.register, **args)

    def name(self, field_: dict[str, Any]) -> Any:
        """A name from data for this posting: a German noun with its genus becomes a Noun,
        which messages place with its case ("{section:zu}")."""
        return grammar.noun(grammar.pick(field_, self.lang, self.register))

    @cached_property
    def words(self) -> int:
        return count_words(self.posting.masked)

    def blocks(self, *section_names: str) -> list[Block]:
        return [b for b in self.posting.blocks if not section_names or b.section in section_names]

    def has_section(self, name: str) -> bool:
        return any(b.section == name and b.kind != "heading" for b in self.posting.blocks)

    def anchor(self, *prefer: str) -> tuple[int, int]:
        """Where a finding about something missing is shown: a preferred section's heading,
        else the title, else the first line."""
        for name in prefer:
            for b in self.posting.blocks:
                if b.section == name and b.kind == "heading":
                    return b.start, b.end
        t = self.posting.title
        if t:
            return t.start, t.end
        if self.posting.blocks:
            b = self.posting.blocks[0]
            return b.start, b.end
        return 0, 0

    @cached_property
    def _block_starts(self) -> list[int]:
        return [b.start for b in self.posting.blocks]

    def block_at(self, offset: int) -> Block | None:
        """The block that starts last at or before `offset` (blocks are in text order)."""
        i = bisect.bisect_right(self._block_starts, offset)
        return self.posting.blocks[i - 1] if i else None

    def section_at(self, offset: int) -> str | None:
        block = self.block_at(offset)
        return block.section if block else None

    def finding(
        self,
        start: int,
        end: int,
        *,
        concept: str | None = None,
        fix: Fix | None = None,
        severity: str | None = None,
        message: str | None = None,
        **args: Any,
    ) -> Finding:
        rule = self.rule
        args.setdefault("text", self.posting.text[start:end])
        return Finding(
            code=rule.code,
            name=rule.name,
            severity=self.options.get("severity") or severity or rule.severity,
            message=message or self.say(rule.message, **args),
            start=start,
            end=end,
            section=self.section_at(start),
            advice=rule.advice or None,
            concept=concept,
            fix=fix,
        )

    def fix(self, edits: Iterable[Any], applicability: str = "safe", **args: Any) -> Fix:
        from .model import Edit

        return Fix(
            self.say(self.rule.fix, **args) or "Apply the suggested change",
            tuple(e if isinstance(e, Edit) else Edit(*e) for e in edits),
            applicability,
        )


def active_rules(config: Config) -> list[Rule]:
    rules = catalogue(config.rule_dirs)
    for token in (*config.select, *config.extend_select, *config.ignore, *config.rules):
        if not matches_any(token, rules):
            raise ConfigError(config.path or "<command line>", f"unknown rule or code '{token}' (see: jdlint rules)")
    chosen = select(rules, [*config.select, *config.extend_select], list(config.ignore))
    if not config.preview:  # a preview rule runs when asked for, or when named
        named = {*config.select, *config.extend_select}
        chosen = [r for r in chosen if not r.in_preview() or {r.name, r.code} & named]
    for key, opts in config.rules.items():
        for r in rules:
            if key in (r.name, r.code):
                allowed = COMMON_OPTIONS | set(r.options) | KINDS[r.kind].EXTRA_OPTIONS
                for opt in opts:
                    if opt not in allowed:
                        raise ConfigError(
                            config.path or "<command line>",
                            f"rule {r.name} has no option '{opt}' (options: {', '.join(sorted(allowed))})",
                            line_of(opts, opt),
                        )
                    _check_option(r, opt, opts[opt], config.path or "<command line>", line_of(opts, opt))
    return chosen


_INT_OPTIONS = {"max-findings"}


def _check_option(rule: Rule, opt: str, value: Any, path: str, line: int | None) -> None:
    """An option's value has the type of the rule's default (a number, a list, true or false),
    so a mistake is the user's file and line, not a traceback in the middle of a run."""
    where = f"rules: {rule.name}: {opt}"
    default = rule.options.get(opt)
    if opt == "severity":
        if value not in SEVERITIES:
            raise ConfigError(path, f"{where} must be one of {', '.join(SEVERITIES)} (got {value!r})", line)
    elif opt == "add" and rule.kind == "balance":  # {masculine: {en: [...]}}
        groups = rule.data.get("groups", {})
        if not isinstance(value, dict) or not all(g in groups for g in value):
            raise ConfigError(path, f"{where} maps a word group ({', '.join(groups)}) to {{en: [...]}}", line)
        for table in value.values():
            _check_table(table, where, path, line)
    elif opt == "add":
        _check_table(value, where, path, line)
    elif opt in _INT_OPTIONS or (isinstance(default, int) and not isinstance(default, bool)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigError(path, f"{where} must be a whole number, 0 or more (got {value!r})", line)
    elif isinstance(default, bool) and not isinstance(value, bool):
        raise ConfigError(path, f"{where} must be true or false (got {value!r})", line)
    elif (isinstance(default, list) or opt in ("allow", "concepts")) and not _words(value):
        raise ConfigError(path, f"{where} must be a list of words (got {value!r})", line)


def _words(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _check_table(table: Any, where: str, path: str, line: int | None) -> None:
    if not isinstance(table, dict) or not all(isinstance(k, str) and k in LANGS for k in table):
        raise ConfigError(path, f"{where} maps a language ({', '.join(LANGS)}) to a list of terms", line)
    try:
        lexicon.validate_table(table, Path(path))
    except ConfigError as exc:
        raise ConfigError(path, f"{where}: {exc.message}", line) from None


def _options(rule: Rule, config: Config) -> dict[str, Any]:
    opts = dict(rule.options)
    for key in (rule.code, rule.name):
        opts.update(config.rules.get(key, {}))
    return opts


def _applies(rule: Rule, ctx: Context) -> bool:
    """A rule's `data.levels` and `data.families` limit it to postings of those levels and
    role families (junior-jargon: junior and mid ads; missing-duty: customer service)."""
    levels, families = rule.data.get("levels"), rule.data.get("families")
    return (not levels or ctx.level in levels) and (not families or ctx.role.family in families)


def _front_matter_choice(posting: Posting, key: str, allowed: Iterable[str]) -> str | None:
    value = posting.meta.get(key)
    if value is None or value == "auto":
        return None
    if str(value) not in allowed:
        raise InputError(posting.path, f"front matter '{key}: {value}' must be one of: {', '.join(allowed)}", 2)
    return str(value)


def prepare(source: Source, config: Config) -> Context:
    posting = parse(source)
    lang = _front_matter_choice(posting, "language", LANGS) or config.language or nlp.detect_language(posting.masked)
    if lang not in LANGS:
        raise ConfigError(config.path or "<api>", f"language must be one of: auto, {', '.join(LANGS)} (got {lang!r})")
    doc = nlp.analyze(posting, lang)
    sections.assign(posting, doc, lang)
    all_models = roles.models(config.model_dirs)
    role_id = _front_matter_choice(posting, "role", list(all_models)) or config.role
    if role_id and role_id not in all_models:
        raise ConfigError(config.path or "<command line>", f"unknown role '{role_id}' (roles: {', '.join(all_models)})")
    title = sections.title_text(posting)
    summary = " ".join(posting.block_text(b) for b in posting.blocks[:4] if b.section in ("summary", "title"))
    role = all_models[role_id] if role_id else roles.detect_role(title, summary, all_models)
    level = _front_matter_choice(posting, "level", LEVEL_NAMES) or config.level or roles.detect_level(title, role)
    posting.extra["title_text"] = title
    sure = bool(role_id) or roles.fits_title(title, role)
    return Context(posting, doc, lang, role, level, config, role_sure=sure)


def lint_source(source: Source, config: Config | None = None) -> Result:
    config = config or Config()
    rules = active_rules(config)
    ctx = prepare(source, config)
    ctx.active = frozenset(r.name for r in rules)
    ctx.catalogue = catalogue(config.rule_dirs)

    findings: list[Finding] = []
    for rule in rules:
        if _applies(rule, ctx):
            ctx.rule, ctx.options = rule, _options(rule, config)
            found = KINDS[rule.kind].check(ctx)
            if rule.preview.get("concepts") and not config.preview:
                found = (f for f in found if not rule.in_preview(f.concept))
            findings.extend(found)
    findings = list(_suppress(findings, ctx, rules))
    findings.sort(key=lambda f: (f.start, f.end, f.code))
    nlp.morphology(ctx.lang).save()  # the words met, those the rules analysed (names in messages) too
    counts: dict[str, int] = {}
    for b in ctx.posting.blocks:
        if b.kind != "heading":
            counts[b.section] = counts.get(b.section, 0) + 1
    return Result(
        path=source.path,
        text=source.text,
        language=ctx.lang,
        role=ctx.role.id,
        level=ctx.level,
        findings=findings,
        encoding=source.encoding,
        bom=source.bom,
        sections=counts,
        words=ctx.words,
        origin=source.origin,
    )


def _suppress(findings: list[Finding], ctx: Context, rules: list[Rule]) -> Iterator[Finding]:
    """Apply `jdlint-disable` comments; report the ones that suppress nothing."""
    posting = ctx.posting
    if not posting.suppressions:
        yield from findings
        return
    end_of_text = len(posting.text)
    regions: list[tuple[int, int, tuple[str, ...], int]] = []  # start, end, names, comment index
    open_: dict[int, tuple[int, tuple[str, ...]]] = {}
    for i, s in enumerate(posting.suppressions):
        if s.kind == "disable":
            open_[i] = (s.end, s.names)
        elif s.kind == "enable":
            for j, (start, names) in list(open_.items()):
                if not s.names or set(s.names) & set(names) or not names:
                    regions.append((start, s.start, names, j))
                    del open_[j]
        elif s.kind == "disable-file":
            regions.append((0, end_of_text, s.names, i))
        else:  # disable-next-line: the next line that holds text
            line = posting.lines.line_of(s.end) + 1
            while (
                line < len(posting.lines.starts) - 1
                and not posting.masked[posting.lines.starts[line] : posting.lines.starts[line + 1]].strip()
            ):
                line += 1
            start = posting.lines.starts[min(line, len(posting.lines.starts) - 1)]
            stop = posting.lines.starts[line + 1] if line + 1 < len(posting.lines.starts) else end_of_text
            regions.append((start, stop, s.names, i))
    for j, (start, names) in open_.items():
        # An unclosed disable at the very top also covers document-level findings on the title.
        regions.append((0 if start <= (posting.title.start if posting.title else 0) else start, end_of_text, names, j))
    used: set[int] = set()
    for f in findings:
        hit = next(
            (
                r
                for r in regions
                if r[0] <= f.start <= r[1]
                and (not r[2] or f.name in r[2] or f.code in r[2] or any(f.code.startswith(n) for n in r[2]))
            ),
            None,
        )
        if hit is None:
            yield f
        else:
            used.add(hit[3])
    yield from _unused_suppressions(ctx, rules, used)


def _unused_suppressions(ctx: Context, rules: list[Rule], used: set[int]) -> Iterator[Finding]:
    rule = next((r for r in rules if r.name == "unused-suppression"), None)
    if rule is None:
        return
    ctx.rule, ctx.options = rule, _options(rule, ctx.config)
    known = catalogue(ctx.config.rule_dirs)
    for i, s in enumerate(ctx.posting.suppressions):
        if s.kind == "enable" or i in used:
            continue
        unknown = [n for n in s.names if not matches_any(n, known)]
        end = s.end
        text = ctx.posting.text
        while end < len(text) and text[end] in " \t":
            end += 1
        if end < len(text) and text[end] in "\r\n":
            end += 2 if text[end : end + 2] == "\r\n" else 1
        fix = ctx.fix([(s.start, end, "")], "safe")
        if unknown:
            yield ctx.finding(
                s.start,
                s.end,
                fix=fix,
                message=ctx.say(rule.data.get("unknown", {}), names=", ".join(unknown)),
            )
        else:
            yield ctx.finding(s.start, s.end, fix=fix, names=", ".join(s.names) or "all rules")
