"""Score the event coder on gold passages (tests/gold/events_*.jsonl; format in tests/gold/EVENTS.md).

    python -m nlp.evaluate_events [--gold FILE ...] [--model ""] [--errors]

Gold and predicted events of a passage are aligned main event to main event, then the rest greedily by
agreement (type, province, actors, appointee). Printed: event detection P/R/F1 and empty-passage
specificity; over aligned pairs, type and sub-type accuracy (micro and macro over gold sub-types),
actor F1 (name and side), province, district, date, fatalities and injured exact, claimed_by and the
historical flag; and the same for main events only (the figure that compares with one-event notes).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# the gold sets live in the source tree's tests/gold (run from the checkout); an installed copy has none
GOLD_DIR = Path(__file__).resolve().parent.parent / "tests" / "gold"
if not GOLD_DIR.is_dir():
    GOLD_DIR = Path.cwd() / "tests" / "gold"
DEFAULT_GOLD = ("events_dev.jsonl", "events_blind.jsonl", "events_blind2.jsonl")


@dataclass
class Scores:
    """Counts behind every printed figure."""

    gold: int = 0
    pred: int = 0
    matched: int = 0
    negatives: int = 0
    negatives_clean: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    per_subtype: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    main_per_subtype: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    actors: list[int] = field(default_factory=lambda: [0, 0, 0])  # tp, pred, gold
    main_actors: list[int] = field(default_factory=lambda: [0, 0, 0])
    errors: list[str] = field(default_factory=list)

    def add(self, name: str, ok: bool) -> None:
        self.fields[name][0] += int(ok)
        self.fields[name][1] += 1

    def rate(self, name: str) -> float | None:
        ok, n = self.fields.get(name, [0, 0])
        return ok / n if n else None

    def detection(self) -> tuple[float, float, float]:
        p = self.matched / self.pred if self.pred else 1.0
        r = self.matched / self.gold if self.gold else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @staticmethod
    def _macro(table: dict[str, list[int]]) -> float | None:
        rates = [ok / n for ok, n in table.values() if n]
        return sum(rates) / len(rates) if rates else None

    def macro(self) -> float | None:
        return self._macro(self.per_subtype)

    def main_macro(self) -> float | None:
        return self._macro(self.main_per_subtype)

    @staticmethod
    def _f1(t: list[int]) -> float:
        tp, npred, ngold = t
        p = tp / npred if npred else 1.0
        r = tp / ngold if ngold else 1.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def actor_f1(self) -> float:
        return self._f1(self.actors)

    def main_actor_f1(self) -> float:
        return self._f1(self.main_actors)


def _actor_set(event: dict[str, Any]) -> set[tuple[str, int]]:
    return {(a["name"], int(a["side"])) for a in event.get("actors") or []}


def _similarity(g: dict[str, Any], p: dict[str, Any]) -> int:
    score = 2 * (g["sub_event_type"] == p["sub_event_type"]) + (g["event_type"] == p["event_type"])
    score += (g.get("province") is not None and g.get("province") == p.get("province"))
    score += bool(_actor_set(g) & _actor_set(p))
    score += 2 * (g.get("appointee") is not None and g.get("appointee") == p.get("appointee"))
    return score


def align(gold: Sequence[dict[str, Any]], pred: Sequence[dict[str, Any]]) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs: main with main, then the best remaining agreements."""
    pairs: list[tuple[int, int]] = []
    if not gold or not pred:
        return pairs
    pairs.append((0, 0))
    used_g, used_p = {0}, {0}
    options = sorted(((_similarity(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)
                      if gi not in used_g and pi not in used_p), reverse=True)
    for score, gi, pi in options:
        if score < 2 or gi in used_g or pi in used_p:
            continue
        pairs.append((gi, pi))
        used_g.add(gi)
        used_p.add(pi)
    return pairs


def score_passage(s: Scores, rid: str, gold: list[dict[str, Any]], pred: list[dict[str, Any]], text: str) -> None:
    """Add one passage's agreement to the running scores."""
    s.gold += len(gold)
    s.pred += len(pred)
    if not gold:
        s.negatives += 1
        s.negatives_clean += not pred
        if pred:
            s.errors.append(f"{rid}: false event {pred[0]['sub_event_type']} <- {pred[0]['sentence'][:120]!r}")
        return
    pairs = align(gold, pred)
    s.matched += len(pairs)
    if not pred:
        s.errors.append(f"{rid}: missed {gold[0]['sub_event_type']} <- {text[:120]!r}")
        s.main_per_subtype[gold[0]["sub_event_type"]][1] += 1
        s.add("main event_type", False)
        s.add("main sub_event_type", False)
        s.main_actors[2] += len(_actor_set(gold[0]))
        return
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        main = gi == 0 and pi == 0
        for prefix in ("", "main ") if main else ("",):
            s.add(prefix + "event_type", g["event_type"] == p["event_type"])
            s.add(prefix + "sub_event_type", g["sub_event_type"] == p["sub_event_type"])
        table = s.per_subtype[g["sub_event_type"]]
        table[0] += g["sub_event_type"] == p["sub_event_type"]
        table[1] += 1
        if main:
            mt = s.main_per_subtype[g["sub_event_type"]]
            mt[0] += g["sub_event_type"] == p["sub_event_type"]
            mt[1] += 1
        ga, pa = _actor_set(g), _actor_set(p)
        for bucket in (s.actors, s.main_actors) if main else (s.actors,):
            bucket[0] += len(ga & pa)
            bucket[1] += len(pa)
            bucket[2] += len(ga)
        checks = {
            "province": (g.get("province"), p.get("province")),
            "district": (g.get("district"), p.get("district")),
            "date": (g.get("date"), p.get("date")),
            "fatalities": (g.get("fatalities"), p.get("fatalities")),
            "injured": (g.get("injured"), p.get("injured")),
            "claimed_by": (g.get("claimed_by"), p.get("claimed_by")),
            "historical": (bool(g.get("historical")), bool(p.get("historical"))),
        }
        if g["sub_event_type"] in ("Appointment", "Dismissal"):
            checks["appointee"] = (g.get("appointee"), p.get("appointee"))
        for name, (gv, pv) in checks.items():
            same = gv == pv or name == "appointee" and _same_person(gv, pv)
            s.add(name, same)
            if main:
                s.add("main " + name, same)
            if not same and name in ("province", "fatalities", "date", "appointee"):
                s.errors.append(f"{rid}: {name} gold={gv!r} pred={pv!r}")
        if g["sub_event_type"] != p["sub_event_type"]:
            s.errors.append(f"{rid}: subtype gold={g['sub_event_type']!r} pred={p['sub_event_type']!r} "
                            f"<- {p['sentence'][:100]!r}")
        if ga != pa:
            s.errors.append(f"{rid}: actors gold={sorted(ga)} pred={sorted(pa)}")
    if len(pred) > len(pairs):
        s.errors.append(f"{rid}: {len(pred) - len(pairs)} extra predicted event(s)")
    if len(gold) > len(pairs):
        s.errors.append(f"{rid}: {len(gold) - len(pairs)} missed gold event(s)")


def _same_person(a: object, b: object) -> bool:
    """One person under two transliterations ("Neda"/"Nida Mohammad Nadim"): the same name skeleton."""
    from nlp.gazetteer import name_skeleton

    return isinstance(a, str) and isinstance(b, str) and len(a.split()) > 1 and name_skeleton(a) == name_skeleton(b)


def load_gold(path: Path) -> list[dict[str, Any]]:
    """The passages of one gold file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(tagger: Any, passages: Iterable[dict[str, Any]]) -> Scores:
    """Code every passage and score it against its gold events."""
    s = Scores()
    items = list(passages)
    analyses = tagger.analyse_many((p["text"], p.get("published")) for p in items)
    for p, analysis in zip(items, analyses):
        pred = [e.as_dict() for e in analysis.events]
        score_passage(s, p["id"], p["events"], pred, p["text"])
    return s


def summary(s: Scores) -> dict[str, float | None]:
    """The headline figures as a dict (what the tests pin floors on)."""
    p, r, f = s.detection()
    out: dict[str, float | None] = {
        "detection_p": p, "detection_r": r, "detection_f1": f,
        "negatives_clean": s.negatives_clean / s.negatives if s.negatives else None,
        "event_type": s.rate("event_type"), "sub_event_type": s.rate("sub_event_type"),
        "sub_event_type_macro": s.macro(), "actors_f1": s.actor_f1(),
    }
    for name in ("province", "district", "date", "fatalities", "injured", "claimed_by", "historical", "appointee"):
        out[name] = s.rate(name)
    for name in ("event_type", "sub_event_type", "province", "fatalities", "date"):
        out["main_" + name] = s.rate("main " + name)
    out["main_sub_event_type_macro"] = s.main_macro()
    out["main_actors_f1"] = s.main_actor_f1()
    return out


def _fmt(v: float | None) -> str:
    return "  -  " if v is None else f"{v:.3f}"


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", nargs="*", help="gold files (default: the event sets in tests/gold)")
    parser.add_argument("--model", default=None, help='spaCy model name; "" for rules only')
    parser.add_argument("--errors", action="store_true", help="print every disagreement")
    args = parser.parse_args(argv)
    from nlp.tagger import build_tagger
    from pipeline.settings import NlpSettings

    settings = NlpSettings() if args.model is None else NlpSettings(model=args.model)
    tagger = build_tagger(settings)
    files = [Path(g) for g in args.gold] if args.gold else [GOLD_DIR / g for g in DEFAULT_GOLD]
    for path in files:
        if not path.exists():
            print(f"{path}: not found", file=sys.stderr)
            continue
        s = evaluate(tagger, load_gold(path))
        print(f"\n{path.name} ({tagger.mode} mode): {s.gold} gold events, {s.pred} predicted, "
              f"{s.negatives} empty passages")
        for key, value in summary(s).items():
            print(f"  {key:28s} {_fmt(value)}")
        if args.errors:
            for line in s.errors:
                print("   ", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
