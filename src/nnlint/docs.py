"""Rule documentation as markdown: what ``nnlint rule`` prints and docs/rules/ holds."""

from __future__ import annotations

import inspect

from nnlint.rule import Rule


def rule_markdown(rule: type[Rule]) -> str:
    default = "on by default" if rule.default else "opt-in (select it by code, name or prefix)"
    if rule.status != "stable":
        default += f"; {rule.status}"
    fix = {"none": "no automatic fix", "sometimes": "a fix is sometimes available", "always": "a fix is available"}[
        rule.fix_availability
    ]
    frameworks = ", ".join(sorted(rule.frameworks)) or "any"
    lines = [
        f"# {rule.name} ({rule.code})",
        "",
        f"Family: {rule.family()}. Frameworks: {frameworks}. Status: {default}. Fix: {fix}. Since {rule.since}.",
        "",
        f"Message: {_code_span(rule.message)}",
        "",
        inspect.cleandoc(rule.__doc__ or "").strip(),
    ]
    if rule.options:
        lines += ["", "## Option values", "", "| key | type | default | description |", "|---|---|---|---|"]
        for key, opt in rule.options.items():
            lines.append(f"| `{key}` | {getattr(opt.type, '__name__', opt.type)} | `{opt.default!r}` | {opt.doc} |")
    return "\n".join(lines).rstrip() + "\n"


def _code_span(text: str) -> str:
    """Markdown inline code that may itself hold backticks (CommonMark: a longer fence)."""
    if "`" not in text:
        return f"`{text}`"
    return f"`` {text} ``"
