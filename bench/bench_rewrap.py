"""How extraction holds when the same plans are laid out at another page width, or typed or paged otherwise.

    python bench/bench_rewrap.py [--gold DIR --docs DIR] [--deltas -6 -3 3 6 10]

A plan's text from pdftotext breaks its prose wherever the page's width ran out; unseen plans come at
every width. This re-lays the prose of the labelled text plans (shared/gold-corpus over shared/corpus/txt
by default) at the page width plus each delta, in ems, the way a layout engine does — CJK breaks
anywhere, a run of digits or Latin letters moves to the next line whole, justified lines stay full —
and scores each variant against the same gold (the scorer ignores quotes). Lines that are not wrapped
prose (table cells, captions, headings, page numbers, short last lines) are left as they are.

Three more variants of the same plans: digits and % typed full-width, ，；： typed half-width, and a page
break (number, two empty lines) every 23 lines. The figure to watch is recall on each variant beside recall on
the plans as printed: a rule that leans on where a plan's lines happened to break, or on how it was typed,
loses targets here.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from greentrack.services.documents import evaluate_extraction

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
_UNBREAKABLE = re.compile(r"[0-9A-Za-z.%０-９％‰．]")
# captions, page numbers and contents lines (dotted leaders to a page number) are lines of their own
_KEPT = re.compile(r"^\s*(?:附?表\s*\d|专栏|[-—]\s*\d+\s*[-—]$|\d{1,3}$)|\.{4,}|…{2,}|·{4,}")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]"
                      r"|第[一二三四五六七八九十]+[章节]|\d+[.、．])")
_PARAGRAPH_PAGE = 30.0  # ems a line holds on an A4 page at a common body size
_ENDS = ("。", "；", "：", "！", "？")


def em_width(text: str) -> float:
    """Width on the page in ems: half-width characters take half a CJK one."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def _full_width(lines: list[str], measure: Callable[[str], float] = em_width) -> float:
    """The width most lines have: the page's width in the measure given."""
    widths = [round(measure(line.rstrip())) for line in lines if len(line.strip()) >= 10]
    return float(Counter(widths).most_common(1)[0][0]) if widths else 30.0


def _lay_out(paragraph: str, width: float, indent: float = 0.0) -> list[str]:
    """Break a paragraph into lines of at most `width` ems (the first `indent` narrower), never inside a
    run of digits or letters."""
    lines, start = [], 0
    while start < len(paragraph):
        end, used = start, indent if not lines else 0.0
        while end < len(paragraph) and used + em_width(paragraph[end]) <= width:
            used += em_width(paragraph[end])
            end += 1
        while start + 1 < end < len(paragraph) and _UNBREAKABLE.match(paragraph[end - 1]) \
                and _UNBREAKABLE.match(paragraph[end]):
            end -= 1
        lines.append(paragraph[start:max(end, start + 1)])
        start = max(end, start + 1)
    return lines


def _is_wrapped(lines: list[str]) -> bool:
    """Whether the text's prose is broken at a page width (most long lines as wide as the widest common one),
    not written a paragraph to a line."""
    widths = [round(em_width(line.rstrip())) for line in lines if len(line.strip()) >= 10]
    if not widths:
        return False
    full = Counter(widths).most_common(1)[0][0]
    return sum(1 for w in widths if abs(w - full) <= 2) >= 0.3 * len(widths)


def lay_out_paragraphs(text: str, width: float) -> str:
    """A paragraph-per-line text printed at `width` ems, each paragraph's first line indented two ems."""
    out: list[str] = []
    for line in text.split("\n"):
        body = line.rstrip()
        if em_width(body) <= width or _KEPT.search(body) or (" " in body.strip() and "，" not in body):
            out.append(line)  # short lines, captions and table rows stay as they are
        else:
            out.extend(_lay_out(body.strip(), width, 2.0))
    return "\n".join(out)


def rewrap(text: str, delta: float) -> str:
    """`text` with its wrapped prose laid out again `delta` ems wider (negative: narrower); a text written a
    paragraph to a line is printed at a 30-em page `delta` ems wider."""
    lines = text.split("\n")
    if not _is_wrapped(lines):
        return lay_out_paragraphs(text, _PARAGRAPH_PAGE + delta)
    full = _full_width(lines)
    full_chars = _full_width(lines, len)
    out: list[str] = []
    run: list[str] = []
    indent = 0.0
    for index, line in enumerate(lines):
        body = line.rstrip()
        # a paragraph's first line is two ems short: it is indented; Latin letters and digits may be set
        # wider than half an em, so a line full in characters is full too
        slack = 3.5 if not run else 1.5
        wrapped = (em_width(body) >= full - slack or len(body) >= full_chars - slack) \
            and not body.endswith(_ENDS) and not _KEPT.search(body)
        if wrapped:
            if not run:
                indent = 2.0 if em_width(body) < full - 1.5 else 0.0
            run.append(body)
            continue
        following = next((n for n in lines[index + 1:] if n.strip()), "")
        if run and not body.strip() and not _HEADING.match(following):
            continue  # a page break inside the paragraph: the new layout breaks its pages elsewhere
        if run and 0 < len(body.strip()) <= 6 and not body.endswith(_ENDS) and not _KEPT.search(body) \
                and em_width(following.rstrip()) >= full - 1.5:
            run.append(body.strip())  # a few characters the old layout set on a line of their own mid-paragraph
            continue
        if run and body and not _KEPT.search(body):
            run.append(body)  # the paragraph's last, shorter line
            line = ""
        if run:
            out.extend(_lay_out("".join(run), full + delta, indent))
            run = []
            if not line:
                continue
        out.append(line)
    if run:
        out.extend(_lay_out("".join(run), full + delta, indent))
    return "\n".join(out)


_FULL_WIDTH = str.maketrans({ch: chr(ord(ch) + 0xFEE0) for ch in "0123456789%"})
_HALF_PUNCTUATION = str.maketrans({"，": ",", "；": ";", "：": ":"})


def page_breaks(text: str, every: int = 23) -> str:
    """`text` with a page break after every `every` lines, as pdftotext prints one: the number, two empty lines."""
    lines = text.split("\n")
    out: list[str] = []
    for number, start in enumerate(range(0, len(lines), every), start=1):
        out.extend(lines[start:start + every])
        out.extend([f"-{number}-", "", ""])
    return "\n".join(out)


# Other ways the same plan reaches us: typed with full-width digits, with half-width punctuation, paged elsewhere.
VARIANTS: dict[str, Callable[[str], str]] = {
    "digits and % full-width": lambda text: text.translate(_FULL_WIDTH),
    "， ； ： half-width": lambda text: text.translate(_HALF_PUNCTUATION),
    "a page break every 23 lines": page_breaks,
}


def score_variant(gold: Path, plans: list[Path], folder: Path, transform: Callable[[str], str]) -> dict:
    """The scorer's result on `plans` transformed into the new `folder`."""
    folder.mkdir()
    for plan in plans:
        (folder / plan.name).write_text(transform(plan.read_text(encoding="utf-8")), encoding="utf-8")
    return evaluate_extraction(gold, [folder]).result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=SHARED / "gold-corpus")
    parser.add_argument("--docs", type=Path, default=SHARED / "corpus" / "txt")
    parser.add_argument("--deltas", type=float, nargs="+", default=[-6, -3, 3, 6, 10])
    args = parser.parse_args()
    if not args.gold.is_dir() or not args.docs.is_dir():
        raise SystemExit(f"no labelled plans at {args.gold} and {args.docs}: pass --gold and --docs")
    plans = sorted(args.docs.glob("*.txt"))
    runs: list[tuple[str, Callable[[str], str]]] = [("as printed", lambda text: text)]
    runs += [(f"page {delta:+g} em", lambda text, delta=delta: rewrap(text, delta)) for delta in args.deltas]
    runs += list(VARIANTS.items())
    print(f"{'layout':<30}{'precision':>10}{'recall':>8}{'F1':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for number, (label, transform) in enumerate(runs):
            summary = score_variant(args.gold, plans, Path(folder) / str(number), transform)
            print(f"{label:<30}{summary['precision']:>10.3f}{summary['recall']:>8.3f}{summary['f1']:>8.3f}")


if __name__ == "__main__":
    main()
