"""``lomba-desa score RULESET.yaml SCORES.csv [--pleno PLENO.yaml] [--format json|table]``.

Recomputes a result from files, so anyone holding the inputs can check a published ranking.
Exit status 0 with the ranking on standard output; 2 with one line per problem (file and line) on
standard error and nothing on standard output when an input is bad.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scoring.engine import compute
from scoring.files import read_pleno, read_ruleset, read_scores
from scoring.model import PlenoDecision, Problem
from scoring.report import render_table, result_to_json

BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lomba-desa score",
        description="Compute the ranking of a lomba desa from a ruleset and the judges' scores.",
    )
    parser.add_argument("ruleset", type=Path, help="RULESET.yaml (criteria catalogue and optional rules)")
    parser.add_argument(
        "scores", type=Path, help="SCORES.csv with header judge,entrant,stage,indicator,value"
    )
    parser.add_argument("--pleno", type=Path, help="PLENO.yaml: a list of {order: [...], reason: ...}")
    parser.add_argument("--format", choices=("json", "table"), default="json", help="output format")
    return parser


def _fail(problems: list[Problem]) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    return BAD_INPUT


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    ruleset, listed_entrants, problems = read_ruleset(args.ruleset)
    if ruleset is None or problems:
        return _fail(problems)
    sheet, problems = read_scores(args.scores, ruleset, listed_entrants)
    pleno: tuple[PlenoDecision, ...] = ()
    if args.pleno is not None:
        pleno, pleno_found = read_pleno(args.pleno, sheet.entrants)
        problems += pleno_found
    if problems:
        return _fail(problems)
    # Every input was checked above, so compute has nothing left to refuse.
    result = compute(ruleset, sheet.entrants, sheet.scores, pleno, sheet.abstentions)
    if args.format == "json":
        print(json.dumps(result_to_json(result), indent=2, ensure_ascii=False))
    else:
        print(render_table(result, tuple(s.code for s in ruleset.stages), f"{ruleset.code}"))
    return 0


if __name__ == "__main__":  # pragma: no cover - exercised through subprocess in the tests
    sys.exit(main())
