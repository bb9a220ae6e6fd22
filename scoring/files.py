"""Reading RULESET.yaml, SCORES.csv and PLENO.yaml for the ``score`` command; problems carry file and line.

Words:
- *RULESET.yaml*: ruleset data (see ``catalogue``), plus an optional top-level ``entrants:`` list
  (codes, or ``{code, name}``); when present, entrants outside it are refused, and listed entrants
  without any score still appear (incomplete).
- *SCORES.csv*: header ``judge,entrant,stage,indicator,value``; ``;`` or tab also work as the field
  separator, ``.`` or ``,`` as the decimal separator (quote ``"3,5"`` in a comma-separated file). The
  ``lms`` indicator's rows use the judge ``LMS``. A value ``-`` or ``abstain`` records that the judge
  abstained (left out, not 0).
- *PLENO.yaml*: a list of ``{order: [entrant, ...], reason: "..."}``.

Only this module reads files (PyYAML ``safe_load``/``compose`` and ``csv``); it computes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from scoring.catalogue import check_ruleset, to_decimal
from scoring.model import Abstention, InvalidInput, PlenoDecision, Problem, Ruleset, Score
from scoring.validation import entrants_problems, pleno_problems, scores_problems

SCORES_HEADER = ("judge", "entrant", "stage", "indicator", "value")
ABSTAIN_MARKS = ("-", "abstain")


@dataclass(frozen=True)
class ScoreSheet:
    scores: tuple[Score, ...]
    abstentions: tuple[Abstention, ...]
    entrants: tuple[str, ...]


def _read_text(path: Path) -> tuple[str | None, list[Problem]]:
    try:
        return path.read_text(encoding="utf-8-sig"), []
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem("$", f"cannot read the file: {error}", file=str(path))]


def _lines(node: yaml.Node, path: str, out: dict[str, int], problems: list[Problem]) -> None:
    """Map every data path under ``node`` to its 1-based line; report duplicate keys."""
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = f"{path}.{key}" if path else key
            if key in seen:
                problems.append(Problem(child, f"duplicate key {key!r}", line=key_node.start_mark.line + 1))
            seen.add(key)
            out[child] = key_node.start_mark.line + 1
            _lines(value_node, child, out, problems)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _lines(item, f"{path}[{i}]", out, problems)


def _load_yaml(path: Path, root: str) -> tuple[Any, dict[str, int], list[Problem]]:
    text, problems = _read_text(path)
    if text is None:
        return None, {}, problems
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = None if mark is None else mark.line + 1
        reason = getattr(error, "problem", None) or str(error)
        return None, {}, [Problem("$", f"malformed YAML: {reason}", file=str(path), line=line)]
    lines: dict[str, int] = {}
    if node is not None:
        _lines(node, root, lines, problems)
    return data, lines, [replace(p, file=str(path)) for p in problems]


def _locate(
    problems: Sequence[Problem], lines: dict[str, int], file: Path, prefix: str = ""
) -> list[Problem]:
    """Give each problem the line of its path, or of the nearest enclosing path that has one."""
    located = []
    for problem in problems:
        path = prefix + problem.path
        line = None
        while path:
            if path in lines:
                line = lines[path]
                break
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        located.append(replace(problem, file=str(file), line=line if line is not None else problem.line))
    return located


def read_ruleset(path: Path) -> tuple[Ruleset | None, tuple[str, ...] | None, list[Problem]]:
    """The ruleset and the optional ``entrants:`` list of a RULESET.yaml, or the problems."""
    data, lines, problems = _load_yaml(path, "")
    if problems:
        return None, None, problems
    ruleset, found = check_ruleset(data)
    problems = _locate(found, lines, path)
    entrants: tuple[str, ...] | None = None
    if isinstance(data, dict) and data.get("entrants") is not None:
        entrants, entrant_problems = _entrants(data["entrants"])
        problems += _locate(entrant_problems, lines, path)
    return ruleset, entrants, problems


def load_ruleset(path: str | Path) -> Ruleset:
    """The ruleset of a RULESET.yaml; raises ``InvalidInput`` with file and line of every problem."""
    ruleset, _entrants_listed, problems = read_ruleset(Path(path))
    if ruleset is None or problems:
        raise InvalidInput(problems)
    return ruleset


def _entrants(raw: object) -> tuple[tuple[str, ...], list[Problem]]:
    if not isinstance(raw, list):
        return (), [Problem("entrants", "entrants is a list of codes or {code, name}")]
    codes: list[str] = []
    problems = []
    for i, item in enumerate(raw):
        code = item.get("code") if isinstance(item, dict) else item
        if isinstance(code, bool) or not isinstance(code, str | int):
            problems.append(Problem(f"entrants[{i}]", "an entrant is a code or {code, name}"))
        else:
            codes.append(str(code))
    problems += entrants_problems(codes)
    return tuple(codes), problems


def _delimiter(header_line: str) -> str:
    for candidate in (",", ";", "\t"):
        if candidate in header_line:
            return candidate
    return ","


def read_scores(
    path: Path, ruleset: Ruleset, entrants: Sequence[str] | None = None
) -> tuple[ScoreSheet, list[Problem]]:
    """The scores and abstentions of a SCORES.csv; ``entrants`` (when given) are the only known ones,
    otherwise the entrants are those named in the file, in order of appearance."""
    text, problems = _read_text(path)
    empty = ScoreSheet((), (), ())
    if text is None:
        return empty, problems
    file = str(path)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        header = next(reader, None)
        if header is None or tuple(h.strip().lower() for h in header) != SCORES_HEADER:
            return empty, [Problem("header", f"the header must be {','.join(SCORES_HEADER)}", file, 1)]
        indicators = {ind.code: ind for ind in ruleset.indicators}
        scores: list[Score] = []
        score_lines: list[int] = []
        abstentions: list[Abstention] = []
        abstention_lines: list[int] = []
        seen_entrants: dict[str, None] = {}
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(SCORES_HEADER):
                problems.append(
                    Problem("row", f"expected {len(SCORES_HEADER)} fields, found {len(row)}", file, line)
                )
                continue
            judge, entrant, stage, indicator, raw_value = (cell.strip() for cell in row)
            if not judge or not entrant:
                problems.append(Problem("row", "judge and entrant cannot be empty", file, line))
                continue
            seen_entrants.setdefault(entrant)
            known = indicators.get(indicator)
            if known is not None and known.stage != stage:
                problems.append(
                    Problem("stage", f"{indicator} belongs to stage {known.stage}, not {stage!r}", file, line)
                )
            if raw_value.lower() in ABSTAIN_MARKS:
                abstentions.append(Abstention(judge, entrant, indicator))
                abstention_lines.append(line)
                continue
            value = to_decimal(raw_value)
            if value is None:
                problems.append(Problem("value", f"value {raw_value!r} is not a number", file, line))
                continue
            scores.append(Score(judge, entrant, indicator, value))
            score_lines.append(line)
    except csv.Error as error:
        return empty, [*problems, Problem("row", f"malformed CSV: {error}", file, reader.line_num)]
    known_entrants = tuple(entrants) if entrants is not None else tuple(seen_entrants)
    for problem in scores_problems(ruleset, known_entrants, scores, abstentions):
        kind, _, rest = problem.path.partition("[")
        index = int(rest.split("]", 1)[0])
        line = score_lines[index] if kind == "scores" else abstention_lines[index]
        field = problem.path.split(".", 1)[1] if "." in problem.path else "row"
        problems.append(replace(problem, path=field, file=file, line=line))
    problems.sort(key=lambda p: p.line or 0)
    return ScoreSheet(tuple(scores), tuple(abstentions), known_entrants), problems


def read_pleno(path: Path, entrants: Sequence[str]) -> tuple[tuple[PlenoDecision, ...], list[Problem]]:
    """The pleno decisions of a PLENO.yaml, checked against the known entrants."""
    data, lines, problems = _load_yaml(path, "pleno")
    if problems:
        return (), problems
    if data is None:
        return (), []
    if not isinstance(data, list):
        return (), _locate([Problem("pleno", "expected a list of {order, reason}")], lines, path)
    decisions = []
    for i, item in enumerate(data):
        at = f"pleno[{i}]"
        order = item.get("order") if isinstance(item, dict) else None
        reason = item.get("reason", "") if isinstance(item, dict) else None
        if not isinstance(order, list) or not all(isinstance(e, str | int) for e in order):
            problems.append(Problem(f"{at}.order", "order is a list of entrant codes"))
        elif not isinstance(reason, str):
            problems.append(Problem(f"{at}.reason", "reason is a text"))
        else:
            decisions.append(PlenoDecision(tuple(str(e) for e in order), reason))
    if not problems:
        problems = pleno_problems(decisions, entrants)
    return tuple(decisions), _locate(problems, lines, path)
