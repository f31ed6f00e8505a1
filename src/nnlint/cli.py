"""The command line: ``nnlint check``, ``nnlint rule``, ``nnlint rules``.

Exit codes: 0 clean, 1 findings, 2 usage, configuration or internal error. Findings go to
stdout; everything else (summary, errors) to stderr, so stdout stays machine-readable.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

import click

from nnlint import __version__
from nnlint.config import ConfigError, Selection, Settings, discover_settings, validate_selectors

if TYPE_CHECKING:
    from nnlint.cache import Cache
    from nnlint.runner import RunResult

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
OUTPUT_FORMATS = ("text", "full", "json", "json-lines", "sarif", "github", "gitlab", "junit", "pylint")


def _split_codes(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _fail(message: str) -> NoReturn:
    click.echo(f"nnlint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="nnlint", message="%(prog)s %(version)s")
def main() -> None:
    """nnlint: find the quiet bugs in machine-learning training code."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--select", multiple=True, metavar="CODES", help="Rules to enable (codes, prefixes such as NN1, names, ALL); replaces the default selection.")
@click.option("--extend-select", multiple=True, metavar="CODES", help="Rules to enable on top of the selection.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Rules to disable.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Read settings from this pyproject.toml instead of discovering one.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when problems are found.")
@click.option("--force-exclude", is_flag=True, default=None, help="Apply excludes to paths named on the command line too (for pre-commit).")
@click.option("--respect-gitignore/--no-respect-gitignore", default=None, help="Skip files ignored by .gitignore (default: on).")
@click.option("--extend-exclude", multiple=True, metavar="GLOBS", help="More paths to exclude.")
@click.option("--preview", is_flag=True, default=None, help="Enable preview rules and behaviours.")
@click.option("--output-format", type=click.Choice(OUTPUT_FORMATS), default="text", show_default=True, envvar="NNLINT_OUTPUT_FORMAT", help="How findings are printed (env NNLINT_OUTPUT_FORMAT).")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False), help="Write the findings to this file instead of stdout.")
@click.option("--statistics", "show_statistics", is_flag=True, help="Print how many findings each rule produced instead of the findings.")
@click.option("--stdin-filename", metavar="PATH", help="Read the source from standard input (PATH '-' or no PATH) and report it under this name; it decides per-file-ignores and excludes.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Processes to lint with (default: the number of CPUs; 1 lints in this process).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache (env NNLINT_NO_CACHE).")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None, help="Cache folder (env NNLINT_CACHE_DIR, key cache-dir; default: .nnlint_cache beside the configuration).")
@click.option("--fix", "apply_fix", is_flag=True, help="Apply safe fixes in place (docs/fixes.md).")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply fixes that change behaviour and need review.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a unified diff and change nothing; exit 1 when there is a diff.")
def check(
    paths: tuple[str, ...],
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_path: str | None,
    isolated: bool,
    exit_zero: bool,
    force_exclude: bool | None,
    respect_gitignore: bool | None,
    extend_exclude: tuple[str, ...],
    preview: bool | None,
    output_format: str = "text",
    output_file: str | None = None,
    show_statistics: bool = False,
    jobs: int | None = None,
    no_cache: bool = False,
    cache_dir: str | None = None,
    stdin_filename: str | None = None,
    apply_fix: bool = False,
    unsafe_fixes: bool = False,
    show_diff: bool = False,
) -> None:
    """Lint PATHS (files and folders; default: the current folder; '-' for standard input)."""
    from nnlint.report.output import write_report
    from nnlint.runner import run

    _tolerate_unencodable_output()
    try:
        stdin = _stdin_mode(paths, stdin_filename, config_path, isolated)
        settings = discover_settings((stdin_filename,) if stdin and stdin_filename else paths, config_path, isolated)
        layer = Selection(
            select=_split_codes(select) or None,
            extend_select=_split_codes(extend_select),
            ignore=_split_codes(ignore),
        )
        for key, values in (("--select", layer.select or ()), ("--extend-select", layer.extend_select), ("--ignore", layer.ignore)):
            validate_selectors(values, "", key)
        changes: dict[str, object] = {"selections": (*settings.selections, layer)}
        if force_exclude is not None:
            changes["force_exclude"] = force_exclude
        if respect_gitignore is not None:
            changes["respect_gitignore"] = respect_gitignore
        if extend_exclude:
            changes["extend_exclude"] = (*settings.extend_exclude, *_split_codes(extend_exclude))
        if preview is not None:
            changes["preview"] = preview
        settings = settings.with_cli(**changes)
    except ConfigError as error:
        _fail(str(error))
        return

    if stdin and (apply_fix or show_diff):
        _fail("--fix and --diff rewrite files: name them instead of reading standard input")
    if stdin:
        from nnlint.runner import run_stdin

        result = run_stdin(sys.stdin.buffer.read(), stdin_filename, settings)
    else:
        result = run(list(paths), settings, jobs=jobs, cache=_cache(settings, no_cache, cache_dir), progress=True)
    if (apply_fix or show_diff) and not stdin:
        _fix(result, settings, list(paths), unsafe_fixes, show_diff)
    diagnostics = result.diagnostics
    try:
        write_report(diagnostics, output_format, output_file, show_statistics)
        sys.stdout.flush()
    except BrokenPipeError:
        # `nnlint check | head`: the reader left; stop quietly as grep does.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_FINDINGS if diagnostics and not exit_zero else EXIT_CLEAN)
    for problem in result.discovery_errors:
        click.echo(f"nnlint: error: {problem.path}: {problem.message}", err=True)
    for message in result.internal_errors:
        click.echo(f"nnlint: {message}", err=True)
    files_with = len({d.path for d in diagnostics})
    fixed = sum(r.fixed for r in result.files)
    if apply_fix and fixed:
        noun = "problem" if len(diagnostics) + fixed == 1 else "problems"
        click.echo(f"Found {len(diagnostics) + fixed} {noun} ({fixed} fixed, {len(diagnostics)} remaining).", err=True)
    elif diagnostics:
        noun = "problem" if len(diagnostics) == 1 else "problems"
        fnoun = "file" if files_with == 1 else "files"
        click.echo(f"Found {len(diagnostics)} {noun} in {files_with} {fnoun}.", err=True)
    else:
        count = len(result.files)
        click.echo(f"No problems found in {count} {'file' if count == 1 else 'files'}.", err=True)
    if result.internal_errors or result.discovery_errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if diagnostics and not exit_zero else EXIT_CLEAN)


def _stdin_mode(paths: tuple[str, ...], stdin_filename: str | None, config_path: str | None, isolated: bool) -> bool:
    """Whether to read standard input; every conflicting combination is a ConfigError."""
    if config_path is not None and isolated:
        raise ConfigError("--config and --isolated conflict: --isolated ignores every configuration file")
    if "-" in paths and len(paths) > 1:
        raise ConfigError("'-' (standard input) cannot be combined with other paths")
    if stdin_filename is not None and paths and paths != ("-",):
        raise ConfigError("--stdin-filename names standard input: pass '-' or no path, not " + ", ".join(paths))
    return paths == ("-",) or (stdin_filename is not None and not paths)


def _tolerate_unencodable_output() -> None:
    """Paths and messages that the terminal's encoding cannot show are escaped, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass


def _fix(result: RunResult, settings: Settings, paths: list[str], unsafe: bool, show_diff: bool) -> None:
    """--fix / --diff: fix the files with fixable findings; with --diff print and exit here."""
    from nnlint.engine import Linter
    from nnlint.fix import fix_results, unified_diff

    linter = Linter(settings)  # each file with its own project's facts
    fixes = fix_results(result.files, linter, unsafe, write=not show_diff)
    for outcome in fixes.outcomes:
        for message in outcome.rejected:
            click.echo(f"nnlint: {message}", err=True)
    for message in fixes.write_errors:
        click.echo(f"nnlint: error: {message}", err=True)
    if not show_diff:
        if fixes.write_errors:
            sys.exit(EXIT_ERROR)
        return
    for outcome in fixes.changed:
        sys.stdout.write(unified_diff(outcome))
    sys.stdout.flush()
    count, files = fixes.fixed, len(fixes.changed)
    if count:
        click.echo(f"Would fix {count} {'problem' if count == 1 else 'problems'} in {files} {'file' if files == 1 else 'files'}.", err=True)
    else:
        click.echo("No fixes available.", err=True)
    sys.exit(EXIT_ERROR if result.internal_errors else EXIT_FINDINGS if count else EXIT_CLEAN)


def _cache(settings: Settings, no_cache: bool, cache_dir: str | None) -> Cache | None:
    """The cache of this run, or None for --no-cache / NNLINT_NO_CACHE."""
    from nnlint.cache import Cache, env_disabled, resolve_dir

    if no_cache or env_disabled():
        return None
    return Cache(resolve_dir(cache_dir, settings.cache_dir, settings.root))


@main.command("clean")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None, help="The cache folder to remove (default: as `check` finds it).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Read settings from this pyproject.toml instead of discovering one.")
def clean_command(cache_dir: str | None, config_path: str | None) -> None:
    """Remove the cache folder (.nnlint_cache)."""
    from nnlint.cache import Cache, CacheError, resolve_dir

    try:
        settings = discover_settings((), config_path, False)
        cache = Cache(resolve_dir(cache_dir, settings.cache_dir, settings.root))
        removed = cache.clean()
    except (ConfigError, CacheError) as error:
        _fail(str(error))
        return
    except OSError as error:
        _fail(f"cannot remove the cache: {error}")
        return
    click.echo(f"Removed {cache.root}" if removed else f"No cache at {cache.root}", err=True)


@main.command("rule")
@click.argument("code_or_name")
def rule_command(code_or_name: str) -> None:
    """Print the documentation of one rule (by code, NN101, or name, missing-zero-grad)."""
    from nnlint.docs import rule_markdown
    from nnlint.registry import load_registry

    registry = load_registry()
    rule = registry.lookup(code_or_name)
    if rule is None:
        import difflib

        close = difflib.get_close_matches(code_or_name, [*registry.by_code, *registry.by_name], n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        _fail(f"unknown rule '{code_or_name}'{hint}; `nnlint rules` lists them")
    click.echo(rule_markdown(rule))


@main.command("rules")
def rules_command() -> None:
    """List every rule: code, name, family, whether it is on by default."""
    from nnlint.registry import load_registry

    rows = [("code", "name", "family", "default", "fix")]
    for rule in load_registry().rules:
        default = "yes" if rule.default and rule.status == "stable" else (rule.status if rule.status != "stable" else "opt-in")
        rows.append((rule.code, rule.name, rule.family(), default, rule.fix_availability))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


@main.command("server")
@click.option("--debounce", type=float, default=0.3, show_default=True, metavar="SECONDS", help="Pause after an edit before linting the document again.")
def server_command(debounce: float) -> None:
    """Run the language server on stdio (for editors; needs `pip install "nnlint[lsp]"`)."""
    try:
        from nnlint.lsp import serve_stdio
    except ImportError as error:
        if (error.name or "").split(".")[0] not in ("pygls", "lsprotocol", "cattrs", "attrs"):
            raise
        _fail(
            f"`nnlint server` needs the optional language-server dependencies ({(error.name or 'pygls').split('.')[0]} is missing): "
            'pip install "nnlint[lsp]"'
        )
        return
    serve_stdio(debounce)
