"""Map an indicator phrase (+ unit + section) to a catalog id with a score; keep the rest for review.

Rules are general: normalised exact name or alias, containment, character-bigram similarity; the
unit must be compatible with the indicator's canonical unit; the section and quote only break
near-ties. Below `threshold`, or when two indicators are within `margin`, the phrase stays
unresolved and goes to the review list. Aliases a user confirms are kept in a JSON file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from greentrack.errors import AliasStoreError, UnknownIndicator
from greentrack.models import Target
from greentrack.resolve.catalog import get_indicator, load_catalog
from greentrack.resolve.departments import resolve_department
from greentrack.resolve.models import (
    Candidate,
    DepartmentMatch,
    Indicator,
    Quantity,
    Resolution,
    ResolvedTarget,
    ReviewItem,
    UnitMismatch,
)
from greentrack.resolve.text import bigrams, normalise, similarity, strip_scope
from greentrack.resolve.units import compatible, convert, effective_unit, is_known, normalise_unit

THRESHOLD = 0.6
MARGIN = 0.02
CONTEXT_BONUS = 0.04
SCOPE_STRIPPED = 0.97  # an exact match only after dropping 城镇/全县… ranks just below a literal one


class Resolver:
    """A catalog indexed for matching, plus the aliases a user has confirmed."""

    def __init__(self, catalog: Sequence[Indicator] | None = None, confirmed: Mapping[str, str] | None = None,
                 threshold: float = THRESHOLD, margin: float = MARGIN) -> None:
        self.catalog = tuple(catalog if catalog is not None else load_catalog())
        self.confirmed = {normalise(phrase): indicator_id for phrase, indicator_id in (confirmed or {}).items()}
        self.threshold = threshold
        self.margin = margin
        self._names = {ind.id: [(normalise(n), strip_scope(normalise(n)), n) for n in ind.names]
                       for ind in self.catalog}
        self._context = {ind.id: set().union(*(bigrams(normalise(n)) for n in ind.names)) for ind in self.catalog}
        self._generic = {normalise(n) for ind in self.catalog for n in ind.contextual_aliases}
        # each name's share of its indicator's vocabulary that is not the name itself (for generic aliases)
        self._specific = {(ind.id, name): self._context[ind.id] - bigrams(name)
                          for ind in self.catalog for name, _, _ in self._names[ind.id]}
        self._fits: dict[tuple[str, str, str | None], bool] = {}  # unit_fits is pure: a few units, met often

    def resolve(self, phrase: str, unit: str = "", section: Sequence[str] = (), kind: str | None = None,
                context: str = "") -> Resolution:
        """The catalog id for `phrase`, or an unresolved Resolution with the candidates and the reason."""
        text = normalise(phrase)
        written_unit = effective_unit(phrase, unit)
        if text in self.confirmed:
            return Resolution(phrase, unit, self.confirmed[text], 1.0, "confirmed",
                              (Candidate(self.confirmed[text], 1.0, phrase, "confirmed"),))
        surroundings = normalise("".join(section) + context)
        scored = self._scored(text, surroundings)
        fitting = [c for c, ind in zip(scored, self.catalog, strict=True)
                   if c.score > 0 and self._unit_fits(written_unit, ind.unit, kind)]
        ranked = sorted((self._with_context(c, surroundings) for c in fitting), key=lambda c: -c.score)[:5]
        return self._decide(phrase, unit, ranked, scored)

    def _scored(self, text: str, surroundings: str) -> list[Candidate]:
        """The best candidate of every catalog indicator, in catalog order."""
        return [self._candidate(ind, text, surroundings) for ind in self.catalog]

    def _unit_fits(self, unit: str, canonical: str, kind: str | None) -> bool:
        key = (unit, canonical, kind)
        fits = self._fits.get(key)
        if fits is None:
            fits = self._fits[key] = unit_fits(unit, canonical, kind)
        return fits

    def _candidate(self, indicator: Indicator, text: str, surroundings: str) -> Candidate:
        return self._best(indicator.id, self._name_scores(indicator, text), text, surroundings)

    def _name_scores(self, indicator: Indicator, text: str) -> list[tuple[float, str, str, str]]:
        """(score, how, name as written, normalised name) of each of the indicator's names, context aside."""
        stripped = strip_scope(text)
        scores = []
        for name, name_stripped, written in self._names[indicator.id]:
            score, how = similarity(text, name)
            scope_score, scope_how = similarity(stripped, name_stripped)
            if scope_how == "exact":
                scope_score = SCOPE_STRIPPED
            if scope_score > score:
                score, how = scope_score, f"{scope_how} (scope dropped)"
            scores.append((score, how, written, name))
        return scores

    def _best(self, indicator_id: str, scores: Iterable[tuple[float, str, str, str]], text: str,
              surroundings: str) -> Candidate:
        """The best-scoring name, a generic one capped below the threshold where the context disagrees."""
        best = Candidate(indicator_id, 0.0, "", "none")
        for score, how, written, name in scores:
            if (name in self._generic or text in self._generic) and not self._context_agrees(
                    indicator_id, name, surroundings):
                score, how = min(score, self.threshold - 0.1), f"{how} (generic name, context disagrees)"
            if score > best.score:
                best = Candidate(indicator_id, round(score, 4), written, how)
        return best

    def _context_agrees(self, indicator_id: str, name: str, surroundings: str) -> bool:
        """A generic alias (营业收入) counts only where the section or quote shares words with the other names."""
        specific = self._specific.get((indicator_id, name))
        if specific is None:
            specific = self._context[indicator_id] - bigrams(name)
        return bool(_surrounding_bigrams(surroundings) & specific)

    def _with_context(self, candidate: Candidate, surroundings: str) -> Candidate:
        """Near-ties are broken by how much of the indicator's vocabulary the section and quote share."""
        if candidate.score < 0.5 or candidate.score >= 1.0 or not surroundings:
            return candidate
        shared = len(_surrounding_bigrams(surroundings) & self._context[candidate.indicator_id])
        bonus = CONTEXT_BONUS * min(1.0, shared / 6)
        return Candidate(candidate.indicator_id, round(min(0.999, candidate.score + bonus), 4), candidate.matched,
                         candidate.how)

    def _decide(self, phrase: str, unit: str, ranked: list[Candidate], scored: list[Candidate]) -> Resolution:
        candidates = tuple(ranked)
        if not ranked or ranked[0].score < self.threshold:
            best = ranked[0].score if ranked else 0.0
            return Resolution(phrase, unit, None, best, "unresolved", candidates, self._why_not(ranked, scored))
        top = ranked[0]
        rival = next((c for c in ranked[1:] if c.indicator_id != top.indicator_id), None)
        if rival is not None and top.score - rival.score < self.margin:
            reason = f"ambiguous: {top.indicator_id} {top.score:.2f} vs {rival.indicator_id} {rival.score:.2f}"
            return Resolution(phrase, unit, None, top.score, "ambiguous", candidates, reason)
        return Resolution(phrase, unit, top.indicator_id, top.score, top.how, candidates)

    def _why_not(self, ranked: list[Candidate], scored: list[Candidate]) -> str:
        textual = max(scored, key=lambda c: c.score, default=None)
        if textual is not None and textual.score >= self.threshold and textual not in ranked:
            return f"unit does not fit the closest indicator {textual.indicator_id} ({textual.score:.2f})"
        best = ranked[0].score if ranked else 0.0
        return f"no catalog indicator scores above {self.threshold} (best {best:.2f})"


@lru_cache(maxsize=64)
def _surrounding_bigrams(surroundings: str) -> frozenset[str]:
    """The bigrams of one target's section and quote, read for several candidates in a row."""
    return frozenset(bigrams(surroundings))


def unit_fits(unit: str, canonical: str, kind: str | None = None) -> bool:
    """Whether a value written in `unit` may measure an indicator kept in `canonical`.

    No unit, or a unit the table does not know, is no evidence either way; a relative change in %
    fits any indicator.
    """
    written = normalise_unit(unit)
    if not written or not is_known(written):
        return True
    if kind == "change" and written == "%":
        return True
    return compatible(written, canonical)


_DEFAULT: dict[str, Resolver] = {}


def default_resolver(store_path: str | Path | None = None) -> Resolver:
    """A resolver over the shipped catalog plus the aliases confirmed in `store_path` (if given)."""
    key = str(store_path or "")
    stamp = f"{key}:{_mtime(store_path)}"
    if stamp not in _DEFAULT:
        _DEFAULT.clear()
        _DEFAULT[stamp] = Resolver(confirmed=load_aliases(store_path) if store_path else None)
    return _DEFAULT[stamp]


def _mtime(path: str | Path | None) -> float:
    return Path(path).stat().st_mtime if path and Path(path).exists() else 0.0


def resolve_indicator(phrase: str, unit: str = "", section: Sequence[str] = (), kind: str | None = None,
                      context: str = "", store_path: str | Path | None = None) -> Resolution:
    """Resolve one indicator phrase against the shipped catalog (and confirmed aliases)."""
    return default_resolver(store_path).resolve(phrase, unit, section, kind, context)


def resolve_target(target: Target, resolver: Resolver | None = None,
                   jurisdiction: str | None = None) -> ResolvedTarget:
    """A target's catalog id, its value in the indicator's canonical unit (or the unit problem), its departments."""
    resolver = resolver or default_resolver()
    resolution = resolver.resolve(target.indicator, target.unit, target.section, target.kind, target.quote)
    quantity, problem = _quantity(target, resolution)
    departments: tuple[DepartmentMatch | None, ...] = tuple(
        resolve_department(name, jurisdiction) for name in target.departments)
    return ResolvedTarget(target.id, resolution, quantity, problem, departments)


def resolve_as(target: Target, indicator_id: str | None, jurisdiction: str | None = None) -> ResolvedTarget:
    """A target resolved to the catalog indicator a person chose (None: none fits), `how` = person: its value in
    that indicator's unit (or the unit problem) and its departments."""
    resolution = Resolution(target.indicator, target.unit, indicator_id, 1.0 if indicator_id else 0.0, "person", ())
    quantity, problem = _quantity(target, resolution)
    departments = tuple(resolve_department(name, jurisdiction) for name in target.departments)
    return ResolvedTarget(target.id, resolution, quantity, problem, departments)


def _quantity(target: Target, resolution: Resolution) -> tuple[Quantity | None, UnitMismatch | None]:
    indicator = get_indicator(resolution.indicator_id) if resolution.indicator_id else None
    if indicator is None:
        return None, None
    unit = effective_unit(target.indicator, target.unit)
    if target.kind == "change" and unit == "%":
        return Quantity(target.value, "%", relative=True), None
    converted = convert(target.value, unit, indicator.unit)
    return (converted, None) if isinstance(converted, Quantity) else (None, converted)


def unresolved(targets: Iterable[Target], store_path: str | Path | None = None) -> list[ReviewItem]:
    """The review queue: targets with no confident catalog id, or whose unit does not fit their indicator."""
    resolver = default_resolver(store_path)
    items: list[ReviewItem] = []
    for target in targets:
        resolved = resolve_target(target, resolver)
        reason = resolved.resolution.reason if not resolved.resolution.resolved else (
            resolved.unit_problem.reason if resolved.unit_problem else "")
        if reason:
            items.append(ReviewItem(target.id, target.doc, target.indicator, target.unit, target.section,
                                    target.quote, reason, resolved.resolution.candidates))
    return items


def load_aliases(store_path: str | Path) -> dict[str, str]:
    """The confirmed aliases kept in `store_path` (phrase → indicator id); empty when the file is absent."""
    path = Path(store_path)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AliasStoreError(f"cannot read alias file {path}: {exc} — fix or delete it") from exc
    aliases = data.get("aliases") if isinstance(data, dict) else None
    if not isinstance(aliases, dict) or not all(isinstance(v, str) for v in aliases.values()):
        raise AliasStoreError(f"alias file {path} must hold {{\"aliases\": {{phrase: indicator_id}}}}")
    return dict(aliases)


def confirm_alias(phrase: str, indicator_id: str, store_path: str | Path) -> dict[str, str]:
    """Remember that `phrase` names `indicator_id` (written atomically to the JSON file); returns all aliases."""
    if get_indicator(indicator_id) is None:
        raise UnknownIndicator(indicator_id)
    aliases = load_aliases(store_path)
    aliases[phrase.strip()] = indicator_id
    _write_json(Path(store_path), {"aliases": dict(sorted(aliases.items()))})
    _DEFAULT.clear()
    return aliases


def _write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=path.name, dir=path.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    os.replace(temporary, path)
