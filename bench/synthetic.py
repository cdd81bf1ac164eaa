"""Synthetic plans and a synthetic national ledger for the benchmarks — generated, never real, never shipped.

    python bench/synthetic.py corpus FOLDER [--count 10000] [--seed 7]
    python bench/synthetic.py ledger DB [--targets 300000] [--observations 10] [--seed 7]

`corpus` writes plan files made from the bundled seed plans' own text: each file takes one seed as its
template, puts another jurisdiction of the same level in place of the seed's (its name, its parents'
names, the 文号 prefix), keeps every heading and most paragraphs, and varies every number and year a
little. `ledger` writes a national-size ledger straight into the database in bulk (jurisdictions,
documents, targets, departments, responsibilities, observations) without running the pipeline: the
status and API benchmarks need the rows, not the parsing.

Everything is a function of `--seed`: the same arguments give the same bytes. Every generated file's
first line and every generated document's first line say 合成数据 SYNTHETIC; generated observations
are marked illustrative with 合成数据 as their source. Nothing here is package data: it lives in
`bench/` and writes only where it is told to.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import random
import re
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

MARK = "【合成数据 SYNTHETIC】"
SOURCE = "合成数据 synthetic (bench/synthetic.py)"
LEVEL_OF_SEED = {"county": "county", "city": "prefecture", "province": "province"}
# How often each level's templates are used: counties hold most plans, as in the country.
LEVEL_WEIGHTS = {"county": 0.86, "prefecture": 0.11, "province": 0.03}
YEAR = re.compile(r"(?<![\d.])(20[1-4]\d)(?=\s*年)")
NUMBER = re.compile(r"(?<![\d.〔\[（(第])(\d+(?:\.\d+)?)"
                    r"(?=\s*(?:%|％|个|万|亿|公顷|平方|千瓦|吨|处|座|公里|条|家|户|项))")
HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、]|（\d+）)")


@dataclass(frozen=True)
class Place:
    """A division from the shipped GB/T 2260 table, with the names of its parents (nearest first)."""

    code: str
    name: str
    level: str
    parents: tuple[str, ...]


def _jurisdiction_rows() -> list[dict[str, str]]:
    text = (resources.files("greentrack.resolve") / "data" / "jurisdictions.csv").read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return list(csv.DictReader(io.StringIO(body)))


def places() -> dict[str, list[Place]]:
    """Divisions per level whose name is unique in the table (so a generated plan resolves to one place)."""
    from greentrack.resolve.jurisdictions import find_jurisdictions

    rows = _jurisdiction_rows()
    by_code = {r["code"]: r for r in rows}
    found: dict[str, list[Place]] = {level: [] for level in LEVEL_WEIGHTS}
    for row in rows:
        if row["level"] not in found or len(find_jurisdictions(row["name"])) != 1:
            continue
        parents, parent = [], row["parent"]
        while parent and parent in by_code:
            parents.append(by_code[parent]["name"])
            parent = by_code[parent]["parent"]
        found[row["level"]].append(Place(row["code"], row["name"], row["level"], tuple(parents)))
    return found


# ---------------------------------------------------------------- plan files


@dataclass(frozen=True)
class Template:
    """A seed plan's raw text and the names in it that a generated plan replaces."""

    name: str
    text: str
    level: str
    place: Place
    doc_prefix: str | None  # the first character of a 文号 such as 金政办字〔2023〕28号


def templates() -> list[Template]:
    """The bundled seed plans as templates, with the place each was written for."""
    from greentrack.pipeline.steps import read_plan
    from greentrack.read import read_document
    from greentrack.resolve import jurisdiction_of
    from greentrack.services.documents import sample_paths

    found = []
    for path in sample_paths():
        metadata = read_plan(path).outline.metadata
        place = jurisdiction_of(metadata)
        if place is None or place.level not in LEVEL_WEIGHTS:
            continue
        number = metadata.doc_number or ""
        found.append(Template(path.name, read_document(path).source_text, place.level,
                              Place(place.code, place.name, place.level, tuple(n for _, n in place.chain)),
                              number[0] if number[:1] == place.name[:1] else None))
    return found


def _short(name: str) -> str:
    from greentrack.resolve.jurisdictions import short_name

    return short_name(name)


def _renames(old: Place, new: Place) -> list[tuple[str, str]]:
    """(old, new) name pairs, full names before short ones and the longest first, so none eats another."""
    old_names, new_names = [old.name, *old.parents], [new.name, *new.parents]
    pairs: list[tuple[str, str]] = []
    for index, before in enumerate(old_names):
        after = new_names[min(index, len(new_names) - 1)]
        pairs.append((before, after))
        if _short(before) != before:
            pairs.append((_short(before), _short(after)))
    return sorted(dict(pairs).items(), key=lambda pair: -len(pair[0]))


def _replace_names(text: str, pairs: Sequence[tuple[str, str]]) -> str:
    pattern = re.compile("|".join(re.escape(old) for old, _ in pairs))
    table = dict(pairs)
    return pattern.sub(lambda m: table[m.group(0)], text)


def _vary_number(match: re.Match[str], rng: random.Random) -> str:
    written = match.group(1)
    decimals = len(written.split(".")[1]) if "." in written else 0
    value = float(written) * rng.uniform(0.8, 1.2)
    if float(written) <= 100 and value > 100:
        value = 100.0 - rng.random() * 5  # a share stays a share
    return f"{value:.{decimals}f}" if decimals else str(max(1, round(value)))


def plan_text(template: Template, place: Place, rng: random.Random, number: int, keep: float) -> str:
    """A synthetic plan from a template: the place renamed, years shifted, numbers varied, paragraphs left out."""
    shift = rng.choice((-1, 0, 0, 0, 1))
    lines: list[str] = []
    body = False  # the notice and title block before the first heading stay whole (they carry the metadata)
    for line in template.text.splitlines():
        heading = bool(HEADING.match(line))
        body = body or heading
        if body and line.strip() and not heading and rng.random() > keep:
            continue  # headings always stay, so the outline keeps its shape
        line = YEAR.sub(lambda m: str(int(m.group(1)) + shift), line)
        lines.append(NUMBER.sub(lambda m: _vary_number(m, rng), line))
    text = _replace_names("\n".join(lines), _renames(template.place, place))
    if template.doc_prefix:
        text = text.replace(f"{template.doc_prefix}政", f"{_short(place.name)[0]}政")
    return f"{MARK}本文件由 greentrack bench/synthetic.py 生成（编号 {number}），仅供性能测试，不是真实文件。\n{text}\n"


def corpus_plan(number: int, seed: int, keep: float = 0.85) -> tuple[str, str]:
    """The file name and text of synthetic plan `number` of the corpus `seed` (independent of every other plan)."""
    rng = random.Random(f"{seed}:{number}")
    pool = _pools()
    level = rng.choices(list(LEVEL_WEIGHTS), list(LEVEL_WEIGHTS.values()))[0]
    template = rng.choice([t for t in pool.templates if t.level == level] or pool.templates)
    place = rng.choice(pool.places[template.level])
    return f"synthetic_{seed}_{number:06d}_{place.code}.txt", plan_text(template, place, rng, number, keep)


@dataclass(frozen=True)
class _Pool:
    templates: list[Template]
    places: dict[str, list[Place]]


_POOL: list[_Pool] = []


def _pools() -> _Pool:
    if not _POOL:
        _POOL.append(_Pool(templates(), places()))
    return _POOL[0]


def write_corpus(folder: Path, count: int, seed: int = 7, keep: float = 0.85) -> Iterator[Path]:
    """Write `count` synthetic plans into `folder` (created), yielding each path as it is written."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        name, text = corpus_plan(number, seed, keep)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        yield path


def big_plan(path: Path, megabytes: float, seed: int = 7) -> Path:
    """One very long synthetic plan (many generated plans' bodies under one heading), about `megabytes` MB."""
    limit = int(megabytes * 1_000_000)
    with path.open("w", encoding="utf-8") as out:
        out.write(f"{MARK}本文件由 greentrack bench/synthetic.py 生成，仅供性能测试（内存），不是真实文件。\n")
        written, number = 0, 0
        while written < limit:
            text = corpus_plan(number, seed)[1]
            body = text.split("\n", 1)[1]
            out.write(body)
            written += len(body.encode("utf-8"))
            number += 1
    return path


# ---------------------------------------------------------------- the national ledger

TARGETS_PER_DOCUMENT = 30
PERIODS = tuple(range(2016, 2026))  # ten year-end observations per indicator and place
KINDS = (("level", 60), ("change", 15), ("cumulative", 10), ("standard", 15))
DEPARTMENTS_PER_PLACE = 8


@dataclass(frozen=True)
class Shape:
    """A seed target's sentence with its indicator and number cut out, to be filled again."""

    before: str
    middle: str
    after: str


def shapes() -> list[Shape]:
    """The seed plans' own target sentences as shapes: `before` + indicator + `middle` + number + `after`."""
    from greentrack.pipeline.steps import extract_plan
    from greentrack.services.documents import sample_paths

    found = []
    for path in sample_paths():
        for target in extract_plan(path).targets:
            written = f"{target.value:g}"
            head, named, rest = target.quote.partition(target.indicator)
            middle, hit, after = rest.partition(written)
            if named and hit and len(middle) < 30:
                found.append(Shape(head, middle, after))
    return found


def plan_titles() -> list[str]:
    """The seeds' titles without their place (推动城乡建设绿色发展实施方案 …), each once."""
    from greentrack.pipeline.steps import read_plan
    from greentrack.resolve import jurisdiction_of
    from greentrack.services.documents import sample_paths

    titles = []
    for path in sample_paths():
        metadata = read_plan(path).outline.metadata
        place = jurisdiction_of(metadata)
        title = metadata.title or ""
        if place is not None:
            title = title.replace(place.name, "").replace(_short(place.name), "")
        titles.append(title)
    return list(dict.fromkeys(t for t in titles if t))


class LedgerWriter:
    """A synthetic national ledger written table by table, in chunks, through SQLAlchemy Core.

    Ids are given explicitly (the ledger must be empty), so no row has to be read back. Rows are
    built per document and flushed every CHUNK rows, so memory stays flat however many are asked for.
    The rows go in as a restore would: no audit entries, since nothing here is a person's change.
    """

    CHUNK = 20_000

    def __init__(self, connection: Any, seed: int = 7, targets: int = 300_000) -> None:
        from greentrack.resolve import load_catalog

        self.connection, self.rng = connection, random.Random(seed)
        self.targets = targets
        self.catalog = [ind for ind in load_catalog() if ind.unit]
        self.shapes, self.titles = shapes(), plan_titles()
        text = (resources.files("greentrack.resolve") / "data" / "departments.csv").read_text(encoding="utf-8")
        self.department_names = [(r["id"], r["full_name"]) for r in csv.DictReader(io.StringIO(text))
                                 if r["kind"] == "government"][:DEPARTMENTS_PER_PLACE]
        self.counts: dict[str, int] = {}
        self.pending: dict[Any, list[dict[str, Any]]] = {}

    def write(self) -> dict[str, int]:
        """Write every table; returns the number of rows per table."""
        from greentrack.ledger.schema import DepartmentRow, JurisdictionRow

        rows = sorted(_jurisdiction_rows(), key=lambda r: ("province", "prefecture", "county").index(r["level"]))
        for row in rows:
            self._add(JurisdictionRow, {"code": row["code"], "name": row["name"], "level": row["level"],
                                        "parent_code": row["parent"] or None})
        self._flush()
        slots = [r for r in rows for _ in range(3 if r["level"] == "county" else 4)]
        self.rng.shuffle(slots)
        documents = max(1, -(-self.targets // TARGETS_PER_DOCUMENT))
        homes = [slots[i % len(slots)] for i in range(documents)]
        departments: dict[str, list[tuple[int, str]]] = {}
        for row in sorted({h["code"]: h for h in homes}.values(), key=lambda r: r["code"]):
            ids = []
            for registry, full in self.department_names:
                number = self.counts.get("departments", 0) + len(self.pending.get(DepartmentRow, [])) + 1
                self._add(DepartmentRow, {"id": number, "name": row["name"] + full, "registry_id": registry,
                                          "jurisdiction_code": row["code"]})
                ids.append((number, row["name"][:1] + full))  # as a plan writes it: 县住建局 style is enough
            departments[row["code"]] = ids
        self._flush()
        seen: dict[str, int] = {}
        indicators: dict[str, list[Any]] = {}
        left = self.targets
        for number, home in enumerate(homes, start=1):
            count = min(TARGETS_PER_DOCUMENT, left)
            left -= count
            order = seen[home["code"]] = seen.get(home["code"], -1) + 1
            pool = indicators.setdefault(home["code"], [])
            if len(pool) < count:
                fresh = self.catalog[:]
                self.rng.shuffle(fresh)
                pool.extend(fresh)
            chosen, indicators[home["code"]] = pool[:count], pool[count:]
            self._document(number, home, order, chosen, departments[home["code"]])
        self._flush()
        return self.counts

    def _document(self, number: int, home: dict[str, str], order: int, chosen: list[Any],
                  departments: list[tuple[int, str]]) -> None:
        from greentrack.ledger.repository.documents import series_key
        from greentrack.ledger.schema import DocumentRow

        title = home["name"] + self.titles[order % len(self.titles)]
        if order >= len(self.titles):
            title += f"（{order // len(self.titles) + 1}）"
        name = f"synthetic_{number:06d}_{home['code']}.txt"
        lines = [f"{MARK}本台账由 greentrack bench/synthetic.py 生成，仅供性能测试，不是真实数据。", title]
        offset = sum(len(line) + 1 for line in lines)
        targets = []
        for indicator in chosen:
            target = self._target(number, name, home, indicator, offset, departments)
            targets.append(target)
            lines.append(target["quote"])
            offset += len(target["quote"]) + 1
        text = "\n".join(lines)
        self._add(DocumentRow, {
            "id": number, "name": name, "path": f"synthetic/{name}",
            "content_hash": hashlib.sha256(text.encode("utf-8")).hexdigest(), "title": title,
            "doc_number": None, "issuer": f"{home['name']}人民政府办公室",
            "issue_date": f"{self.rng.choice((2021, 2022, 2023))}-06-30",
            "level": {"prefecture": "city"}.get(home["level"], home["level"]), "jurisdiction_code": home["code"],
            "series": series_key(title, name, home["code"]), "version": 1, "previous_id": None, "text": text,
            "ingested_at": dt.datetime(2025, 1, 1)})
        for target in targets:
            self._add_target(target, home, departments)

    def _target(self, number: int, name: str, home: dict[str, str], indicator: Any, offset: int,
                departments: list[tuple[int, str]]) -> dict[str, Any]:
        rng = self.rng
        kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
        lower = indicator.direction == "lower_better"
        year = rng.choice((2025, 2025, 2025, 2024, 2026, 2027, 2030))
        unit, baseline = indicator.unit, _level(indicator.unit, rng)
        value = _towards(baseline, lower, rng, unit)
        reference_year = None
        if kind == "change":
            unit, value, reference_year = "%", round(rng.uniform(3, 20), 1) * (-1 if lower else 1), 2020
        elif kind == "cumulative":
            value = round(baseline * rng.uniform(0.5, 3.0), 1)
        shape = rng.choice(self.shapes)
        written = f"{value:g}"
        quote = f"{shape.before}{indicator.zh}{shape.middle}{written}{shape.after}"
        quote = YEAR.sub(str(year), quote, count=1)
        responsible = rng.sample(departments, rng.randint(1, 2))
        return {
            "id": None, "key": f"{name}:{offset}-{offset + len(quote)}:{number:x}", "indicator": indicator.zh,
            "comparator": "<=" if lower and kind != "cumulative" else ">=", "value": value, "unit": unit,
            "year": year, "deadline": f"{year}-12-31" if rng.random() < 0.2 else None, "kind": kind,
            "reference_year": reference_year,
            "baseline_value": baseline if kind in ("level", "standard") and rng.random() < 0.6 else None,
            "baseline_year": 2020, "scope": None, "aspirational": rng.random() < 0.2,
            "binding": rng.choice((None, None, "约束性", "预期性")),
            "departments": [w for _, w in responsible], "lead_departments": [responsible[0][1]],
            "section": [], "quote": quote, "start": offset, "end": offset + len(quote),
            "indicator_id": indicator.id, "resolution_score": 1.0, "resolution_how": "exact",
            "canonical_value": value, "canonical_unit": indicator.unit if kind != "change" else "%",
            "unit_problem": None, "_responsible": responsible, "_baseline": baseline, "_canonical": indicator.unit}

    def _add_target(self, target: dict[str, Any], home: dict[str, str], departments: list[tuple[int, str]]) -> None:
        from greentrack.ledger.schema import ObservationRow, ResponsibilityRow, TargetRow

        target_id = self.counts.get("targets", 0) + len(self.pending.get(TargetRow, [])) + 1
        responsible, baseline = target.pop("_responsible"), target.pop("_baseline")
        canonical = target.pop("_canonical")
        target["id"], target["jurisdiction_code"] = target_id, home["code"]
        target["document_id"] = self._document_id
        # every target of an indicator in a place reads one series (a person's choice: docs/ledger.md "Series")
        target["series_key"] = f"indicator:{home['code']}:{target['indicator_id']}"
        self._add(TargetRow, target)
        for index, (department_id, written) in enumerate(responsible):
            self._add(ResponsibilityRow, {"department_id": department_id, "target_id": target_id, "task_id": None,
                                          "written": written, "lead": index == 0})
        rng = self.rng
        pace = rng.choice((1.2, 1.0, 0.8, 0.5, 0.1, -0.3))  # some on track, some lagging, some going backwards
        step = (target["value"] - baseline) / 5 * pace if target["kind"] == "level" else baseline * 0.04 * pace
        for period in PERIODS:
            value = baseline + step * (period - 2020) + rng.gauss(0, abs(step) * 0.3 + 0.01)
            if target["kind"] == "cumulative":
                value = abs(rng.gauss(target["value"] / 6, target["value"] / 20))
            value = round(max(value, 0.0), 3)
            self._add(ObservationRow, {
                "scope_key": f"indicator:{home['code']}:{target['indicator_id']}", "jurisdiction_code": home["code"],
                "indicator_id": target["indicator_id"], "target_id": None, "period": str(period),
                "period_end": date(period, 12, 31), "value": value, "unit": canonical, "value_written": value,
                "unit_written": canonical, "source": SOURCE, "reporter": "", "note": "合成数据，仅供性能测试",
                "illustrative": True, "recorded_at": dt.datetime(2025, 1, 1)})

    _document_id = 0

    def _add(self, table: Any, row: dict[str, Any]) -> None:
        if table.__tablename__ == "documents":
            self._document_id = row["id"]
        rows = self.pending.setdefault(table, [])
        rows.append(row)
        if len(rows) >= self.CHUNK:
            self._flush()

    def _flush(self) -> None:
        from sqlalchemy import insert

        from greentrack.ledger import repository

        for table in repository.audit.TABLES:  # parents before children, as the foreign keys want
            rows = self.pending.pop(table, [])
            if rows:
                self.connection.execute(insert(table), rows)
                self.counts[table.__tablename__] = self.counts.get(table.__tablename__, 0) + len(rows)


def _level(unit: str, rng: random.Random) -> float:
    """A plausible starting level: a share for %, else an amount."""
    return round(rng.uniform(15.0, 80.0), 1) if unit == "%" else round(rng.uniform(5.0, 400.0), 2)


def _towards(baseline: float, lower: bool, rng: random.Random, unit: str) -> float:
    """A target level a plan would set from `baseline`: better by 5–40 %, a share capped below 100."""
    change = rng.uniform(0.05, 0.4) * baseline
    value = baseline - change if lower else baseline + change
    return round(min(value, 99.5) if unit == "%" else value, 1)


def write_ledger(url_or_path: str, targets: int = 300_000, seed: int = 7) -> dict[str, int]:
    """A synthetic national ledger in an empty database (a SQLite path or a URL): rows per table."""
    from sqlalchemy import func, select, text

    from greentrack.ledger.db import open_ledger
    from greentrack.ledger.schema import DocumentRow

    ledger = open_ledger(url=url_or_path) if "://" in url_or_path else open_ledger(db=url_or_path)
    try:
        with ledger.engine.begin() as connection:
            if connection.scalar(select(func.count()).select_from(DocumentRow)):
                raise SystemExit(f"{ledger.url} already holds documents — give an empty database")
            counts = LedgerWriter(connection, seed, targets).write()
        with ledger.engine.begin() as connection:
            connection.execute(text("ANALYZE"))  # planner statistics, as a maintained server would have
        return counts
    finally:
        ledger.close()


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: `corpus FOLDER` or `ledger DB`."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    corpus = commands.add_parser("corpus", help="write synthetic plan files")
    corpus.add_argument("folder", type=Path)
    corpus.add_argument("--count", type=int, default=10_000)
    corpus.add_argument("--seed", type=int, default=7)
    ledger = commands.add_parser("ledger", help="write a synthetic national ledger into an empty database")
    ledger.add_argument("database", help="a SQLite file or a database URL")
    ledger.add_argument("--targets", type=int, default=300_000)
    ledger.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    began = time.perf_counter()
    if args.command == "corpus":
        size = sum(p.stat().st_size for p in write_corpus(args.folder, args.count, args.seed))
        print(f"{args.count:,} plans, {size / 1e6:.1f} MB in {args.folder} ({time.perf_counter() - began:.1f} s)")
    else:
        counts = write_ledger(args.database, args.targets, args.seed)
        print(", ".join(f"{n:,} {table}" for table, n in counts.items()), f"({time.perf_counter() - began:.1f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])

