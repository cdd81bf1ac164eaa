"""Calibrate the extractor's confidence on hand-labelled plans, in one command.

    python bench/calibrate_confidence.py [--gold DIR --docs DIR ...] [--write]

Extracts the labelled plans (the service behind `greentrack eval`), marks each predicted record
correct when it matches a gold record (the scorer's rule), fits BASE and each doubt's weight
(extract/confidence.fit_weights: the share correct of the records carrying the doubt, relative to
the share correct of records without one, smoothed towards the provisional weight) and prints the
reliability table — confidence bucket → records, share correct — with the current weights and with
the fitted ones. With --write it rewrites BASE and the WEIGHTS numbers in
src/greentrack/extract/confidence.py (comments and codes the corpus never shows stay) and the tables
between the reliability markers of docs/extraction.md.

By default it calibrates on the development corpus (shared/gold-corpus with shared/corpus/txt and /pdf,
the folder beside this repository); pass --gold and --docs (in pairs) for other labelled sets.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from greentrack.extract import confidence
from greentrack.extract.confidence import confidence_of, fit_weights, format_reliability, reliability
from greentrack.services.documents import evaluate_extraction

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CONFIDENCE_PY = REPO / "src" / "greentrack" / "extract" / "confidence.py"
DOCS = REPO / "docs" / "extraction.md"
BEGIN, END = "<!-- reliability:begin -->", "<!-- reliability:end -->"


def labelled_records(pairs: list[tuple[Path, Path]]) -> list[tuple[tuple[str, ...], bool]]:
    """(doubts, correct) of every predicted record of the labelled plans."""
    records: list[tuple[tuple[str, ...], bool]] = []
    for gold, docs in pairs:
        evaluation = evaluate_extraction(gold, [docs])
        for failure in evaluation.failures:
            print(f"could not read {failure.path}: {failure.error}", file=sys.stderr)
        records.extend((tuple(r.get("doubts", ())), ok) for r, ok in evaluation.labelled)
    return records


def table(records: list[tuple[tuple[str, ...], bool]], base: float, weights: dict[str, float]) -> str:
    """The reliability table the records give under `base` and `weights`, and the fitted doubt table."""
    fitted_base, fits = fit_weights(records)
    buckets = reliability((confidence_of(doubts, base, weights), ok) for doubts, ok in records)
    return format_reliability(buckets, fits, fitted_base)


def write_weights(base: float, weights: dict[str, float]) -> None:
    """BASE and the WEIGHTS numbers rewritten in place in confidence.py."""
    source = CONFIDENCE_PY.read_text(encoding="utf-8")
    source = re.sub(r"(?m)^BASE = [0-9.]+$", f"BASE = {base}", source)
    for code, weight in weights.items():
        source = re.sub(rf'(?m)^(    "{re.escape(code)}": )[0-9.]+(,)', rf"\g<1>{weight}\g<2>", source)
    CONFIDENCE_PY.write_text(source, encoding="utf-8")


def write_docs(text: str) -> None:
    """The tables between the reliability markers of docs/extraction.md."""
    doc = DOCS.read_text(encoding="utf-8")
    if BEGIN not in doc or END not in doc:
        raise SystemExit(f"{DOCS} has no {BEGIN} … {END} markers")
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    DOCS.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, action="append", help="a folder of gold *.jsonl (with --docs)")
    parser.add_argument("--docs", type=Path, action="append", help="the folder of those plans")
    parser.add_argument("--write", action="store_true", help="rewrite confidence.py and docs/extraction.md")
    args = parser.parse_args()
    golds = args.gold or [SHARED / "gold-corpus"] * 2
    docs = args.docs or [SHARED / "corpus" / "txt", SHARED / "corpus" / "pdf"]
    if len(golds) != len(docs):
        raise SystemExit("pass --gold and --docs in pairs")
    records = labelled_records(list(zip(golds, docs, strict=True)))
    print(f"{len(records)} predicted records, {sum(ok for _, ok in records)} correct\n")
    print("With the current weights:\n" + table(records, confidence.BASE, confidence.WEIGHTS) + "\n")
    base, fits = fit_weights(records)
    fitted = {**confidence.WEIGHTS, **{f.code: f.weight for f in fits if f.code in confidence.WEIGHTS}}
    unknown = sorted(f.code for f in fits if f.code not in confidence.WEIGHTS)
    after = table(records, base, fitted)
    print("With the fitted weights:\n" + after)
    if unknown:
        print(f"\ndoubts not in WEIGHTS (add them with a comment): {', '.join(unknown)}")
    if args.write:
        write_weights(base, fitted)
        confidence.BASE, confidence.WEIGHTS = base, fitted  # the docs show the weights now in use
        write_docs(table(records, base, fitted))
        print(f"\nwrote {CONFIDENCE_PY.relative_to(REPO)} and {DOCS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
