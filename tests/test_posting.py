"""Reading and parsing: encodings, line endings, Markdown blocks, masking, front matter."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jdlint.posting import _INLINE_NOISE, parse
from jdlint.source import InputError, Source, decode, encode


def blocks(text: str) -> list[tuple[str, str]]:
    p = parse(Source("t.md", text))
    return [(b.kind, text[b.start : b.end]) for b in p.blocks]


def test_masked_text_keeps_offsets_and_hides_markup():
    text = "# Title\n\nWe **really** like [links](https://x.example) and `code`.\n"
    p = parse(Source("t.md", text))
    assert len(p.masked) == len(text)
    assert "**" not in p.masked and "https" not in p.masked and "code" not in p.masked
    assert p.masked.index("really") == text.index("really")


@pytest.mark.parametrize(
    ("markup", "hidden"),
    [
        ("`npm test`", "npm test"),
        ("![logo](logo.png)", "logo.png"),
        ("<https://example.com/jobs>", "example.com"),
        ("<b>great</b>", "<b>"),
        ("[apply](https://example.com/apply)", "example.com"),
        ("[apply][form]", "form"),
        ("www.example.com/apply", "example"),
        ("jobs@example.com", "example"),
        ("**great**", "**"),
        ("~~old~~", "~~"),
        ("\\*", "\\"),
        ("&amp;", "amp"),
    ],
)
def test_each_kind_of_inline_markup_is_masked(markup: str, hidden: str) -> None:
    text = f"We offer {markup} to everyone.\n"
    p = parse(Source("t.md", text))
    assert hidden not in p.masked and "everyone" in p.masked, p.masked


_PIECES = [*"` ! [ ] ( ) < > / b http s :// www. @ . - * _ ~ \\ & amp ; # 1 x mailto: Ä".split(), " "]
_MARKUP = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@given(_MARKUP)
def test_every_inline_match_holds_what_its_pattern_is_skipped_without(text: str) -> None:
    """A block is searched for a kind of markup only if it holds the pattern's cue: so every
    match must hold one."""
    for cues, rx in _INLINE_NOISE:
        for m in rx.finditer(text):
            assert any(c in m.group() for c in cues), (rx.pattern, m.group())


def test_code_blocks_and_html_comments_are_not_prose():
    text = "Intro line here.\n\n```\nin order to\n```\n\n<!-- in order to -->\n"
    p = parse(Source("t.md", text))
    assert "in order to" not in p.masked


def test_lists_headings_and_pseudo_headings():
    text = "# Agent\n\n**Your tasks:**\n- Answer calls\n- Log calls\n\nDein Profil:\n• Geduld\n✅ Teamgeist\n"
    got = blocks(text)
    assert got == [
        ("heading", "Agent"),
        ("heading", "Your tasks:"),
        ("item", "Answer calls"),
        ("item", "Log calls"),
        ("heading", "Dein Profil:"),
        ("item", "Geduld"),
        ("item", "Teamgeist"),
    ]


def test_front_matter_is_read_and_masked():
    p = parse(Source("t.md", "---\ntitle: Agent\nlevel: junior\n---\n# Agent\n"))
    assert p.meta == {"title": "Agent", "level": "junior"}
    assert "junior" not in p.masked


def test_broken_front_matter_names_the_line():
    with pytest.raises(InputError) as err:
        parse(Source("t.md", "---\ntitle: [unclosed\n---\nText\n"))
    assert "t.md" in str(err.value) and err.value.line


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings(newline):
    text = newline.join(["# Agent", "", "- Answer calls", "- Log calls", ""])
    got = blocks(text)
    assert ("item", "Log calls") in got


def test_encodings_round_trip():
    text = "Kundenberater – Überstunden\r\n"
    for data, enc in [
        (text.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8"),
        (text.encode("utf-16"), "utf-16"),
        (text.encode("cp1252"), "cp1252"),
    ]:
        src = decode(data, "x.md")
        assert src.text == text and src.encoding == enc
        assert encode(src, src.text) == data


def test_binary_is_refused_with_the_file_name():
    with pytest.raises(InputError, match=r"x\.md.*binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00", "x.md")
