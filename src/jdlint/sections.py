"""Assign every block of a posting to a section: from headings, else from its content."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .data import builtin_models_dir
from .posting import Block, Posting
from .yamlio import load_file

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SECTIONS = (
    "title",
    "company",
    "summary",
    "duties",
    "skills",
    "traits",
    "qualifications",
    "benefits",
    "application",
    "other",
)
PROFILE = ("skills", "traits", "qualifications")
_STRIP = re.compile(r"[^\w\s'&/-]+")


@dataclass(frozen=True)
class Vocabulary:
    headings: tuple[tuple[str, re.Pattern[str]], ...]
    cues: tuple[tuple[str, re.Pattern[str]], ...]
    ambiguous: re.Pattern[str]
    anywhere: dict[str, re.Pattern[str]]
    experience: re.Pattern[str]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    data = load_file(builtin_models_dir() / "sections.yaml")

    def compile_all(group: dict[str, list[str]], flags: int = re.I) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return tuple((name, re.compile("|".join(f"(?:{p})" for p in pats), flags)) for name, pats in group.items())

    # Headings and cues are written in lower case and matched in lower-cased text (a heading
    # through normalize_heading): IGNORECASE would only triple the time of these patterns.
    ambiguous = re.compile("|".join(f"(?:{p})" for p in data.get("ambiguous") or ["(?!)"]))
    anywhere = dict(compile_all(data.get("anywhere") or {}))
    experience = re.compile(data.get("experience") or "(?!)")
    return Vocabulary(compile_all(data["headings"], 0), compile_all(data["cues"], 0), ambiguous, anywhere, experience)


def normalize_heading(text: str) -> str:
    text = "".join(c for c in text if unicodedata.category(c)[0] != "S")  # emoji and symbols
    text = _STRIP.sub(" ", text.replace("’", "'")).strip(" -/&").lower()
    return re.sub(r"\s+", " ", text)


@lru_cache(maxsize=8192)  # the same headings come back posting after posting
def classify_heading(text: str) -> str | None:
    norm = normalize_heading(text)
    if not norm or vocabulary().ambiguous.search(norm):
        return None
    for name, rx in vocabulary().headings:
        if rx.search(norm):
            return name
    return None


# Duties told as prose ("Du berätst unsere Kunden", "betreust du", "You will answer calls"):
# the reader addressed next to a full verb that is not about pay, perks or the profile.
_YOU = {"en": ("you",), "de": ("du", "sie", "ihr")}
_NOT_DUTY_VERBS = frozenset(
    "get receive enjoy earn join bring need know love like want speak feel find grow learn apply fit thrive share "
    "think believe see hear look make bekommen erhalten erwarten genießen verdienen mitbringen bringen brauchen "
    "kennen lieben mögen wollen sprechen fühlen finden lernen bewerben passen freuen suchen teilen denken glauben "
    "sehen hören wachsen verfügen besitzen überzeugen wünschen".split()
)


def duty_statements(doc: Doc, lang: str, start: int, end: int, title_words: frozenset[str] = frozenset()) -> int:
    """Sentences between two offsets that tell the reader what they will do, or (given the
    title's words) what the role does: "Designers are responsible for ...", "The Deputy
    represents the Director ..."."""
    you = _YOU.get(lang, ())
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return 0
    count = 0
    for sent in span.sents:
        toks = [t for t in sent if not t.is_space]
        if title_words and _about_the_role(toks, title_words) and not _HIRING.search(sent.text):
            count += 1
            continue
        for i, tok in enumerate(toks):
            if tok.lower_ not in you or (tok.lower_ == "sie" and not tok.text[0].isupper()):
                continue
            window = toks[max(0, i - 1) : i] + toks[i + 1 : i + 4]
            if any(t.pos_ == "VERB" and t.lemma_ not in _NOT_DUTY_VERBS for t in window):
                count += 1
                break
    return count


def _about_the_role(toks: list[Token], title_words: frozenset[str]) -> bool:
    """The role (a word of the title, or its plural) is the subject: it stands before the
    first verb, within the first words, and a finite verb follows ("Current has 15
    engineers" is about the company, "client-oriented consulting" has no finite verb)."""
    for i, t in enumerate(toks[:5]):
        if t.pos_ in ("VERB", "AUX"):
            return False
        if any(t.lower_.startswith(w) for w in title_words):
            return any(v.pos_ in ("VERB", "AUX") and not v.tag_.endswith("G") for v in toks[i + 1 :])
    return False


_SECOND_PERSON = frozenset("you your yours du dich dir dein deine deinen deinem deiner ihnen ihr ihre euch".split())
_WE = frozenset("we our wir unser unsere unseren unserem unserer".split())
_HIRING = re.compile(
    r"\b(looking (for|to)|seeking|hiring|searching|suchen|sucht|gesucht|someone|somebody|candidates?|jemand\w*|"
    r"kandidat\w*|bewerber\w*|this (page|role|position|posting)|diese (stelle|seite|position))\b",
    re.I,
)

# An equal-opportunity statement says what the employer values, not what it is or does.
_EQUALITY = re.compile(
    r"\b(equal(ity)? opportunit\w*|diversity|inclusi\w+|discriminat\w*|vielfalt|chancengleich\w*|"
    r"diskriminier\w*|gleichbehandl\w*)",
    re.I,
)


def title_text(posting: Posting) -> str:
    """The posting's title: from the front matter, else its title block."""
    return str(posting.meta.get("title") or (posting.block_text(posting.title) if posting.title else ""))


def title_words(posting: Posting) -> frozenset[str]:
    """The title's words long enough to name the role ("deputy", "designer")."""
    return frozenset(w for w in re.findall(r"\w+", title_text(posting).lower()) if len(w) > 3)


def company_statements(doc: Doc, start: int, end: int, lang: str, title_words: frozenset[str] = frozenset()) -> int:
    """Sentences that describe the employer: a name (or "we") as subject, in the third
    person, not addressed to the reader, not the job offer and not the role (whose
    title words would stand in the subject)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return 0
    count = 0
    for sent in span.sents:
        toks = [t for t in sent if not t.is_space and not t.is_punct]
        if len(toks) < 6 or _HIRING.search(sent.text) or _EQUALITY.search(sent.text):
            continue
        if any(t.lower_ in _SECOND_PERSON or (t.text == "Sie" and t.i != toks[0].i) for t in toks):
            continue
        head = toks[:4]
        if any(t.lower_ in title_words for t in head):
            continue
        named = (
            toks[0].lower_ in _WE
            or any(t.pos_ == "PROPN" or (t.text.isupper() and len(t.text) >= 2 and t.text.isalpha()) for t in head)
            # "The Centers of Excellence is ...": English capitalises a common noun only in a name
            or (lang == "en" and any(t.text[0].isupper() for t in head[1:]))
            # "Schichtwerk entwickelt ...", "RebelMouse serves ...": a name the tagger took for a
            # noun (in English a singular one: "Applications will ..." is no name)
            or (
                toks[0].pos_ == "NOUN"
                and toks[0].text[0].isupper()
                and toks[1].pos_ in ("VERB", "AUX")
                and (lang != "en" or toks[0].lemma_ == toks[0].lower_)
            )
        )
        if named and any(t.pos_ in ("VERB", "AUX") for t in toks[1:]):
            count += 1
    return count


_LONG_WORD = re.compile(r"\S{80,}")  # no cue is that long; such runs would only slow the patterns


def _votes(text: str) -> Counter[str]:
    """How many cues of each section the text holds (a fresh Counter: callers add to it)."""
    return Counter(dict(_cue_counts(text)))


@lru_cache(maxsize=16384)
def _cue_counts(text: str) -> tuple[tuple[str, int], ...]:
    low = _LONG_WORD.sub(" ", text.lower().replace("’", "'"))
    counts = ((name, len(rx.findall(low))) for name, rx in vocabulary().cues)
    return tuple((name, n) for name, n in counts if n)


def _profile_kind(text: str, default: str, experience: bool = False, paragraph: bool = False) -> str:
    """Within a profile list: a degree or years of experience is a qualification, a
    personality word a trait, a condition of the job (travel, shifts) none of the three,
    anything else a skill. Under an experience heading ("Specialized experience is defined
    as"), a line names a kind of experience unless it names a skill."""
    votes = _votes(text)
    if not any(votes[s] for s in (*PROFILE, "other")) and paragraph:
        # prose under a profile heading that asks for nothing: the pay grade, how to apply,
        # or a line that names nothing ("Failure to provide ...") and keeps the heading's
        return votes.most_common(1)[0][0] if votes else default
    if votes["qualifications"] or (experience and not votes["skills"]):
        return "qualifications"
    if votes["other"] >= max(votes["skills"], 1) and not votes["traits"]:
        return "other"
    if votes["traits"] and not votes["skills"]:
        return "traits"
    # Without a degree, a certificate or years of experience, an item is an ability, even
    # under a "Qualifications" heading.
    return default if default == "traits" else "skills"


def _classify_group(blocks: list[Block], posting: Posting, fallback: str, doc: Doc, lang: str) -> str:
    votes: Counter[str] = Counter()
    for b in blocks:
        votes.update(_votes(posting.block_text(b)))
        votes["duties"] += duty_statements(doc, lang, b.start, b.end)
    if not votes:
        return fallback
    top = max(votes.values())
    leaders = [name for name, n in votes.items() if n == top]
    return fallback if fallback in leaders else leaders[0]  # ties go to what the shape suggests


def _set(block: Block, section: str, posting: Posting, experience: bool = False) -> None:
    if section == "summary" and block.kind == "item" and _votes(posting.block_text(block))["duties"]:
        section = "duties"  # a list under "Job description" or "About the role" is the duties
    if section in PROFILE and block.kind != "heading":
        experience = experience and section == "qualifications"
        section = _profile_kind(posting.block_text(block), section, experience, block.kind == "paragraph")
    block.section = section


def _defines_experience(text: str) -> bool:
    """A heading or lead-in that defines the experience asked ("Specialized experience is
    defined as:"): the lines under it are kinds of experience."""
    return bool(vocabulary().experience.search(normalize_heading(text)))


def find_title(posting: Posting) -> Block | None:
    for i, b in enumerate(posting.blocks[:6]):
        if b.kind == "heading" and (b.level == 1 or i == 0):
            return b
        if (
            i == 0
            and b.kind == "paragraph"
            and len(posting.block_text(b).split()) <= 12
            and not posting.block_text(b).rstrip().endswith((".", ":"))
        ):
            return b
    return None


def assign(posting: Posting, doc: Doc, lang: str) -> None:
    title = find_title(posting)
    posting.title = title
    current: str | None = "intro"
    current_level = 0
    experience = False  # the heading, or a paragraph leading into its list, defines the experience asked
    empty = False  # a recognised heading with nothing under it yet
    group: list[Block] = []

    def flush() -> None:
        if not group:
            return
        if current == "intro":
            _assign_intro(group, posting, doc, lang)
        else:
            section = _classify_group(group, posting, "other", doc, lang)
            for b in group:
                _set(b, section, posting)
        group.clear()

    for b in posting.blocks:
        if b is title:
            b.section = "title"
            continue
        if b.kind == "heading":
            found = classify_heading(posting.block_text(b))
            if found:
                flush()
                current, current_level = found, b.level
                experience = _defines_experience(posting.block_text(b))
                b.section, empty = found, True
                continue
            if empty and b.level >= current_level:  # "Role summary" over the role's name as a heading
                b.section = str(current)
                continue
            if current in (None, "intro") or b.level <= current_level:
                flush()
                current, current_level = None, b.level
            b.section = current if current not in (None, "intro") else "other"
            continue
        if b.label and (labelled := classify_heading(b.label)):
            _set(b, labelled, posting)
            continue
        empty = False
        if current in (None, "intro"):
            group.append(b)
        else:
            _set(b, current, posting, experience)
            if b.kind == "paragraph" and posting.block_text(b).rstrip().endswith(":"):
                experience = experience or _defines_experience(posting.block_text(b))
    flush()


def _assign_intro(blocks: list[Block], posting: Posting, doc: Doc, lang: str) -> None:
    """Blocks before the first recognised heading: an opening paragraph about the company
    or the role, lists classified as a run, the rest by their own cues."""
    run: list[Block] = []
    words = title_words(posting)

    def close_run() -> None:
        if run:
            section = _classify_group(run, posting, "duties", doc, lang)
            for x in run:
                _set(x, section, posting)
            run.clear()

    for b in blocks:
        if b.kind == "item":
            run.append(b)
            continue
        close_run()
        votes = _votes(posting.block_text(b))
        votes["duties"] += duty_statements(doc, lang, b.start, b.end)
        votes["company"] += 2 * company_statements(doc, b.start, b.end, lang, words)
        if not +votes:
            b.section = "summary"
            continue
        best = votes.most_common(1)[0][0]
        if best in ("company", "summary") and votes["summary"] and votes["company"] <= votes["summary"]:
            best = "summary"
        _set(b, best, posting)
    close_run()
