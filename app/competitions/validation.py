"""Checking a criteria catalogue and its scoring options before anything is saved.

Words: the *document* is the mapping of ``criteria_default.yaml``: ``catalogue:`` (stages, eligibility,
domains → aspects → indicators, presentation items) and an optional ``rules:`` block. A *problem* is a
pair ``(path, message)``: the path names the field the way the scoring engine does
(``catalogue.domains[0].aspects[1].indicators[2].step``, ``rules.tie_breaks[1]``), the message is an
English msgid, translated where it is shown.

This module only reads the mapping it is given: no database, no web. A catalogue that passes these
checks is then checked by the scoring engine itself (``scoring.check_ruleset``);
``validate_catalogue`` is the one entry point the app calls.
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal, InvalidOperation
from typing import Any

import scoring
from app.i18n import N_

Problem = tuple[str, str]

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,31}$")
KINDS = ("judge", "lms")
AGGREGATIONS = ("mean", "median", "trimmed_mean")
NORMALIZATIONS = ("none", "zscore")
TIE_BREAK_KINDS = ("stage", "domain", "indicator")

MSG_REQUIRED = N_("This field is required.")
MSG_CODE = N_("Use 1-32 letters, digits, dots, dashes or underscores, without spaces.")
MSG_DUPLICATE = N_("This code is already used elsewhere in the catalogue.")
MSG_NUMBER = N_("Enter a number, for example 4 or 0.5.")
MSG_POSITIVE = N_("Must be greater than 0.")
MSG_NOT_NEGATIVE = N_("Must not be negative.")
MSG_STEP = N_("The step must divide the scale from 0 to the maximum into whole steps.")
MSG_STAGE = N_("This stage does not exist in the competition.")
MSG_KIND = N_("Choose judge or lms.")
MSG_RUBRIC_LEVEL = N_("Rubric levels must be scores on the scale (0 to the maximum, by the step).")
MSG_TOP_N = N_("Enter a whole number of at least 1, or leave it empty.")
MSG_AGGREGATION = N_("Choose mean, median or trimmed_mean.")
MSG_NORMALIZATION = N_("Choose none or zscore.")
MSG_TIE_BREAK = N_("Write stage:CODE, domain:CODE or indicator:CODE with a code that exists.")
MSG_AWARD = N_("An award name must not be empty.")
MSG_LIST = N_("Must be a list.")
MSG_THRESHOLDS = N_("Give four increasing shares between 0 and 1, for example 0.2, 0.4, 0.6, 0.8.")
MSG_NO_STAGES = N_("The competition needs at least one stage.")
MSG_MAPPING = N_("The file has no catalogue.")


def number(value: Any) -> Decimal | None:
    """``value`` as a Decimal, or None when it is not a finite number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        result = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return result if result.is_finite() else None


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.codes: set[str] = set()

    def add(self, path: str, message: str) -> None:
        self.problems.append((path, message))

    def code(self, path: str, value: Any, namespace: set[str] | None = None) -> str:
        code = _text(value)
        if not code:
            self.add(path, MSG_REQUIRED)
        elif not CODE_RE.match(code):
            self.add(path, MSG_CODE)
        else:
            seen = self.codes if namespace is None else namespace
            if code in seen:
                self.add(path, MSG_DUPLICATE)
            seen.add(code)
        return code

    def required(self, path: str, value: Any) -> None:
        if not _text(value):
            self.add(path, MSG_REQUIRED)

    def positive(self, path: str, value: Any) -> Decimal | None:
        n = number(value)
        if n is None:
            self.add(path, MSG_REQUIRED if _text(value) == "" else MSG_NUMBER)
        elif n <= 0:
            self.add(path, MSG_POSITIVE)
        else:
            return n
        return None


def _indicator(c: _Checker, path: str, ind: Any, stage_codes: set[str], indicator_codes: set[str]) -> None:
    if not isinstance(ind, dict):
        c.add(path, MSG_REQUIRED)
        return
    c.code(f"{path}.code", ind.get("code"), indicator_codes)
    c.required(f"{path}.name", ind.get("name"))
    top = c.positive(f"{path}.max", ind.get("max"))
    step_raw = ind.get("step")
    step = c.positive(f"{path}.step", 1 if step_raw in (None, "") else step_raw)
    c.positive(f"{path}.weight", ind.get("weight"))
    if top is not None and step is not None and (top % step) != 0:
        c.add(f"{path}.step", MSG_STEP)
    stage = _text(ind.get("stage"))
    if not stage:
        c.add(f"{path}.stage", MSG_REQUIRED)
    elif stage not in stage_codes:
        c.add(f"{path}.stage", MSG_STAGE)
    kind = _text(ind.get("kind")) or "judge"
    if kind not in KINDS:
        c.add(f"{path}.kind", MSG_KIND)
    rubric = ind.get("rubric") or {}
    if not isinstance(rubric, dict):
        c.add(f"{path}.rubric", MSG_RUBRIC_LEVEL)
    elif top is not None and step is not None and top % step == 0:
        for key in rubric:
            level = number(key)
            if level is None or level < 0 or level > top or level % step != 0:
                c.add(f"{path}.rubric", MSG_RUBRIC_LEVEL)
                break


def _rules(c: _Checker, rules: Any, stage_codes: set[str], domain_codes: set[str], indicator_codes: set[str]) -> None:
    if not rules:
        return
    if not isinstance(rules, dict):
        c.add("rules", MSG_MAPPING)
        return
    if rules.get("aggregation") not in (None, "", *AGGREGATIONS):
        c.add("rules.aggregation", MSG_AGGREGATION)
    if rules.get("normalization") not in (None, "", *NORMALIZATIONS):
        c.add("rules.normalization", MSG_NORMALIZATION)
    known = {"stage": stage_codes, "domain": domain_codes, "indicator": indicator_codes}
    tie_breaks = rules.get("tie_breaks") or []
    if not isinstance(tie_breaks, list):
        c.add("rules.tie_breaks", MSG_LIST)
    else:
        for i, item in enumerate(tie_breaks):
            kind, _sep, code = _text(item).partition(":")
            if kind not in TIE_BREAK_KINDS or code not in known[kind]:
                c.add(f"rules.tie_breaks[{i}]", MSG_TIE_BREAK)
    awards = rules.get("awards") or []
    if not isinstance(awards, list):
        c.add("rules.awards", MSG_LIST)
    else:
        for i, award in enumerate(awards):
            if not _text(award):
                c.add(f"rules.awards[{i}]", MSG_AWARD)
    tolerance = rules.get("divergence_tolerance")
    if tolerance not in (None, ""):
        n = number(tolerance)
        if n is None:
            c.add("rules.divergence_tolerance", MSG_NUMBER)
        elif n < 0:
            c.add("rules.divergence_tolerance", MSG_NOT_NEGATIVE)
    thresholds = rules.get("lms_thresholds")
    if thresholds not in (None, ""):
        values = [number(t) for t in thresholds] if isinstance(thresholds, list) else []
        if (
            len(values) != 4
            or any(v is None or v <= 0 or v > 1 for v in values)
            or any(a >= b for a, b in itertools.pairwise(values))  # type: ignore[operator]
        ):
            c.add("rules.lms_thresholds", MSG_THRESHOLDS)


def validate_catalogue(data: dict[str, Any]) -> list[Problem]:
    """Every problem of the document ``{"catalogue": ..., "rules": ...}``; an empty list means valid."""
    c = _Checker()
    cat = data.get("catalogue") if isinstance(data, dict) else None
    if not isinstance(cat, dict):
        return [("catalogue", MSG_MAPPING)]
    stage_codes: set[str] = set()
    stages = cat.get("stages") or []
    if not stages:
        c.add("catalogue.stages", MSG_NO_STAGES)
    for i, stage in enumerate(stages):
        path = f"catalogue.stages[{i}]"
        c.code(f"{path}.code", stage.get("code"), stage_codes)
        c.required(f"{path}.name", stage.get("name"))
        c.positive(f"{path}.weight", stage.get("weight"))
        top_n = stage.get("only_top_n")
        if top_n not in (None, ""):
            n = number(top_n)
            if n is None or n < 1 or n != n.to_integral_value():
                c.add(f"{path}.only_top_n", MSG_TOP_N)
    eligibility_codes: set[str] = set()
    for i, item in enumerate(cat.get("eligibility") or []):
        c.code(f"catalogue.eligibility[{i}].code", item.get("code"), eligibility_codes)
        c.required(f"catalogue.eligibility[{i}].name", item.get("name"))
    domain_codes: set[str] = set()
    indicator_codes: set[str] = set()
    for d, domain in enumerate(cat.get("domains") or []):
        path = f"catalogue.domains[{d}]"
        domain_codes.add(c.code(f"{path}.code", domain.get("code")))
        c.required(f"{path}.name", domain.get("name"))
        c.positive(f"{path}.weight", domain.get("weight"))
        for a, aspect in enumerate(domain.get("aspects") or []):
            a_path = f"{path}.aspects[{a}]"
            c.code(f"{a_path}.code", aspect.get("code"))
            c.required(f"{a_path}.name", aspect.get("name"))
            for i, ind in enumerate(aspect.get("indicators") or []):
                _indicator(c, f"{a_path}.indicators[{i}]", ind, stage_codes, indicator_codes)
    # Presentation items without a stage belong to the first top-N stage, as the importer does.
    default_stage = next((_text(s.get("code")) for s in stages if s.get("only_top_n")), "PAP")
    for i, ind in enumerate(cat.get("presentation") or []):
        if isinstance(ind, dict) and not _text(ind.get("stage")):
            ind = {**ind, "stage": default_stage}
        _indicator(c, f"catalogue.presentation[{i}]", ind, stage_codes, indicator_codes)
    # Domain/aspect codes name indicator groups and indicator codes name score columns: one namespace.
    for code in indicator_codes & c.codes:
        c.add(_path_of_indicator(cat, code), MSG_DUPLICATE)
    _rules(c, data.get("rules"), stage_codes, domain_codes, indicator_codes)
    if c.problems:
        return c.problems
    # The checks above give messages in the committee's words; the scoring engine has the last word, so
    # a catalogue is saved only when the engine itself accepts it as a ruleset.
    typed = _typed(data)
    # A catalogue made in the forms has no code of its own; the engine wants one to name the ruleset.
    typed["catalogue"]["code"] = typed["catalogue"].get("code") or "catalogue"
    _ruleset, engine_problems = scoring.check_ruleset(typed)
    # A stage still waiting for its indicators is a normal step of the set-up, not an error; the
    # readiness checklist asks for indicators in every stage before scoring opens.
    return [(p.path, p.message) for p in engine_problems if not p.message.endswith("has no indicators")]


NUMERIC_KEYS = {"weight", "max", "step", "only_top_n", "divergence_tolerance"}


def _typed(value: Any, key: str = "") -> Any:
    """Form text turned into the numbers the engine reads ("3" → 3, "0,5" → Decimal("0.5"))."""
    if isinstance(value, dict) and key == "rubric":
        return {int(k) if str(k).isdigit() else k: v for k, v in value.items()}
    if isinstance(value, dict):
        return {k: _typed(v, k) for k, v in value.items() if not (k in NUMERIC_KEYS and v in ("", None))}
    if isinstance(value, list):
        return [_typed(v, key) for v in value]
    if (key in NUMERIC_KEYS or key == "lms_thresholds") and isinstance(value, str | Decimal):
        n = number(value)
        if n is not None:
            return int(n) if n == n.to_integral_value() else float(n)  # the engine reads YAML numbers
    return value


def _path_of_indicator(cat: dict[str, Any], code: str) -> str:
    for d, domain in enumerate(cat.get("domains") or []):
        for a, aspect in enumerate(domain.get("aspects") or []):
            for i, ind in enumerate(aspect.get("indicators") or []):
                if _text(ind.get("code")) == code:
                    return f"catalogue.domains[{d}].aspects[{a}].indicators[{i}].code"
    for i, ind in enumerate(cat.get("presentation") or []):
        if _text(ind.get("code")) == code:
            return f"catalogue.presentation[{i}].code"
    return "catalogue"


def fields_under(problems: list[Problem], prefix: str) -> tuple[dict[str, list[str]], list[Problem]]:
    """Split problems into those of the item at ``prefix`` (keyed by field name) and the rest.

    ``catalogue.domains[0].aspects[1].indicators[2].step`` under the indicator's prefix becomes ``step``,
    which is the name of the form field that shows it.
    """
    mine: dict[str, list[str]] = {}
    rest: list[Problem] = []
    for path, message in problems:
        if path.startswith(prefix + "."):
            field = path[len(prefix) + 1 :].split(".", 1)[0].split("[", 1)[0]
            mine.setdefault(field, []).append(message)
        else:
            rest.append((path, message))
    return mine, rest
