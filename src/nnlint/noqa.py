"""Suppression comments: ``# noqa``, ``# noqa: NN101, missing-zero-grad``, ``# nnlint: noqa``.

Codes match exactly or by any prefix the user wrote (flake8's behaviour, a superset of
ruff's). Rule names are accepted as aliases of their codes. A blanket ``# noqa`` silences
every nnlint finding on the line. ``# nnlint: noqa`` (and ``# flake8: noqa`` / ``# ruff: noqa``,
which users already write) on a line of its own silences the whole file; with codes
(``# nnlint: noqa: NN101``) only those codes, file-wide.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field

from nnlint.diagnostic import Diagnostic

_LINE = re.compile(
    r"#\s*noqa(?![\w-])(?:\s*:\s*(?P<codes>[A-Za-z0-9_-]+(?:[\s,]+[A-Za-z0-9_-]+)*))?", re.IGNORECASE
)
_FILE = re.compile(
    r"^#\s*(?:nnlint|flake8|ruff)\s*[:=]\s*noqa(?::\s*(?P<codes>[A-Za-z0-9_,\s-]+))?\s*$",
    re.IGNORECASE,
)
_EXPECT = re.compile(r"#\s*(?:expect|expect-todo|silent-todo):[^#]*")


@dataclass
class Suppressions:
    """Per line: None for a blanket noqa, else the selectors written there."""

    lines: dict[int, tuple[str, ...] | None] = field(default_factory=dict)
    file_blanket: bool = False
    file_selectors: tuple[str, ...] = ()

    def suppresses(self, diagnostic: Diagnostic, line: int | None = None) -> bool:
        if self.file_blanket:
            return True
        if self.file_selectors and _matches(self.file_selectors, diagnostic):
            return True
        line = diagnostic.line if line is None else line
        if line not in self.lines:
            return False
        selectors = self.lines[line]
        return selectors is None or _matches(selectors, diagnostic)


def _matches(selectors: tuple[str, ...], diagnostic: Diagnostic) -> bool:
    for selector in selectors:
        if selector.lower() == diagnostic.name:
            return True
        upper = selector.upper()
        if diagnostic.code == upper or (upper.startswith("NN") and diagnostic.code.startswith(upper)):
            return True
    return False


def _split(codes: str) -> tuple[str, ...]:
    return tuple(c for c in re.split(r"[\s,]+", codes.strip()) if c)


def parse(source: str) -> Suppressions:
    """Find suppression comments with the tokenizer, so strings that say noqa do not count."""
    found = Suppressions()
    if "noqa" not in source.lower():
        return found
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, ValueError):
        tokens = _comment_tokens_fallback(source)
    line_start_comment = set()
    previous_line_end = 0
    for token in tokens:
        if token.type == tokenize.COMMENT:
            if token.start[0] != previous_line_end:
                line_start_comment.add(token.start[0])
            _record(found, token.string, token.start[0], token.start[0] in line_start_comment)
        if token.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
            previous_line_end = token.end[0]
    return _spread_multiline_strings(found, tokens)


def _record(found: Suppressions, comment: str, line: int, own_line: bool) -> None:
    text = _EXPECT.sub("", comment)
    file_match = _FILE.match(text.strip())
    if file_match and own_line:
        codes = file_match.group("codes")
        if codes and codes.strip():
            found.file_selectors += _split(codes)
        else:
            found.file_blanket = True
        return
    match = _LINE.search(text)
    if match:
        codes = match.group("codes")
        found.lines[line] = _split(codes) if codes else None


def _spread_multiline_strings(found: Suppressions, tokens: list[tokenize.TokenInfo]) -> Suppressions:
    """A noqa after a multi-line string covers every line of the string (flake8)."""
    for token in tokens:
        if token.type == tokenize.STRING and token.end[0] > token.start[0]:
            if token.end[0] in found.lines:
                for line in range(token.start[0], token.end[0]):
                    found.lines.setdefault(line, found.lines[token.end[0]])
    return found


def _comment_tokens_fallback(source: str) -> list[tokenize.TokenInfo]:
    """For files the tokenizer rejects: treat every ``#`` outside quotes crudely as a comment."""
    tokens = []
    for number, line in enumerate(source.splitlines(), start=1):
        index = line.find("#")
        if index != -1:
            if line[:index].strip():
                # Code before the comment: a placeholder token, so it is not an own-line comment.
                tokens.append(tokenize.TokenInfo(tokenize.OP, line[:index], (number, 0), (number, index), line))
            tokens.append(
                tokenize.TokenInfo(tokenize.COMMENT, line[index:], (number, index), (number, len(line)), line)
            )
    return tokens


def filter_diagnostics(source: str, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    if not diagnostics:
        return diagnostics
    suppressions = parse(source)
    return [d for d in diagnostics if not suppressions.suppresses(d)]
