"""Records of the resolve stage: catalog indicators, matches, quantities, departments, jurisdictions."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    """One canonical indicator of the catalog (`resolve/data/indicators.csv`).

    `direction` is `higher_better`, `lower_better`, `target_range` or `""` (none known);
    `basis` says where the name comes from (`tijian2021`, `tijian2021-secondary`,
    `tijian2021-unconfirmed`, `plan`). `contextual_aliases` are generic wordings (营业收入) that
    count only where the section or quote agrees with the indicator's other names.
    """

    id: str
    zh: str
    en: str
    unit: str
    direction: str
    dimension: str
    basis: str
    aliases: tuple[str, ...]
    description: str
    contextual_aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The Chinese name followed by every alias."""
        return (self.zh, *self.aliases, *self.contextual_aliases)


@dataclass(frozen=True)
class Candidate:
    """One catalog indicator considered for a phrase, with its score and the name that matched."""

    indicator_id: str
    score: float
    matched: str
    how: str


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one indicator phrase: an id with its score, or None and why."""

    phrase: str
    unit: str
    indicator_id: str | None
    score: float
    how: str
    candidates: tuple[Candidate, ...]
    reason: str = ""

    @property
    def resolved(self) -> bool:
        """True when the phrase was mapped to a catalog id."""
        return self.indicator_id is not None


@dataclass(frozen=True)
class Quantity:
    """A value expressed in a given unit (after conversion: the indicator's canonical unit)."""

    value: float
    unit: str
    factor: float = 1.0
    relative: bool = False


@dataclass(frozen=True)
class UnitMismatch:
    """A value whose unit cannot be converted to the unit asked for; it is flagged, never converted."""

    value: float
    unit: str
    expected_unit: str
    reason: str


@dataclass(frozen=True)
class Department:
    """A canonical department of the registry (`resolve/data/departments.csv`), without jurisdiction.

    `other_names` are official names the same function goes by elsewhere (水利局 for 水务局, 发展和改革委员会);
    `short_names` are abbreviations, each with the full name it stands for in `expansions`.
    """

    id: str
    full_name: str
    category: str
    kind: str
    other_names: tuple[str, ...]
    short_names: tuple[str, ...]
    expansions: tuple[tuple[str, str], ...] = ()

    def expand(self, name: str) -> str:
        """The official name an abbreviation stands for (住建局 → 住房和城乡建设局; 卫健委 → 卫生健康委员会)."""
        if name == self.full_name or name in self.other_names:
            return name
        return dict(self.expansions).get(name, self.full_name)


@dataclass(frozen=True)
class DepartmentMatch:
    """A department name as written, resolved to a registry entry and the jurisdiction it belongs to.

    `level` is `province`, `prefecture` or `county` where the prefix or context tells it;
    `place` is the named jurisdiction (金乡县) where the text or the context gives one;
    `branch_in` is the jurisdiction a branch office serves (市生态环境局金乡县分局 → 金乡县).
    """

    written: str
    department: Department
    level: str | None
    place: str | None
    branch_in: str | None
    canonical_name: str


@dataclass(frozen=True)
class Jurisdiction:
    """An administrative division of GB/T 2260 with its parents, nearest first."""

    code: str
    name: str
    level: str
    parent_code: str | None
    chain: tuple[tuple[str, str], ...] = ()

    def display(self) -> str:
        """`金乡县 370828 → 济宁市 370800 → 山东省 370000`."""
        return " → ".join(f"{name} {code}" for code, name in ((self.code, self.name), *self.chain))


@dataclass(frozen=True)
class ResolvedTarget:
    """A target mapped onto the catalog: id, value in the canonical unit (or a unit problem), departments."""

    target_id: str
    resolution: Resolution
    quantity: Quantity | None
    unit_problem: UnitMismatch | None
    departments: tuple[DepartmentMatch | None, ...]


@dataclass(frozen=True)
class ReviewItem:
    """A target whose indicator or unit needs a person: what was written, where, and the best guesses."""

    target_id: str
    doc: str
    phrase: str
    unit: str
    section: tuple[str, ...]
    quote: str
    reason: str
    candidates: tuple[Candidate, ...]
