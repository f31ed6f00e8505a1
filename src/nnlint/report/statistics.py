"""``--statistics``: how many findings each rule produced, most frequent first (ruff's shape).

    3	NN101	missing-zero-grad
    1	NN001	unparsable-file

With ``--output-format json`` the same counts are a JSON array, so scripts need not parse
the table.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TextIO

from nnlint.diagnostic import Diagnostic


def counts(diagnostics: list[Diagnostic]) -> list[dict[str, object]]:
    by_code = Counter(d.code for d in diagnostics)
    names = {d.code: d.name for d in diagnostics}
    rows = sorted(by_code.items(), key=lambda item: (-item[1], item[0]))
    return [
        {"code": code, "name": names[code], "count": count}
        for code, count in rows
    ]


def render(diagnostics: list[Diagnostic], stream: TextIO, as_json: bool = False) -> None:
    rows = counts(diagnostics)
    if as_json:
        json.dump(rows, stream, indent=2)
        stream.write("\n")
        return
    width = max((len(str(row["count"])) for row in rows), default=1)
    for row in rows:
        stream.write(f"{str(row['count']).rjust(width)}\t{row['code']}\t{row['name']}\n")
