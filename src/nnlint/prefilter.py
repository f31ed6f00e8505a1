"""The text pre-filter: skip parsing a file that mentions none of the words the rules need.

Parsing is the floor of nnlint's cost, and most files of a large repository (configuration,
tokenizers, utilities) hold nothing any rule reports. Each rule declares ``needs``, the words
without which it cannot report (``("backward", "step")``); a file whose text contains none of
the enabled rules' words cannot produce a finding, so it is not parsed at all; in a file that
is parsed, a rule none of whose words occurs is not run (nor the analysis only it asks for).
The test is a plain substring search over the decoded text, so a word in a comment or a
string keeps the file parsed: the filter may only err towards parsing. Short or common words
(``"to"``, ``"step"``, ``"load"``) occur in nearly every file and save nothing.

Never on imports alone: a helper module holding ``def train(model, loader, opt)`` imports
nothing and still holds the bug, so words are method and call names, not ``torch``.

NN001 (unparsable file) is reported by the engine and needs no word of its own. A file that
fails the filter is, therefore:
- found by walking a folder: skipped, not parsed, so a syntax error in it is not reported
  (it mentions nothing nnlint checks; Python linters and the interpreter report it);
- named explicitly (command line, pre-commit, stdin, the editor, the API): parsed, so NN001
  is still reported, but no rule runs on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar


class HasWords(Protocol):
    """A rule, or its entry in the generated index (nnlint.registry.RuleEntry)."""

    def needed_words(self) -> tuple[str, ...] | None: ...


R = TypeVar("R", bound=HasWords)


def needed_words(rules: Iterable[HasWords]) -> frozenset[str] | None:
    """The words any of ``rules`` needs, or None when one of them must always run."""
    words: set[str] = set()
    for rule in rules:
        needs = rule.needed_words()
        if needs is None:
            return None
        words.update(needs)
    return frozenset(words)


def applicable(rules: Iterable[R], text: str) -> list[R]:
    """The rules that may report on ``text``: those without ``needs`` or whose words occur.

    A rule none of whose words occurs is not run at all, so neither is the analysis only it
    asks for. Each word is searched for at most once per file.
    """
    seen: dict[str, bool] = {}
    tokens: str | None = None  # built on the first search

    def occurs(word: str) -> bool:
        nonlocal tokens
        found = seen.get(word)
        if found is None:
            if any(c.isspace() for c in word):
                found = word in text
            else:
                tokens = distinct_tokens(text) if tokens is None else tokens
                found = word in tokens
            seen[word] = found
        return found

    kept = []
    for rule in rules:
        needs = rule.needed_words()
        if needs is None or any(occurs(word) for word in needs):
            kept.append(rule)
    return kept


def distinct_tokens(text: str) -> str:
    """The file's distinct whitespace-separated tokens, joined by NUL: a word without
    whitespace occurs in the text exactly when it occurs here (inside one token), and most
    of the words searched for occur nowhere, so each search is shorter: on the transformers
    source the joined text is three fifths of the file, and the searches a third faster."""
    return "\0".join(set(text.split()))


def mentions_any(text: str, words: frozenset[str] | None) -> bool:
    """Whether the file must be parsed: True unless ``words`` is known and none occurs."""
    if words is None:
        return True
    return any(word in text for word in words)
