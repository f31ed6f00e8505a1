"""The generated rule index (src/nnlint/rule_index.py): current, and what makes runs lazy.

A lint run chooses rules and pre-filters files from the index alone and imports a rule's
module only for a file that passes its words; these tests pin both halves.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from nnlint.config import Settings
from nnlint.engine import Linter
from nnlint.registry import INDEX_FILE, RuleEntry, load_index, load_registry, main, render_index


def test_index_is_current() -> None:
    assert INDEX_FILE.read_text(encoding="utf-8") == render_index(load_registry()), (
        "src/nnlint/rule_index.py is stale: run `python -m nnlint.registry`"
    )


def test_index_entries_match_the_classes() -> None:
    index = load_index()
    assert [entry.code for entry in index.rules] == [rule.code for rule in load_registry().rules]
    for rule in load_registry().rules:
        entry = index.by_code[rule.code]
        assert entry.load() is rule
        assert (entry.name, entry.default, entry.status) == (rule.name, rule.default, rule.status)
        assert entry.needed_words() == rule().needed_words()
        assert index.lookup(rule.name) is entry


def test_check_mode_reports_a_stale_index(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import nnlint.registry as registry

    stale = tmp_path / "rule_index.py"
    stale.write_text("RULES = ()\n", encoding="utf-8")
    monkeypatch.setattr(registry, "INDEX_FILE", stale)
    assert main(["--check"]) == 1
    assert main([]) == 0
    assert main(["--check"]) == 0
    assert stale.read_text(encoding="utf-8") == render_index(load_registry())


def test_words_that_come_from_options_ask_the_rule() -> None:
    """NN203 derives its words from ``deep-stack-activations``: the index holds the default
    words, and a run that sets the option asks the rule."""
    entry = load_index().by_code["NN203"]
    assert entry.words_from_options and "sigmoid" in (entry.needs or ())
    source = "import torch.nn as nn\nnet = nn.Sequential(nn.Linear(4, 4), nn.Softsign(), nn.Linear(4, 4), nn.Softsign(), nn.Linear(4, 4), nn.Softsign(), nn.Linear(4, 1))\n"
    default = Linter(Settings())
    configured = Linter(Settings(options={"deep-stack-activations": ["softsign"]}))
    assert "NN203" not in {d.code for d in default.lint_source(source, "net.py").diagnostics}
    assert "NN203" in {d.code for d in configured.lint_source(source, "net.py").diagnostics}


def _imported_rule_modules(source: str) -> set[str]:
    script = (
        "import sys\n"
        "from nnlint.engine import check_source\n"
        f"check_source({source!r}, 'one_file.py')\n"
        "print('\\n'.join(m for m in sys.modules if m.startswith(('nnlint.rules.', 'nnlint.analysis.'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    return set(done.stdout.split())


def test_a_file_no_rule_can_report_on_imports_no_rule() -> None:
    imported = _imported_rule_modules("x = 1\n")
    assert {m for m in imported if m.startswith("nnlint.rules.") and "." in m[len("nnlint.rules."):]} == {
        "nnlint.rules.tool.unparsable_file"
    }
    assert "nnlint.analysis.events" not in imported and "nnlint.analysis.dataflow" not in imported


def test_a_file_imports_the_rules_its_words_pass() -> None:
    imported = _imported_rule_modules("def train(model, x):\n    model(x).sum().backward()\n")
    assert RuleEntry.of(load_registry().by_code["NN101"]).module in imported
    assert load_index().by_code["NN405"].module not in imported  # DataLoader / shuffle: absent
