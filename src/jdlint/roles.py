"""Role models (YAML in models/): what a role's posting should cover, and which role and
level a posting is for."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from .data import builtin_models_dir
from .yamlio import RULE_ALIASES, ConfigError, LineDict, line_of, load_file

LEVELS = ("junior", "mid", "senior", "lead", "manager")
GROUPS = ("duties", "mundane", "leadership", "skills", "traits", "qualifications", "benefits", "standards")
_SPECIAL_FILES = {"sections.yaml", "levels.yaml"}
_MODEL_KEYS = {"id", "extends", "family", "level", "name", "titles", "concepts", "description"}
_CONCEPT_KEYS = {"id", "name", "advice", "match", "suggest", "note", "exclude"}


@dataclass(frozen=True)
class Concept:
    id: str
    name: dict[str, str]
    match: dict[str, tuple[str, ...]]
    suggest: dict[str, str]
    advice: str = ""
    exclude: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class RoleModel:
    id: str
    family: str
    level: str
    name: dict[str, str]
    titles: dict[str, tuple[str, ...]]
    concepts: dict[str, tuple[Concept, ...]]
    path: str = ""

    def group(self, name: str) -> tuple[Concept, ...]:
        return self.concepts.get(name, ())


def _lang_map(value: Any, path: Path, where: int | None, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(path, f"{what} must be a mapping of language (en, de) to values", where)
    return dict(value)


def _concept(data: Any, path: Path) -> Concept:
    if not isinstance(data, LineDict) or "id" not in data:
        raise ConfigError(path, "a concept needs at least 'id' and 'match'", line_of(data))
    unknown = sorted(set(map(str, data)) - _CONCEPT_KEYS)
    if unknown:
        raise ConfigError(path, f"unknown key '{unknown[0]}' in concept {data['id']}", line_of(data, unknown[0]))
    match = _lang_map(data.get("match") or {}, path, line_of(data, "match"), "match")
    for lang, terms in match.items():
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise ConfigError(path, f"match.{lang} of {data['id']} must be a list of terms", line_of(data, "match"))
    exclude = _lang_map(data.get("exclude") or {}, path, line_of(data, "exclude"), "exclude")
    return Concept(
        id=str(data["id"]),
        name=_lang_map(
            data.get("name") or ({"en": str(data["id"])} if match else {}), path, line_of(data, "name"), "name"
        ),
        match={k: tuple(v) for k, v in match.items()},
        suggest=_lang_map(data.get("suggest") or {}, path, line_of(data, "suggest"), "suggest"),
        advice=str(data.get("advice", "")),
        exclude={k: tuple(v) for k, v in exclude.items()},
    )


def _read_model(path: Path) -> tuple[LineDict, dict[str, list[Concept]]]:
    data = load_file(path, RULE_ALIASES)
    if not isinstance(data, LineDict) or "id" not in data:
        raise ConfigError(path, "a role model must be a mapping with an 'id'", 1)
    unknown = sorted(set(map(str, data)) - _MODEL_KEYS)
    if unknown:
        raise ConfigError(path, f"unknown key '{unknown[0]}' in role model", line_of(data, unknown[0]))
    level = data.get("level", "mid")
    if level not in LEVELS:
        raise ConfigError(path, f"level must be one of {', '.join(LEVELS)}", line_of(data, "level"))
    concepts = data.get("concepts") or {}
    if not isinstance(concepts, dict):
        raise ConfigError(path, "'concepts' must map groups to lists", line_of(data, "concepts"))
    groups: dict[str, list[Concept]] = {}
    for group, items in concepts.items():
        if group not in GROUPS:
            raise ConfigError(
                path, f"unknown concept group '{group}' (groups: {', '.join(GROUPS)})", line_of(concepts, group)
            )
        if not isinstance(items, list):
            raise ConfigError(path, f"concept group '{group}' must be a list", line_of(concepts, group))
        groups[group] = [_concept(c, path) for c in items]
    return data, groups


def _model_files(dirs: Iterable[Path]) -> list[Path]:
    files = []
    for d in dirs:
        if not d.is_dir():
            raise ConfigError(d, "models folder does not exist")
        files.extend(p for p in sorted(d.glob("*.yaml")) if p.name not in _SPECIAL_FILES)
    return files


@cache
def _models(extra_dirs: tuple[str, ...]) -> dict[str, RoleModel]:
    raw: dict[str, tuple[Path, LineDict, dict[str, list[Concept]]]] = {}
    for p in _model_files([builtin_models_dir(), *map(Path, extra_dirs)]):
        data, groups = _read_model(p)
        raw[str(data["id"])] = (p, data, groups)  # a user's model of the same id replaces ours

    def build(mid: str, chain: tuple[str, ...] = ()) -> RoleModel:
        if mid in chain:
            raise ConfigError(raw[mid][0], f"role model '{mid}' extends itself")
        path, data, groups = raw[mid]
        merged: dict[str, list[Concept]] = {}
        parent = data.get("extends")
        if parent:
            if parent not in raw:
                raise ConfigError(path, f"extends unknown role model '{parent}'", line_of(data, "extends"))
            merged = {g: list(cs) for g, cs in build(parent, (*chain, mid)).concepts.items()}
        for g, cs in groups.items():
            inherited = {c.id: c for c in merged.get(g, [])}
            for c in cs:
                if not c.match and c.id not in inherited:
                    raise ConfigError(path, f"concept {c.id} has no 'match' and refines no concept of '{parent}'")
            # a concept without match terms refines the inherited one: its own suggestion or name
            refined = {
                c.id: dataclasses.replace(
                    inherited[c.id],
                    name={**inherited[c.id].name, **c.name},
                    suggest={**inherited[c.id].suggest, **c.suggest},
                )
                for c in cs
                if not c.match
            }
            ids = {c.id for c in cs if c.match}
            merged[g] = [refined.get(c.id, c) for c in merged.get(g, []) if c.id not in ids] + [
                c for c in cs if c.match
            ]
        titles = _lang_map(data.get("titles") or {}, path, line_of(data, "titles"), "titles")
        return RoleModel(
            id=mid,
            family=str(data.get("family", "other")),
            level=str(data.get("level", "mid")),
            name=_lang_map(data.get("name") or {"en": mid}, path, line_of(data, "name"), "name"),
            titles={k: tuple(str(t).lower() for t in v) for k, v in titles.items()},
            concepts={g: tuple(cs) for g, cs in merged.items()},
            path=str(path),
        )

    if "generic" not in raw:
        raise ConfigError(builtin_models_dir(), "the generic role model is missing")
    return {mid: build(mid) for mid in raw}


def models(extra_dirs: Iterable[str] = ()) -> dict[str, RoleModel]:
    return _models(tuple(extra_dirs))


OPENING_CHARS = 4000  # a title or opening names the role early; bounds the search on a huge paragraph


@cache
def _title_words(title: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[\s-]+", title.strip()) if w)


@cache
def _title_pattern(title: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in _title_words(title)]
    return re.compile(r"(?<![\w])" + r"[\s\-/]*".join(words) + r"(?![\w])", re.I)


def _has_words(title: str, low: str) -> bool:
    """Whether the lower-cased text holds each word of the title: where it does not (most of a
    thousand titles, most level cues), the title's pattern need not be compiled, nor run."""
    return all(w.lower() in low for w in _title_words(title))


def _names(title: str, text: str, low: str) -> bool:
    """Whether the text names the title; `low` is the text in lower case."""
    return _has_words(title, low) and bool(_title_pattern(title).search(text))


# Where the opening text names the role it hires for: "we are looking for a ...", "als ...".
_HIRES_AS = re.compile(
    r"\b(?:looking for|seeking|hiring|to join (?:us|our team) as|as (?:an?|our)|"
    r"suchen (?:wir )?(?:eine[nr]?|dich|sie)?|verstärkung (?:als|im|für)|als)\s+(.{0,80})",
    re.I,
)


# The title's naming part: before a dash, comma, bar, colon or bracket ("Call Center Agent -
# Berlin", "Program Analyst, Contact Center"), with gender markers and inflection stripped.
_TITLE_CUT = re.compile(r"\s[-–—|]\s|[,|:(\[]")
_GENDER_SUFFIX = re.compile(r"(?:[/*:_]in(?:nen)?|/r|\(in\))$", re.I)


def fits_title(title: str, model: RoleModel) -> bool:
    """Whether the model is the job the title names, not a word inside another job's title:
    one of its titles matches and ends on the title's own last word, the role noun ("Contact
    Center Solutions Architect" names an architect, though "contact center" matches)."""
    head = _TITLE_CUT.split(title, maxsplit=1)[0]
    words = [_GENDER_SUFFIX.sub("", w) for w in re.findall(r"[\w/*:]+", head)]
    words = [w for w in words if w.lower() not in ("m", "w", "d", "f", "x")]
    if not words:
        return False
    last = words[-1].lower()
    low = head.lower()
    return any(
        _names(t, head, low) and _title_words(t)[-1].lower() == last for terms in model.titles.values() for t in terms
    )


def detect_role(title: str, summary: str, all_models: dict[str, RoleModel]) -> RoleModel:
    """The role whose title terms match the posting's title best (the longest match wins),
    else the role the opening text says it hires for, else the generic model."""
    hires = " | ".join(m.group(1) for m in _HIRES_AS.finditer(summary[:OPENING_CHARS]))
    titles, by_word = _longest_first(all_models)
    for text in (title[:OPENING_CHARS], hires):
        low = text.lower()
        present = {w for w in by_word if w in low}  # a title names the text only with all its words
        for i in sorted({i for w in present for i in by_word[w]}):
            t, words, model_id = titles[i]
            if all(w in present for w in words) and _title_pattern(t).search(text):
                return all_models[model_id]
    return all_models["generic"]


_Titles = tuple[list[tuple[str, tuple[str, ...], str]], dict[str, list[int]]]
_LONGEST: dict[int, tuple[dict[str, RoleModel], _Titles]] = {}


def _longest_first(all_models: dict[str, RoleModel]) -> _Titles:
    """Every title of the models (with its words in lower case, and its role), longest first
    and else in the models' order, so the first that a text names is the best match; and
    each title word to the titles holding it."""
    hit = _LONGEST.get(id(all_models))
    if hit is None or hit[0] is not all_models:
        flat = [
            (t, tuple(w.lower() for w in _title_words(t)), m.id)
            for m in all_models.values()
            for terms in m.titles.values()
            for t in terms
            if t.strip()
        ]
        flat.sort(key=lambda x: -len(x[0]))  # stable: equal lengths keep the models' order
        by_word: dict[str, list[int]] = {}
        for i, (_, words, _) in enumerate(flat):
            for w in set(words):
                by_word.setdefault(w, []).append(i)
        hit = _LONGEST[id(all_models)] = (all_models, (flat, by_word))
    return hit[1]


@lru_cache(maxsize=1)
def _level_cues() -> dict[str, Any]:
    path = builtin_models_dir() / "levels.yaml"
    return load_file(path) if path.exists() else {}


def _phrases(value: Any) -> list[str]:
    """Cue or exception phrases, given per language ({en: [...], de: [...]}) or as one list."""
    if isinstance(value, dict):
        return [str(w) for ws in value.values() for w in ws or ()]
    return [str(w) for w in value or ()]


@lru_cache(maxsize=1)
def _level_phrases() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...], frozenset[str]], ...]:
    """Each level's exception and cue phrases in lower case, and the words of its phrases."""
    levels = _level_cues().get("levels") or {}
    out = []
    for level in LEVELS:
        spec = levels.get(level) or {}
        exceptions = tuple(map(str.lower, _phrases(spec.get("exceptions"))))
        cues = tuple(map(str.lower, _phrases(spec.get("cues"))))
        # a cue without words would name every title: a level that has one is always searched
        words = frozenset(w for c in cues for w in _title_words(c)) if all(map(_title_words, cues)) else frozenset()
        out.append((level, exceptions, cues, words))
    return tuple(out)


def detect_level(title: str, model: RoleModel) -> str:
    """The level a title names (Junior, Senior, Teamleiter, Head of ...), else the role's own.

    models/levels.yaml gives each level its cues and the phrases in which a cue does not
    count ("account manager"); where several levels are named the highest wins, except that
    a junior cue always does ("Junior Account Manager", "Werkstudent Projektleitung")."""
    low = title.lower()
    found: list[str] = []
    for level, exceptions, cues, words in _level_phrases():
        if words and not any(w in low for w in words):
            continue  # a cue names a title only if the title holds its words, and most hold none of a level's
        text = low
        for exc in exceptions:
            if _has_words(exc, text):
                text = _title_pattern(exc).sub(" ", text)
        if any(_names(cue, text, text) for cue in cues):
            found.append(level)
    if found:
        return "junior" if "junior" in found else max(found, key=LEVELS.index)
    return model.level if model.id != "generic" else str(_level_cues().get("default", "mid"))
