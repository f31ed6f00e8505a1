"""The rule contract (STYLE.md 8.2): metadata, docstring sections, and docs that do not lie.

The docstring's Example block must report the rule's code when linted on its own, and the
Use-instead block must not, so the documentation is checked like code.
"""

from __future__ import annotations

import inspect
import re

import pytest

from nnlint.config import _KEYS as CONFIG_KEYS
from nnlint.config import Selection, Settings
from nnlint.engine import Linter
from nnlint.registry import REDIRECTS, load_registry
from nnlint.rule import FAMILIES, FRAMEWORKS, Rule

RULES = load_registry().rules
IDS = [rule.code for rule in RULES]
REQUIRED = ["## What it does", "## Why is this bad?", "## Example", "Use instead:"]
OPTIONAL = ["## Known problems", "## Options", "## Fix safety", "## References"]
KEBAB = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
FENCE = re.compile(r"```python\n(.*?)```", re.S)


def doc(rule: type[Rule]) -> str:
    return inspect.cleandoc(rule.__doc__ or "")


def test_there_are_rules() -> None:
    assert "NN001" in IDS


def test_codes_unique_and_well_formed() -> None:
    assert len(IDS) == len(set(IDS))
    for code in IDS:
        assert re.fullmatch(r"NN[0-9]{3}", code), code


def test_names_unique_and_kebab_case() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    for name in names:
        assert KEBAB.match(name), name


def test_codes_and_names_never_collide_with_each_other_or_redirects() -> None:
    for old, new in REDIRECTS.items():
        assert new in IDS, f"redirect {old} -> {new}: no such rule"
        assert old not in IDS, f"redirected code {old} is still in use"


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_family_folder_matches_hundreds_digit(rule: type[Rule]) -> None:
    parts = rule.__module__.split(".")
    assert parts[:2] == ["nnlint", "rules"] and len(parts) == 4, rule.__module__
    folder = parts[2]
    assert folder.replace("_", "-") == FAMILIES[rule.code[2]], (
        f"{rule.code} lives in rules/{folder}/ but NN{rule.code[2]}xx is {FAMILIES[rule.code[2]]}"
    )
    assert rule.family() == FAMILIES[rule.code[2]]


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_metadata(rule: type[Rule]) -> None:
    assert rule.message and "\n" not in rule.message and not rule.message.endswith("."), rule.message
    assert rule.frameworks <= FRAMEWORKS, rule.frameworks - FRAMEWORKS
    assert rule.status in ("stable", "preview", "deprecated")
    assert rule.fix_availability in ("none", "sometimes", "always")
    assert rule.severity in ("error", "warning", "info")
    assert re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", rule.since)


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_docstring_sections_present_and_in_order(rule: type[Rule]) -> None:
    text = doc(rule)
    positions = []
    for heading in REQUIRED:
        assert heading in text, f"{rule.code}: missing {heading!r}"
        positions.append(text.index(heading))
    assert positions == sorted(positions), f"{rule.code}: sections must come in the order {REQUIRED}"
    optional = [text.index(h) for h in OPTIONAL if h in text]
    assert optional == sorted(optional), f"{rule.code}: optional sections must come in the order {OPTIONAL}"
    assert all(p > positions[-1] for p in optional), f"{rule.code}: optional sections go after Use instead:"
    headings = re.findall(r"^## .*$", text, re.M)
    for heading in headings:
        assert heading in REQUIRED + OPTIONAL, f"{rule.code}: unknown section {heading!r}"


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_options_are_documented_and_real(rule: type[Rule]) -> None:
    text = doc(rule)
    for key, option in rule.options.items():
        assert KEBAB.match(key), key
        assert key not in CONFIG_KEYS, f"option {key} shadows a configuration key"
        assert option.doc
    if "## Options" not in text:
        assert not rule.options, f"{rule.code}: options {sorted(rule.options)} need an ## Options section"
        return
    section = text.split("## Options", 1)[1].split("\n## ", 1)[0]
    bullets = re.findall(r"^\s*[-*]\s+`([^`]+)`", section, re.M)
    assert bullets, f"{rule.code}: ## Options has no bullets naming options in backticks"
    for key in bullets:
        assert key in rule.options, f"{rule.code}: ## Options names {key!r}, not an option of this rule"
    for key in rule.options:
        assert key in bullets, f"{rule.code}: option {key!r} is not documented under ## Options"


def test_shared_option_keys_agree() -> None:
    for key, owners in load_registry().option_owners().items():
        specs = {(repr(o.options[key].type), repr(o.options[key].default)) for o in owners}
        assert len(specs) == 1, f"option {key} has different types or defaults in {[o.code for o in owners]}"


def _blocks(rule: type[Rule]) -> tuple[str, str]:
    text = doc(rule)
    example_part, instead_part = text.split("## Example", 1)[1].split("Use instead:", 1)
    example = FENCE.search(example_part)
    instead = FENCE.search(instead_part)
    assert example, f"{rule.code}: ## Example needs a ```python block"
    assert instead, f"{rule.code}: Use instead: needs a ```python block"
    return example.group(1), instead.group(1)


def _lint(rule: type[Rule], source: str) -> list[str]:
    settings = Settings(selections=(Selection(select=(rule.code,)),), preview=True)
    result = Linter(settings).lint_source(source, f"{rule.code}_example.py")
    assert not result.errors, result.errors
    return [f"{d.line}:{d.col}: {d.code} {d.message}" for d in result.diagnostics]


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_example_block_reports_the_rule(rule: type[Rule]) -> None:
    example, _ = _blocks(rule)
    found = _lint(rule, example)
    assert any(f" {rule.code} " in line for line in found), f"{rule.code}: the ## Example block reports nothing:\n{example}"


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_use_instead_block_is_silent(rule: type[Rule]) -> None:
    _, instead = _blocks(rule)
    found = _lint(rule, instead)
    assert not found, f"{rule.code}: the Use instead: block reports {found}"
