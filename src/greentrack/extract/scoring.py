"""Scoring target records against gold records, by the matching rule of shared/spec/targets.md.

A prediction matches a gold record when doc, value (to 1e-6), normalised unit and year agree
and the indicator names are similar (one contains the other, or bigram Dice ≥ 0.5). Pairs are
taken greedily, most similar first; each record is used once. A plan is known by its file name
without extension, and predictions for plans without gold are left out. Reports precision, recall
and F1 overall, per kind and per document, and the agreement of selected fields over matched pairs
— the same figures, and the same printed lines, as shared/tools/score_targets.py.
"""

from __future__ import annotations

import math
import os
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

Record = dict[str, Any]

FIELDS = ("comparator", "kind", "departments", "lead_departments", "baseline_value", "aspirational")
_UNIT_ALIASES = {"％": "%", "百分比": "%", "㎡": "平方米", "m2": "平方米", "km": "公里"}
_DROPPED = set("“”\"'*")


def _norm(value: object) -> str:
    text = unicodedata.normalize("NFKC", str(value or ""))
    return "".join(ch for ch in text if not ch.isspace() and ch not in _DROPPED)


def _unit(value: object) -> str:
    unit = _norm(value).lower()
    return _UNIT_ALIASES.get(unit, unit)


def _bigrams(text: str) -> Counter[str]:
    if len(text) <= 1:
        return Counter([text])
    return Counter(text[i:i + 2] for i in range(len(text) - 1))


def indicator_similarity(a: object, b: object) -> float:
    """1.0 when one name contains the other, else the Dice coefficient of their bigrams."""
    x, y = _norm(a), _norm(b)
    if not x or not y:
        return 0.0
    if x in y or y in x:
        return 1.0
    bx, by = _bigrams(x), _bigrams(y)
    return 2 * sum((bx & by).values()) / (sum(bx.values()) + sum(by.values()))


def _same_number(a: object, b: object) -> bool:
    try:
        x, y = float(a), float(b)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-6)


def _year(record: Record) -> int | None:
    try:
        return int(record["year"]) if record.get("year") is not None else None
    except (TypeError, ValueError):
        return None


def _doc(record: Record) -> str:
    """A plan is known by its file name without extension: its .pdf, .docx and .txt score alike."""
    return os.path.splitext(os.path.basename(str(record.get("doc", ""))))[0]


def _key(record: Record) -> tuple[str, str, int | None]:
    return _doc(record), _unit(record.get("unit")), _year(record)


def match(gold: list[Record], pred: list[Record]) -> list[tuple[int, int]]:
    """(gold index, prediction index) pairs, most similar indicators paired first."""
    by_key: dict[tuple[str, str, int | None], list[int]] = defaultdict(list)
    for gi, g in enumerate(gold):
        by_key[_key(g)].append(gi)
    candidates: list[tuple[float, int, int]] = []
    for pi, p in enumerate(pred):
        for gi in by_key.get(_key(p), []):
            if not _same_number(gold[gi].get("value"), p.get("value")):
                continue
            sim = indicator_similarity(gold[gi].get("indicator"), p.get("indicator"))
            if sim >= 0.5:
                candidates.append((sim, gi, pi))
    # A stable sort on similarity alone keeps ties in prediction order, as the shared scorer does.
    candidates.sort(key=lambda c: -c[0])
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return pairs


def correctness(gold: list[Record], pred: list[Record]) -> list[tuple[Record, bool]]:
    """Each prediction for a plan with gold, and whether it matches a gold record (for reliability)."""
    gold = [{**g, "doc": _doc(g)} for g in gold]
    docs = {g["doc"] for g in gold}
    pred = [{**p, "doc": _doc(p)} for p in pred if _doc(p) in docs]
    matched = {pi for _, pi in match(gold, pred)}
    return [(p, i in matched) for i, p in enumerate(pred)]


def _field_equal(field: str, g: object, p: object) -> bool:
    if field in ("departments", "lead_departments"):
        return sorted(_norm(x) for x in _as_list(g)) == sorted(_norm(x) for x in _as_list(p))
    if field == "baseline_value":
        return (g is None and p is None) or _same_number(g, p)
    if field == "aspirational":
        return bool(g) == bool(p)
    return _norm(g) == _norm(p)


def _as_list(value: object) -> Iterable[object]:
    return value if isinstance(value, (list, tuple)) else []


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(gold: list[Record], pred: list[Record]) -> dict[str, Any]:
    """Precision, recall, F1, per-kind and per-document figures, field agreement, misses."""
    gold = [{**g, "doc": _doc(g)} for g in gold]
    docs = {g["doc"] for g in gold}
    pred = [{**p, "doc": _doc(p)} for p in pred if _doc(p) in docs]
    pairs = match(gold, pred)
    precision, recall, f1 = _prf(len(pairs), len(pred), len(gold))
    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    return {
        "gold": len(gold), "predicted": len(pred), "matched": len(pairs),
        "precision": precision, "recall": recall, "f1": f1,
        "by_kind": _by_kind(gold, pred, matched_gold, matched_pred),
        "by_doc": _by_doc(gold, pred, docs, matched_gold),
        "fields": {f: (sum(_field_equal(f, gold[gi].get(f), pred[pi].get(f)) for gi, pi in pairs) / len(pairs)
                       if pairs else None) for f in FIELDS},
        "misses": [g for i, g in enumerate(gold) if i not in matched_gold],
        "false_positives": [p for i, p in enumerate(pred) if i not in matched_pred],
    }


def _by_kind(gold: list[Record], pred: list[Record], mg: set[int], mp: set[int]) -> dict[str, Any]:
    kinds = sorted({g.get("kind") for g in gold} | {p.get("kind") for p in pred}, key=str)
    result = {}
    for kind in kinds:
        n_gold = sum(1 for g in gold if g.get("kind") == kind)
        n_pred = sum(1 for p in pred if p.get("kind") == kind)
        hit_gold = sum(1 for i in mg if gold[i].get("kind") == kind)
        hit_pred = sum(1 for i in mp if pred[i].get("kind") == kind)
        result[str(kind)] = {"gold": n_gold, "predicted": n_pred,
                             "recall": hit_gold / n_gold if n_gold else None,
                             "precision": hit_pred / n_pred if n_pred else None}
    return result


def _by_doc(gold: list[Record], pred: list[Record], docs: set[str], mg: set[int]) -> dict[str, Any]:
    result = {}
    for doc in sorted(docs):
        n_gold = sum(1 for g in gold if g["doc"] == doc)
        n_pred = sum(1 for p in pred if p["doc"] == doc)
        tp = sum(1 for i in mg if gold[i]["doc"] == doc)
        result[doc] = dict(zip(("precision", "recall", "f1"), _prf(tp, n_pred, n_gold), strict=True))
    return result


def format_report(result: dict[str, Any], misses: bool = False) -> str:
    """The report as the shared scorer prints it; the last line is `F1 <value>`."""
    lines = [f"gold {result['gold']}  predicted {result['predicted']}  matched {result['matched']}",
             f"precision {result['precision']:.3f}  recall {result['recall']:.3f}"]
    for kind, k in result["by_kind"].items():
        rr = "-" if k["recall"] is None else f"{k['recall']:.3f}"
        pp = "-" if k["precision"] is None else f"{k['precision']:.3f}"
        lines.append(f"  kind {kind:<11} gold {k['gold']:>4}  pred {k['predicted']:>4}  recall {rr}  precision {pp}")
    for doc, d in result["by_doc"].items():
        lines.append(f"  {doc:<40} P {d['precision']:.3f}  R {d['recall']:.3f}  F1 {d['f1']:.3f}")
    for field, acc in result["fields"].items():
        lines.append(f"  field {field:<17} {'-' if acc is None else f'{acc:.3f}'}")
    if misses:
        for g in result["misses"]:
            lines.append(f"MISS {g['doc']} {g.get('indicator')} {g.get('value')} {g.get('unit')} {g.get('year')} | "
                         f"{str(g.get('quote', ''))[:60]}")
        for p in result["false_positives"]:
            lines.append(f"EXTRA {p['doc']} {p.get('indicator')} {p.get('value')} {p.get('unit')} {p.get('year')} | "
                         f"{str(p.get('quote', ''))[:60]}")
    lines.append(f"F1 {result['f1']:.3f}")
    return "\n".join(lines)
