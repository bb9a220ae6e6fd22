"""Rulesets as plain data (the ``criteria_default.yaml`` format) and back.

Words:
- *ruleset data*: a mapping with a ``catalogue:`` block (code, level, track, stages, eligibility,
  domains -> aspects -> indicators, presentation items) and an optional ``rules:`` block
  (aggregation, tie_breaks, awards, divergence_tolerance, lms_thresholds, normalization).
- *defaults*: an indicator has step 1 and kind ``judge`` unless it says otherwise; a presentation item
  has no domain and belongs to stage ``PAP`` unless it names a ``stage``.
- *extra*: keys of an item this format does not interpret (``src``, ``denominator``...), kept as they are.

Numbers may be YAML numbers or text (``"0.20"`` or ``"0,20"``). No file is read here: see ``files``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from scoring.model import (
    Aspect,
    Domain,
    EligibilityItem,
    Extra,
    Indicator,
    InvalidInput,
    Problem,
    Rules,
    Ruleset,
    Stage,
)
from scoring.validation import Locations, ruleset_problems

PRESENTATION_STAGE = "PAP"

_STAGE_KEYS = {"code", "name", "weight", "only_top_n"}
_DOMAIN_KEYS = {"code", "name", "weight", "aspects", "indicators"}
_ASPECT_KEYS = {"code", "name", "indicators"}
_INDICATOR_KEYS = {"code", "name", "max", "weight", "stage", "step", "kind", "evidence", "rubric"}
_ELIGIBILITY_KEYS = {"code", "name", "evidence"}
_CATALOGUE_KEYS = {"code", "level", "track", "stages", "eligibility", "domains", "presentation"}
_RULES_KEYS = {
    "aggregation",
    "tie_breaks",
    "awards",
    "divergence_tolerance",
    "lms_thresholds",
    "normalization",
}


def to_decimal(value: object) -> Decimal | None:
    """A finite Decimal from a YAML number or a text with ``.`` or ``,`` as decimal separator."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        value = repr(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if "," in text and "." in text:
        return None
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


class _Parser:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.stage_paths: list[str] = []
        self.domain_paths: list[str] = []
        self.aspect_paths: list[list[str]] = []
        self.indicator_paths: list[str] = []
        self.eligibility_paths: list[str] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def mapping(self, value: object, path: str) -> Mapping[str, Any] | None:
        if isinstance(value, Mapping):
            return cast(Mapping[str, Any], value)
        self.fail(path, "expected a mapping of keys to values")
        return None

    def items(self, value: object, path: str) -> list[Any]:
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self.fail(path, "expected a list")
        return []

    def text(self, data: Mapping[str, Any], key: str, path: str, required: bool = False) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(f"{path}.{key}", f"{key} is required")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.fail(f"{path}.{key}", f"{key} must be text (quote it)")
            return None
        return str(value)

    def code(self, data: Mapping[str, Any], path: str) -> str | None:
        code = self.text(data, "code", path, required=True)
        if code is not None and not code.strip():
            self.fail(f"{path}.code", "code cannot be empty")
            return None
        return code

    def number(
        self, data: Mapping[str, Any], key: str, path: str, default: Decimal | None = None
    ) -> Decimal | None:
        if data.get(key) is None:
            if default is None:
                self.fail(f"{path}.{key}", f"{key} is required")
            return default
        number = to_decimal(data[key])
        if number is None:
            self.fail(f"{path}.{key}", f"{key} must be a number, not {data[key]!r}")
        return number

    def leftover(self, data: Mapping[str, Any], known: set[str]) -> Extra:
        return tuple((str(k), v) for k, v in data.items() if k not in known)

    def stage(self, raw: object, path: str) -> Stage | None:
        data = self.mapping(raw, path)
        if data is None:
            return None
        code = self.code(data, path)
        weight = self.number(data, "weight", path)
        top_n = data.get("only_top_n")
        if top_n is not None and (isinstance(top_n, bool) or not isinstance(top_n, int)):
            self.fail(f"{path}.only_top_n", "only_top_n must be a whole number")
            return None
        if code is None or weight is None:
            return None
        self.stage_paths.append(path)
        name = self.text(data, "name", path) or ""
        return Stage(code, weight, name, top_n, self.leftover(data, _STAGE_KEYS))

    def eligibility(self, raw: object, path: str) -> EligibilityItem | None:
        data = self.mapping(raw, path)
        if data is None:
            return None
        code = self.code(data, path)
        if code is None:
            return None
        self.eligibility_paths.append(path)
        return EligibilityItem(
            code,
            self.text(data, "name", path) or "",
            self.text(data, "evidence", path),
            self.leftover(data, _ELIGIBILITY_KEYS),
        )

    def indicator(self, raw: object, path: str, domain: str | None, aspect: str | None) -> Indicator | None:
        data = self.mapping(raw, path)
        if data is None:
            return None
        code = self.code(data, path)
        maximum = self.number(data, "max", path)
        weight = self.number(data, "weight", path)
        step = self.number(data, "step", path, default=Decimal(1))
        stage: str | None = self.text(data, "stage", path, required=domain is not None)
        if domain is None:
            stage = stage or PRESENTATION_STAGE
        kind = self.text(data, "kind", path) or "judge"
        rubric = self.rubric(data.get("rubric"), f"{path}.rubric")
        if None in (code, maximum, weight, step, stage, rubric):
            return None
        self.indicator_paths.append(path)
        return Indicator(
            code=cast(str, code),
            stage=cast(str, stage),
            domain=domain,
            max=cast(Decimal, maximum),
            weight=cast(Decimal, weight),
            step=cast(Decimal, step),
            kind=cast(Any, kind),
            name=self.text(data, "name", path) or "",
            aspect=aspect,
            evidence=self.text(data, "evidence", path),
            rubric=cast(tuple[tuple[int, str], ...], rubric),
            extra=self.leftover(data, _INDICATOR_KEYS),
        )

    def rubric(self, raw: object, path: str) -> tuple[tuple[int, str], ...] | None:
        if raw is None:
            return ()
        if not isinstance(raw, Mapping) or not all(
            isinstance(k, int) and not isinstance(k, bool) and isinstance(v, str) for k, v in raw.items()
        ):
            self.fail(path, "rubric maps whole-number levels to texts")
            return None
        return tuple(sorted(raw.items()))

    def domain(self, raw: object, path: str, indicators: list[Indicator]) -> Domain | None:
        data = self.mapping(raw, path)
        if data is None:
            return None
        code = self.code(data, path)
        weight = self.number(data, "weight", path)
        aspects = []
        aspect_paths = []
        for j, raw_aspect in enumerate(self.items(data.get("aspects"), f"{path}.aspects")):
            aspect_path = f"{path}.aspects[{j}]"
            aspect_data = self.mapping(raw_aspect, aspect_path)
            if aspect_data is None:
                continue
            aspect_code = self.code(aspect_data, aspect_path)
            if aspect_code is None:
                continue
            aspects.append(
                Aspect(
                    aspect_code,
                    self.text(aspect_data, "name", aspect_path) or "",
                    self.leftover(aspect_data, _ASPECT_KEYS),
                )
            )
            aspect_paths.append(aspect_path)
            for k, raw_ind in enumerate(
                self.items(aspect_data.get("indicators"), f"{aspect_path}.indicators")
            ):
                self.add(
                    indicators, self.indicator(raw_ind, f"{aspect_path}.indicators[{k}]", code, aspect_code)
                )
        for k, raw_ind in enumerate(self.items(data.get("indicators"), f"{path}.indicators")):
            self.add(indicators, self.indicator(raw_ind, f"{path}.indicators[{k}]", code, None))
        if code is None or weight is None:
            return None
        self.domain_paths.append(path)
        self.aspect_paths.append(aspect_paths)
        name = self.text(data, "name", path) or ""
        return Domain(code, weight, name, tuple(aspects), self.leftover(data, _DOMAIN_KEYS))

    @staticmethod
    def add(indicators: list[Indicator], indicator: Indicator | None) -> None:
        if indicator is not None:
            indicators.append(indicator)

    def unknown_keys(self, data: Mapping[str, Any], known: set[str], path: str) -> None:
        for key in data:
            if key not in known:
                self.fail(f"{path}.{key}", f"unknown key {key!r}")

    def rules(self, raw: object) -> Rules | None:
        if raw is None:
            return Rules()
        data = self.mapping(raw, "rules")
        if data is None:
            return None
        self.unknown_keys(data, _RULES_KEYS, "rules")
        defaults = Rules()
        values: dict[str, Any] = {}
        for key in ("aggregation", "normalization"):
            if key in data:
                values[key] = self.text(data, key, "rules")
        for key in ("tie_breaks", "awards"):
            if key in data:
                listed = self.items(data[key], f"rules.{key}")
                if not all(isinstance(x, str) for x in listed):
                    self.fail(f"rules.{key}", f"{key} is a list of texts")
                values[key] = tuple(str(x) for x in listed)
        if "divergence_tolerance" in data:
            values["divergence_tolerance"] = self.number(
                data, "divergence_tolerance", "rules", defaults.divergence_tolerance
            )
        if "lms_thresholds" in data:
            thresholds = [to_decimal(x) for x in self.items(data["lms_thresholds"], "rules.lms_thresholds")]
            if None in thresholds:
                self.fail("rules.lms_thresholds", "thresholds are numbers")
            values["lms_thresholds"] = tuple(t for t in thresholds if t is not None)
        return Rules(**{k: v for k, v in values.items() if v is not None})


def parse_ruleset(data: Mapping[str, Any]) -> Ruleset:
    """A ruleset from plain data; raises ``InvalidInput`` with every problem and its path
    (``catalogue.domains[0].aspects[1].indicators[2].step``)."""
    ruleset, problems = check_ruleset(data)
    if ruleset is None:
        raise InvalidInput(problems)
    return ruleset


def check_ruleset(data: object) -> tuple[Ruleset | None, list[Problem]]:
    """Like ``parse_ruleset`` but returns ``(ruleset or None, problems)``."""
    parser = _Parser()
    root = parser.mapping(data, "$")
    catalogue = parser.mapping(root.get("catalogue"), "catalogue") if root is not None else None
    if root is None or catalogue is None:
        return None, parser.problems
    parser.unknown_keys(catalogue, _CATALOGUE_KEYS, "catalogue")
    code = parser.code(catalogue, "catalogue")
    stages = [
        parser.stage(raw, f"catalogue.stages[{i}]")
        for i, raw in enumerate(parser.items(catalogue.get("stages"), "catalogue.stages"))
    ]
    eligibility = [
        parser.eligibility(raw, f"catalogue.eligibility[{i}]")
        for i, raw in enumerate(parser.items(catalogue.get("eligibility"), "catalogue.eligibility"))
    ]
    indicators: list[Indicator] = []
    domains = [
        parser.domain(raw, f"catalogue.domains[{i}]", indicators)
        for i, raw in enumerate(parser.items(catalogue.get("domains"), "catalogue.domains"))
    ]
    for i, raw in enumerate(parser.items(catalogue.get("presentation"), "catalogue.presentation")):
        parser.add(indicators, parser.indicator(raw, f"catalogue.presentation[{i}]", None, None))
    rules = parser.rules(root.get("rules"))
    level = parser.text(catalogue, "level", "catalogue") or ""
    track = parser.text(catalogue, "track", "catalogue") or ""
    if parser.problems or code is None or rules is None:
        return None, parser.problems
    ruleset = Ruleset(
        code=code,
        stages=tuple(s for s in stages if s is not None),
        domains=tuple(d for d in domains if d is not None),
        indicators=tuple(indicators),
        rules=rules,
        level=level,
        track=track,
        eligibility=tuple(e for e in eligibility if e is not None),
    )
    locations = Locations(
        stages=tuple(parser.stage_paths),
        domains=tuple(parser.domain_paths),
        aspects=tuple(tuple(paths) for paths in parser.aspect_paths),
        indicators=tuple(parser.indicator_paths),
        eligibility=tuple(parser.eligibility_paths),
        rules="rules",
        stages_list="catalogue.stages",
    )
    problems = ruleset_problems(ruleset, locations)
    return (None if problems else ruleset), problems


def _number(value: Decimal) -> int | float | str:
    """A Decimal for YAML: an int when whole, a float when that is exact, else text."""
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else str(value)


def ruleset_to_dict(ruleset: Ruleset) -> dict[str, Any]:
    """The inverse of ``parse_ruleset``: plain data in the ``criteria_default.yaml`` format."""

    def indicator(ind: Indicator) -> dict[str, Any]:
        out: dict[str, Any] = {"code": ind.code}
        if ind.name:
            out["name"] = ind.name
        out["max"] = _number(ind.max)
        out["weight"] = _number(ind.weight)
        if ind.domain is not None or ind.stage != PRESENTATION_STAGE:
            out["stage"] = ind.stage
        if ind.step != 1:
            out["step"] = _number(ind.step)
        if ind.kind != "judge":
            out["kind"] = ind.kind
        if ind.evidence is not None:
            out["evidence"] = ind.evidence
        if ind.rubric:
            out["rubric"] = dict(ind.rubric)
        out.update(ind.extra)
        return out

    def domain(dom: Domain) -> dict[str, Any]:
        out: dict[str, Any] = {"code": dom.code}
        if dom.name:
            out["name"] = dom.name
        out["weight"] = _number(dom.weight)
        out.update(dom.extra)
        aspects = []
        for aspect in dom.aspects:
            item: dict[str, Any] = {"code": aspect.code}
            if aspect.name:
                item["name"] = aspect.name
            item.update(aspect.extra)
            item["indicators"] = [
                indicator(i) for i in ruleset.indicators if i.domain == dom.code and i.aspect == aspect.code
            ]
            aspects.append(item)
        if aspects:
            out["aspects"] = aspects
        loose = [indicator(i) for i in ruleset.indicators if i.domain == dom.code and i.aspect is None]
        if loose:
            out["indicators"] = loose
        return out

    def stage(st: Stage) -> dict[str, Any]:
        out: dict[str, Any] = {"code": st.code}
        if st.name:
            out["name"] = st.name
        out["weight"] = _number(st.weight)
        if st.only_top_n is not None:
            out["only_top_n"] = st.only_top_n
        out.update(st.extra)
        return out

    def eligibility(item: EligibilityItem) -> dict[str, Any]:
        out: dict[str, Any] = {"code": item.code}
        if item.name:
            out["name"] = item.name
        if item.evidence is not None:
            out["evidence"] = item.evidence
        out.update(item.extra)
        return out

    catalogue: dict[str, Any] = {"code": ruleset.code}
    if ruleset.level:
        catalogue["level"] = ruleset.level
    if ruleset.track:
        catalogue["track"] = ruleset.track
    catalogue["stages"] = [stage(s) for s in ruleset.stages]
    if ruleset.eligibility:
        catalogue["eligibility"] = [eligibility(e) for e in ruleset.eligibility]
    catalogue["domains"] = [domain(d) for d in ruleset.domains]
    presentation = [indicator(i) for i in ruleset.indicators if i.domain is None]
    if presentation:
        catalogue["presentation"] = presentation
    rules = ruleset.rules
    return {
        "catalogue": catalogue,
        "rules": {
            "aggregation": rules.aggregation,
            "tie_breaks": list(rules.tie_breaks),
            "awards": list(rules.awards),
            "divergence_tolerance": _number(rules.divergence_tolerance),
            "lms_thresholds": [_number(t) for t in rules.lms_thresholds],
            "normalization": rules.normalization,
        },
    }
