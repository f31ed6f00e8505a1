"""``python -m nnlint`` works as the ``nnlint`` command."""

from nnlint.cli import main

if __name__ == "__main__":
    main(prog_name="nnlint")
