# The benchmark is a script (python tests/benchmarks/bench.py), not a test: never collect it.
collect_ignore = ["bench.py"]
