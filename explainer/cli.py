"""The `explainer` command: one subcommand per job, each a thin call into the module that does it."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from explainer import __version__, stamp
from explainer.problems import Problem

if TYPE_CHECKING:
    from explainer.config import SiteConfig

PROG = "explainer"


def say(message: str) -> None:
    print(f"{PROG}: {message}")


def report_problems(problems: Sequence[Problem], what: str) -> None:
    """One line per problem on stderr, then a count."""
    for problem in problems:
        print(problem, file=sys.stderr)
    files = len({p.file for p in problems})
    print(f"{PROG}: {len(problems)} problem(s) in {files} file(s); {what}", file=sys.stderr)


# ---------------------------------------------------------------------------
# Subcommands
# ---------------------------------------------------------------------------


def cmd_check(config: SiteConfig, args: argparse.Namespace) -> int:
    from explainer import check

    started = time.perf_counter()
    report = check.run(config, args.today)
    problems = report.sorted_problems()
    if not args.no_drawings and not problems:
        from explainer import build

        problems = build.drawing_problems(config, report.valid, args.jobs)
    if problems:
        report_problems(problems, "nothing was written.")
        return 1
    ledger = report.ledger
    say(
        f"{len(report.datasets)} dataset(s) and {len(report.pages)} page(s) are valid; "
        f"{ledger.count('bound')} number(s) bound to data and {ledger.count('cited')} cited "
        f"({time.perf_counter() - started:.1f} s)."
    )
    return 0


def cmd_charts(config: SiteConfig, args: argparse.Namespace) -> int:
    from explainer import build

    inputs = stamp.digest(config.root, args.today)
    code = build.charts(config, args.today, args.jobs)
    if code == 0:
        stamp.record(config.root, inputs)
    return code


def cmd_site(config: SiteConfig, args: argparse.Namespace) -> int:
    from explainer import site

    return site.build_site(config, args.today, args.jobs, Path(args.site_dir) if args.site_dir else None)


def cmd_freshness(config: SiteConfig, args: argparse.Namespace) -> int:
    from explainer import freshness

    return freshness.report(config, args.today, args.strict)


def cmd_harden(config: SiteConfig, args: argparse.Namespace) -> int:
    from explainer import harden

    folder = Path(args.folder) if args.folder else config.root / "site"
    say(f"Content Security Policy set on {harden.harden_site(folder)} page(s) in {folder}/")
    return 0


def cmd_register(config: SiteConfig, args: argparse.Namespace) -> int:
    from explainer import registry

    added = registry.register(config.root / "site", config.root / "urls.txt")
    say(f"{added} URL(s) added to urls.txt")
    return 0


def cmd_readability(config: SiteConfig, args: argparse.Namespace) -> int:
    import statistics

    from explainer import check

    report = check.run(config, args.today)
    print(f"{'page':55} {'grade':>6} {'ease':>6} {'in short':>9}")
    for score in sorted(report.scores, key=lambda s: -s.grade):
        box = f"{score.in_short_grade:.1f}" if score.in_short_grade is not None else "-"
        print(f"{score.page.file:55} {score.grade:6.1f} {score.ease:6.1f} {box:>9}")
    if report.scores:
        limits = config.readability
        median = statistics.median(s.grade for s in report.scores)
        above = sum(s.grade > limits.page_max for s in report.scores)
        print(
            f"median grade {median:.1f} (limit {limits.median_max}); "
            f"{above} page(s) above {limits.page_max}; Flesch-Kincaid grade, textstat"
        )
    return 0


def cmd_claims(config: SiteConfig, args: argparse.Namespace) -> int:
    from explainer import check

    report = check.run(config, args.today)
    ledger = report.ledger
    by_page: dict[str, dict[str, int]] = {}
    for claim in ledger.claims:
        by_page.setdefault(claim.file, {"bound": 0, "cited": 0, "unsupported": 0})[claim.status] += 1
    print(f"{'page':55} {'bound':>6} {'cited':>6} {'neither':>8}")
    for file, counts in sorted(by_page.items()):
        print(f"{file:55} {counts['bound']:6} {counts['cited']:6} {counts['unsupported']:8}")
    print(f"{'total':55} {ledger.count('bound'):6} {ledger.count('cited'):6} {ledger.count('unsupported'):8}")
    if args.list:
        for claim in ledger.claims:
            print(f"{claim.file}:{claim.line}: {claim.status}: {claim.text} {claim.support}")
    return 1 if ledger.count("unsupported") else 0


def cmd_fingerprint(config: SiteConfig, args: argparse.Namespace) -> int:
    from explainer import copying

    if not config.paths.fingerprint:
        say("set extra.explainer.paths.fingerprint in mkdocs.yml first")
        return 1
    count = copying.write_fingerprint(Path(args.sources), config.root / config.paths.fingerprint)
    say(f"wrote {count} hashed runs to {config.paths.fingerprint}")
    return 0


def cmd_diff(config: SiteConfig, args: argparse.Namespace) -> int:
    from explainer import diff

    return diff.run(config, args.base, Path(args.out), args.today, args.jobs)


def cmd_serve(config: SiteConfig, args: argparse.Namespace) -> int:
    from explainer import serve

    return serve.run(config, args.today, args.jobs, args.address)


Command = Callable[["SiteConfig", argparse.Namespace], int]
COMMANDS: dict[str, tuple[Command, str]] = {
    "check": (cmd_check, "check every dataset, chart and page; write nothing"),
    "charts": (cmd_charts, "check, then draw the charts and write the generated pieces of the site"),
    "site": (
        cmd_site,
        "check, draw the charts and build the whole site, hardened, replacing site/ only on success",
    ),
    "serve": (cmd_serve, "draw the charts and preview the site with live reload"),
    "freshness": (cmd_freshness, "list datasets past their review date or with a newer release due"),
    "harden": (cmd_harden, "give every page of a built site a Content Security Policy"),
    "register": (cmd_register, "add newly published URLs of site/ to urls.txt"),
    "readability": (cmd_readability, "print each page's reading grade and ease"),
    "claims": (cmd_claims, "print the claims ledger: numbers bound to data, cited, or neither"),
    "fingerprint": (cmd_fingerprint, "hash the source documents for the copying check"),
    "diff": (cmd_diff, "list the pages, chart pages and downloads a change alters, against a git ref"),
}


def common_options(defaults: bool) -> argparse.ArgumentParser:
    """Options every subcommand takes, before or after its name."""
    options = argparse.ArgumentParser(add_help=False)
    keep = argparse.SUPPRESS
    options.add_argument(
        "--root", default="." if defaults else keep, help="the site's folder, holding mkdocs.yml (default: .)"
    )
    options.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=dt.date.today() if defaults else keep,
        help=argparse.SUPPRESS,
    )
    options.add_argument(
        "--jobs",
        type=int,
        default=min(2, os.cpu_count() or 1) if defaults else keep,
        help="processes for drawing charts (default: 2)",
    )
    return options


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog=PROG,
        description="Build and check a static, sourced explainer website.",
        parents=[common_options(True)],
    )
    top.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    subs = top.add_subparsers(dest="command", required=True, metavar="command")
    for name, (_, summary) in COMMANDS.items():
        sub = subs.add_parser(name, help=summary, description=summary, parents=[common_options(False)])
        if name == "check":
            sub.add_argument(
                "--no-drawings", action="store_true", help="skip the rules that need the charts drawn"
            )
        if name == "site":
            sub.add_argument("--site-dir", help="where to write the site (default: site/)")
        if name == "freshness":
            sub.add_argument("--strict", action="store_true", help="exit 1 if any dataset needs attention")
        if name == "harden":
            sub.add_argument("folder", nargs="?", help="built site folder (default: site/)")
        if name == "claims":
            sub.add_argument("--list", action="store_true", help="list every claim")
        if name == "fingerprint":
            sub.add_argument("sources", help="folder of source documents (*.txt)")
        if name == "diff":
            sub.add_argument("--base", required=True, help="git ref to compare with, e.g. origin/main")
            sub.add_argument("--out", default="build/diff", help="where to write the report and PNGs")
        if name == "serve":
            sub.add_argument("--address", default="127.0.0.1:8000")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    root = Path(args.root).resolve()
    if (
        args.command == "charts"
        and (root / "mkdocs.yml").is_file()
        and stamp.unchanged(root, stamp.digest(root, args.today))
    ):
        say("nothing changed since the last good build; the charts and pages are up to date.")
        return 0
    from explainer.config import load
    from explainer.problems import ConfigError

    try:
        config = load(root)
    except ConfigError as error:
        report_problems(error.problems, "fix the configuration first.")
        return 1
    except FileNotFoundError as error:
        print(
            f"{PROG}: {error.filename}: not found; "
            f"run {PROG} in the folder that holds mkdocs.yml, or pass --root",
            file=sys.stderr,
        )
        return 1
    handler, _ = COMMANDS[args.command]
    return handler(config, args)


if __name__ == "__main__":
    sys.exit(main())
