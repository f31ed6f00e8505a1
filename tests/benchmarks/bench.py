"""nnlint's speed benchmark: real code, side by side with the floor and a peer.

    python tests/benchmarks/bench.py                      # downloads transformers 5.24.0 if needed
    python tests/benchmarks/bench.py --corpus DIR         # any folder of .py files
    python tests/benchmarks/bench.py --peer-venv /tmp/peer --peer-sample 1   # peer on every file

Measured in one run, on the same files, each in its own child process (wall time, and peak
RSS of the largest process from getrusage(RUSAGE_CHILDREN)):
- the floor: read every file, ``ast.parse``, walk the tree, drop it; measured before and
  after the cold ``--jobs 1`` run and averaged, since a shared machine's speed drifts;
- nnlint with a cold (empty) cache in one process (``--jobs 1``), with ``--jobs`` at the CPU
  count, and again with the cache warm (nothing changed);
- flake8 with TorchFix (``--select TOR``), installed into a separate virtualenv (never the
  project's), on every K-th file (``--peer-sample``, default 10: the peer runs at about 1,000
  lines/s), next to nnlint ``--jobs 1 --no-cache`` on exactly the same files, run before and
  after the peer and averaged;
- ``nnlint check one_small_file.py`` (start-up: what pre-commit and editors pay), median of
  many runs;
- what the text pre-filter skips for the default selection, and the effect of the GC tuning.

The only network access is the package index (``pip download``). This is not a pytest test
(tests/benchmarks/conftest.py keeps it out of collection); docs/performance.md has the figures.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

TRANSFORMERS = "transformers==5.24.0"
SCRIPT = os.path.abspath(__file__)
DEFAULT_WORK = Path(tempfile.gettempdir()) / "nnlint-bench"


# ---------------------------------------------------------------- children (one measurement each)


def child_measure(command: list[str], env: dict[str, str] | None) -> None:
    """Run ``command``; print its wall time and the peak RSS of its process tree as JSON."""
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kb = usage.ru_maxrss
    if sys.platform == "darwin":
        peak_kb //= 1024
    print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": peak_kb / 1024, "rc": done.returncode,
                      "stdout_lines": done.stdout.count(b"\n"), "stdout_sha": hashlib.sha256(done.stdout).hexdigest(),
                      "stderr": done.stderr.decode(errors="replace")[-2000:]}))


def child_floor(list_file: str) -> None:
    """The floor: read, parse, walk and drop every file."""
    for name in Path(list_file).read_text().splitlines():
        try:
            tree = ast.parse(Path(name).read_bytes(), filename=name)
        except (SyntaxError, ValueError):
            continue
        for _ in ast.walk(tree):
            pass
        del tree


def child_gc(list_file: str, mode: str) -> None:
    """nnlint --jobs 1 in process, with the runner's GC tuning or with Python's defaults."""
    from contextlib import nullcontext

    from nnlint import runner
    from nnlint.config import Settings

    if mode == "default":
        runner._gc_tuned = lambda files: nullcontext(lambda: None)  # type: ignore[assignment]
    files = Path(list_file).read_text().splitlines()
    start = time.perf_counter()
    runner.run(files, Settings(), jobs=1, cache=None)
    print(json.dumps({"wall": time.perf_counter() - start}))


def child_prefilter(list_file: str) -> None:
    """What the pre-filter skips with the default selection, and what parsing those would cost."""
    from nnlint import prefilter
    from nnlint.config import Settings
    from nnlint.engine import Linter
    from nnlint.files import SourceError, read_source

    linter = Linter(Settings())
    rules = linter.rules_for(None)
    words = prefilter.needed_words(rules)
    without = [r.code for r in rules if r.needed_words() is None and r.code != "NN001"]
    skipped, skipped_lines, saved = 0, 0, 0.0
    rule_runs, rule_runs_skipped = 0, 0
    files = Path(list_file).read_text().splitlines()
    start = time.perf_counter()
    for name in files:
        try:
            text = read_source(Path(name))
        except SourceError:
            continue
        rule_runs += len(rules) - 1
        rule_runs_skipped += len(rules) - 1 - len(prefilter.applicable(rules, text))
        if not prefilter.mentions_any(text, words):
            skipped += 1
            skipped_lines += text.count("\n")
            t0 = time.perf_counter()
            try:
                tree = ast.parse(text)
                for _ in ast.walk(tree):
                    pass
                del tree
            except (SyntaxError, ValueError):
                pass
            saved += time.perf_counter() - t0
    print(json.dumps({
        "rules": len(rules), "rules_without_needs": without, "words": sorted(words or ()),
        "files": len(files), "skipped": skipped, "skipped_lines": skipped_lines,
        "parse_walk_saved": saved, "filter_time": time.perf_counter() - start - saved,
        "rule_runs": rule_runs, "rule_runs_skipped": rule_runs_skipped,
    }))


# ---------------------------------------------------------------- the corpus


def obtain_corpus(work: Path) -> Path:
    """The .py files of the transformers wheel, downloaded from the package index if missing."""
    target = work / "transformers-5.24.0"
    if (target / "transformers").is_dir():
        return target / "transformers"
    work.mkdir(parents=True, exist_ok=True)
    wheels = list(work.glob("transformers-5.24.0-*.whl"))
    if not wheels:
        print(f"downloading {TRANSFORMERS} (wheel only, no dependencies) ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                        TRANSFORMERS, "-d", str(work)], check=True)
        wheels = list(work.glob("transformers-5.24.0-*.whl"))
    partial = work / "transformers-5.24.0.partial"
    shutil.rmtree(partial, ignore_errors=True)
    with zipfile.ZipFile(wheels[0]) as wheel:
        for member in wheel.namelist():
            if member.startswith("transformers/") and member.endswith(".py"):
                wheel.extract(member, partial)
    partial.rename(target)
    return target / "transformers"


def python_files(root: Path) -> list[str]:
    found = []
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        found += [os.path.join(folder, name) for name in sorted(filenames) if name.endswith(".py")]
    return sorted(found)


def copy_sample(files: list[str], root: Path, target: Path) -> Path:
    """Copy ``files`` (under ``root``) into ``target``, keeping their relative paths."""
    shutil.rmtree(target, ignore_errors=True)
    for name in files:
        destination = target / Path(name).relative_to(root)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(name, destination)
    return target


def count_lines(files: list[str]) -> int:
    return sum(Path(name).read_bytes().count(b"\n") for name in files)


# ---------------------------------------------------------------- the parent


def snapshot_source(work: Path) -> tuple[Path, str]:
    """A private copy of the nnlint package that every measurement imports.

    The cache key includes a fingerprint of nnlint's source, so an edit made while the
    benchmark runs (a development checkout) would turn the warm run cold; and all figures
    must come from the same code. Returns the folder to put on PYTHONPATH and a description.
    """
    import nnlint

    package = Path(nnlint.__file__).resolve().parent
    target = work / "snapshot"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(package, target / "nnlint", ignore=shutil.ignore_patterns("__pycache__"))
    try:
        head = subprocess.run(["git", "-C", str(package), "log", "-1", "--format=%h %cI"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(package), "status", "--porcelain", "--", "."],
                               capture_output=True, text=True, check=True).stdout.strip()
        where = f"commit {head}{' + uncommitted changes' if dirty else ''}"
    except (OSError, subprocess.CalledProcessError):
        where = str(package)
    return target, where


def mean_of(first: dict[str, object], second: dict[str, object]) -> dict[str, object]:
    """Two measurements of the same command: mean wall and CPU time, the larger peak."""
    merged = dict(second)
    for key in ("wall", "cpu"):
        merged[key] = (float(first[key]) + float(second[key])) / 2  # type: ignore[arg-type]
    merged["peak_mb"] = max(float(first["peak_mb"]), float(second["peak_mb"]))  # type: ignore[arg-type]
    return merged


class Bench:
    def __init__(self, work: Path, source: Path | None = None) -> None:
        self.work = work
        env = dict(os.environ)
        if source is not None:
            env["PYTHONPATH"] = os.pathsep.join([str(source), *filter(None, [env.get("PYTHONPATH")])])
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure as installed: bytecode cached
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        env.pop("NNLINT_NO_CACHE", None)
        env.pop("NNLINT_CACHE_DIR", None)
        env.pop("CI", None)
        self.env = env

    def measure(self, command: list[str], cwd: Path | None = None) -> dict[str, object]:
        done = subprocess.run(
            [sys.executable, SCRIPT, "--child-measure", json.dumps(command)],
            capture_output=True, text=True, env=self.env, cwd=cwd,
        )
        if done.returncode != 0:
            raise SystemExit(f"measurement failed: {command}\n{done.stderr}")
        figures = json.loads(done.stdout)
        if figures["rc"] != 0 or "internal error" in str(figures["stderr"]):
            print(f"warning: {' '.join(command)} exited {figures['rc']}: {figures['stderr']}", file=sys.stderr)
        return figures

    def child(self, *args: str) -> dict[str, object]:
        done = subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True, env=self.env)
        if done.returncode != 0:
            raise SystemExit(f"child failed: {args}\n{done.stderr}")
        return json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else {}

    def nnlint(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "nnlint", "check", "--isolated", "--exit-zero", *args]


def fmt_rate(lines: int, seconds: float) -> str:
    return f"{lines / seconds:>12,.0f}" if seconds > 0 else " " * 12


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, help="folder of .py files (default: transformers 5.24.0 from the wheel)")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help=f"scratch folder (default {DEFAULT_WORK})")
    parser.add_argument("--peer-venv", type=Path, help="virtualenv with flake8 and torchfix (default: <work>/peer-venv, created if missing)")
    parser.add_argument("--peer-sample", type=int, default=10, help="run the peer on every K-th file (default 10; 1 = all)")
    parser.add_argument("--no-peer", action="store_true", help="skip flake8 + TorchFix")
    parser.add_argument("--sample", type=int, default=1, help="measure everything on every K-th file only (default 1: all)")
    parser.add_argument("--startup-runs", type=int, default=20)
    parser.add_argument("--gc-sample", type=int, default=10, help="compare GC settings on every K-th file (default 10)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--child-measure", help=argparse.SUPPRESS)
    parser.add_argument("--child-floor", help=argparse.SUPPRESS)
    parser.add_argument("--child-gc", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--child-prefilter", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_measure:
        return child_measure(json.loads(args.child_measure), None)
    if args.child_floor:
        return child_floor(args.child_floor)
    if args.child_gc:
        return child_gc(*args.child_gc)
    if args.child_prefilter:
        return child_prefilter(args.child_prefilter)
    run_benchmark(args)


def ensure_peer(venv: Path) -> Path | None:
    flake8 = venv / "bin" / "flake8"
    if flake8.exists():
        return flake8
    print(f"installing flake8 and torchfix into {venv} (not the project's environment) ...", file=sys.stderr)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "flake8", "torchfix"], check=True)
    except (subprocess.CalledProcessError, OSError) as error:
        print(f"peer not available: {error}", file=sys.stderr)
        return None
    return flake8 if flake8.exists() else None


def run_benchmark(args: argparse.Namespace) -> None:
    import nnlint

    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    corpus = (args.corpus or obtain_corpus(work)).resolve()
    files = python_files(corpus)
    if args.sample > 1:
        corpus = copy_sample(files[:: args.sample], corpus, work / "corpus-sample")
        files = python_files(corpus)
    lines = count_lines(files)
    list_file = work / "files.txt"
    list_file.write_text("\n".join(files) + "\n")
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    source, where = snapshot_source(work)
    bench = Bench(work, source)
    load_before = os.getloadavg()
    print(f"nnlint {nnlint.__version__} ({where}), Python {platform.python_version()}, {cpus} CPUs, "
          f"load average {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}")
    sampled = f" (every {args.sample}th file of {args.corpus or 'the transformers wheel'})" if args.sample > 1 else ""
    print(f"corpus: {corpus}{sampled}: {len(files):,} files, {lines:,} lines\n")

    subprocess.run(bench.nnlint("--no-cache", "--jobs", "1", __file__), env=bench.env, capture_output=True)  # compile bytecode
    rows: list[tuple[str, dict[str, object], int]] = []
    floor = bench.measure([sys.executable, SCRIPT, "--child-floor", str(list_file)])
    rows.append(("floor: read + ast.parse + walk, 1 process", floor, lines))

    cold_dir = work / "cache-cold-1"
    par_dir = work / "cache-cold-n"
    for folder in (cold_dir, par_dir):
        shutil.rmtree(folder, ignore_errors=True)
    cold1 = bench.measure(bench.nnlint("--jobs", "1", "--cache-dir", str(cold_dir), "."), cwd=corpus)
    rows.append(("nnlint cold cache, --jobs 1", cold1, lines))
    # The machine's speed drifts (a shared VM ran the same floor in 14 s and in 29 s on one
    # afternoon): the floor is measured on both sides of the run it is compared with.
    floor_after = bench.measure([sys.executable, SCRIPT, "--child-floor", str(list_file)])
    floor_before = dict(floor)
    floor = mean_of(floor_before, floor_after)
    rows[0] = ("floor: read + ast.parse + walk, 1 process", floor, lines)
    coldn = bench.measure(bench.nnlint("--cache-dir", str(par_dir), "."), cwd=corpus)
    rows.append((f"nnlint cold cache, default --jobs ({cpus})", coldn, lines))
    warm = bench.measure(bench.nnlint("--cache-dir", str(par_dir), "."), cwd=corpus)
    rows.append((f"nnlint warm cache, default --jobs ({cpus})", warm, lines))

    print(f"{'measurement':<46}{'wall s':>9}{'lines/s':>13}{'x floor':>9}{'CPU s':>9}{'CPU x floor':>12}{'peak MB':>9}")
    for label, figures, count in rows:
        wall = float(figures["wall"])  # type: ignore[arg-type]
        cpu = float(figures["cpu"])  # type: ignore[arg-type]
        print(f"{label:<46}{wall:>9.2f}{fmt_rate(count, wall)}{wall / float(floor['wall']):>9.2f}"  # type: ignore[arg-type]
              f"{cpu:>9.2f}{cpu / float(floor['cpu']):>12.2f}{float(figures['peak_mb']):>9.0f}")  # type: ignore[arg-type]
    findings = cold1["stdout_lines"]
    same = cold1["stdout_sha"] == coldn["stdout_sha"] == warm["stdout_sha"]
    print(f"\nfindings: {findings} (cold --jobs 1), {coldn['stdout_lines']} (--jobs {cpus}), {warm['stdout_lines']} (warm); "
          f"output identical: {'yes' if same else 'NO'}")
    speedup = float(cold1["wall"]) / float(coldn["wall"])  # type: ignore[arg-type]
    print(f"default --jobs vs --jobs 1 (cold): {speedup:.2f}x")
    print(f"floor before and after the cold --jobs 1 run: {float(floor_before['cpu']):.2f} s and "  # type: ignore[arg-type]
          f"{float(floor_after['cpu']):.2f} s CPU (the ratios use their mean)")  # type: ignore[arg-type]

    peer: dict[str, object] = {}
    if not args.no_peer:
        flake8 = ensure_peer(args.peer_venv or work / "peer-venv")
        if flake8 is not None:
            sample = files[:: max(1, args.peer_sample)]
            sample_lines = count_lines(sample)
            sample_dir = copy_sample(sample, corpus, work / "peer-sample")  # both tools walk it
            ours_before = bench.measure(bench.nnlint("--jobs", "1", "--no-cache", "."), cwd=sample_dir)
            peer_run = bench.measure([str(flake8), "--isolated", "--select", "TOR", "--exit-zero", "--jobs", "1", "."], cwd=sample_dir)
            ours = mean_of(ours_before, bench.measure(bench.nnlint("--jobs", "1", "--no-cache", "."), cwd=sample_dir))
            ratio = float(peer_run["wall"]) / float(ours["wall"])  # type: ignore[arg-type]
            cpu_ratio = float(peer_run["cpu"]) / float(ours["cpu"])  # type: ignore[arg-type]
            print(f"\npeer on every {args.peer_sample}th file ({len(sample):,} files, {sample_lines:,} lines), one process each:")
            print(f"  flake8 --select TOR (TorchFix): {float(peer_run['wall']):8.2f} s {fmt_rate(sample_lines, float(peer_run['wall']))} lines/s"  # type: ignore[arg-type]
                  f"  peak {float(peer_run['peak_mb']):.0f} MB, {peer_run['stdout_lines']} findings")  # type: ignore[arg-type]
            print(f"  nnlint --jobs 1 --no-cache:     {float(ours['wall']):8.2f} s {fmt_rate(sample_lines, float(ours['wall']))} lines/s"  # type: ignore[arg-type]
                  f"  peak {float(ours['peak_mb']):.0f} MB, {ours['stdout_lines']} findings")  # type: ignore[arg-type]
            print(f"  nnlint is {ratio:.1f}x faster (wall), {cpu_ratio:.1f}x (CPU time: {float(peer_run['cpu']):.2f} s vs {float(ours['cpu']):.2f} s)")  # type: ignore[arg-type]
            peer = {"files": len(sample), "lines": sample_lines, "flake8_torchfix": peer_run, "nnlint": ours, "ratio": ratio, "cpu_ratio": cpu_ratio}

    small = min((n for n in files if 30 <= Path(n).read_bytes().count(b"\n") <= 80), default=files[0])
    startup_dir = work / "startup"
    shutil.rmtree(startup_dir, ignore_errors=True)
    startup_dir.mkdir()
    shutil.copyfile(small, startup_dir / "one_small_file.py")
    def timed(command: list[str]) -> tuple[list[float], list[float]]:
        walls, cpus_used = [], []
        for _ in range(args.startup_runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, cwd=startup_dir, env=bench.env, capture_output=True)
            walls.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus_used.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        return walls, cpus_used

    times, times_cpu = timed([sys.executable, "-m", "nnlint", "check", "one_small_file.py"])
    # The file pre-commit passes has usually just changed: no cache entry, the rules run.
    uncached, uncached_cpu = timed([sys.executable, "-m", "nnlint", "check", "--no-cache", "one_small_file.py"])
    bare, bare_cpu = timed([sys.executable, "-c", "pass"])
    small_lines = Path(small).read_bytes().count(b"\n")
    print(f"\nnnlint check one_small_file.py ({small_lines} lines), {args.startup_runs} runs: "
          f"wall median {statistics.median(times) * 1000:.0f} ms, min {min(times) * 1000:.0f} ms, "
          f"CPU median {statistics.median(times_cpu) * 1000:.0f} ms "
          f"(python -c pass: wall median {statistics.median(bare) * 1000:.0f} ms, CPU {statistics.median(bare_cpu) * 1000:.0f} ms)")
    print(f"  the same with --no-cache (the file is linted every time): wall median {statistics.median(uncached) * 1000:.0f} ms, "
          f"min {min(uncached) * 1000:.0f} ms, CPU median {statistics.median(uncached_cpu) * 1000:.0f} ms")

    pre = bench.child("--child-prefilter", str(list_file))
    print(f"\npre-filter, default selection ({pre['rules']} rules, {len(pre['rules_without_needs'])} without `needs`"  # type: ignore[arg-type]
          f"{': ' + ', '.join(pre['rules_without_needs']) if pre['rules_without_needs'] else ''}):")  # type: ignore[arg-type]
    print(f"  skips {pre['skipped']} of {pre['files']} files ({pre['skipped_lines']:,} lines); "
          f"parse + walk saved {float(pre['parse_walk_saved']):.2f} s; the filter itself costs {float(pre['filter_time']):.2f} s")  # type: ignore[arg-type]
    print(f"  rule runs (file x rule, NN001 aside) skipped because none of the rule's words occurs: "
          f"{pre['rule_runs_skipped']:,} of {pre['rule_runs']:,}")

    gc_list = work / "gc-files.txt"
    gc_list.write_text("\n".join(files[:: max(1, args.gc_sample)]) + "\n")
    tuned = bench.child("--child-gc", str(gc_list), "tuned")
    default = bench.child("--child-gc", str(gc_list), "default")
    print(f"\nGC, every {args.gc_sample}th file in process (--jobs 1, no cache): runner's tuning (collector off, "
          f"young collection and freeze between files) {float(tuned['wall']):.2f} s, Python defaults {float(default['wall']):.2f} s")  # type: ignore[arg-type]
    load_after = os.getloadavg()
    print(f"\nload average after: {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}")

    if args.json:
        args.json.write_text(json.dumps({
            "files": len(files), "lines": lines, "cpus": cpus, "load_before": load_before, "load_after": load_after,
            "rows": {label: figures for label, figures, _ in rows}, "peer": peer,
            "startup_no_cache_ms": {"median": statistics.median(uncached) * 1000, "min": min(uncached) * 1000,
                                    "cpu_median": statistics.median(uncached_cpu) * 1000},
            "startup_ms": {"median": statistics.median(times) * 1000, "min": min(times) * 1000,
                           "cpu_median": statistics.median(times_cpu) * 1000,
                           "python_median": statistics.median(bare) * 1000},
            "prefilter": pre, "gc": {"tuned": tuned, "default": default},
        }, indent=2, default=str))


if __name__ == "__main__":
    main()
