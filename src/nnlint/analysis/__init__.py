"""The model of a training program that every rule reads.

``Program`` (program.py) holds one parsed file and memoises facts computed from it; each
module here computes one kind of fact (names, classes, ...) as a function of the Program,
so a rule asks ``training_loops(program)`` instead of walking the tree itself.
"""

from nnlint.analysis.program import Program

__all__ = ["Program"]
