"""A deterministic synthetic corpus: N entries with Dutch text of realistic length and
the cross-link density of the real content. The same seed always gives the same files."""

from __future__ import annotations

import random
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
STATUSES = ["lopend", "in-voorbereiding", "gestopt", "afgeblazen", "overwogen"]
DOMAINS = ["woningvoorraad", "woningtoewijzing", "huur-en-contracten", "samenwerking-en-zorg"]
GROUPS = ["kwetsbare-huishoudens", "dak-en-thuislozen", "statushouders", "lage-inkomens", "middeninkomens", "ouderen"]
OUTCOMES = ["leefbaarheid", "veiligheid-en-overlast", "woonbehoud", "doorstroming", "menging-en-segregatie"]
SHARE = {"instrument": 0.10, "city": 0.04, "practice": 0.46, "barrier": 0.08, "organisation": 0.27, "source": 0.05}


def _vocabulary() -> list[str]:
    """Real Dutch words from the knowledge base itself, so analysis and stemming behave as in production."""
    words = set()
    for f in sorted((ROOT / "content").rglob("*.yaml")):
        for w in re.findall(r"[a-zà-ÿ]{4,14}", f.read_text(encoding="utf-8").lower()):
            words.add(w)
    return sorted(words)


class Writer:
    def __init__(self, seed: int = 31):
        self.rnd = random.Random(seed)
        self.words = _vocabulary()

    def sentence(self, n: int | None = None) -> str:
        n = n or self.rnd.randint(8, 18)
        text = " ".join(self.rnd.choices(self.words, k=n))
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def markdown(self, paragraphs: int, sentences: int = 4) -> str:
        return "\n\n".join(self.paragraph(sentences) for _ in range(paragraphs)) + "\n"

    def name(self, words: int = 2) -> str:
        return " ".join(self.rnd.choice(self.words) for _ in range(words)).capitalize()


def counts(n: int) -> dict[str, int]:
    out = {k: max(2, round(n * v)) for k, v in SHARE.items()}
    out["practice"] += n - sum(out.values())
    return out


def write(target: Path, n: int, seed: int = 31) -> dict[str, int]:
    """Write a corpus of about n entries into target/content; returns the counts per type."""
    w = Writer(seed)
    rnd = w.rnd
    c = counts(n)
    content = target / "content"

    def dump(rel: str, data: dict) -> None:
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        # libyaml's emitter (C): the pure-Python one spent 40 s on 10,000 files
        path.write_text(
            yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8"
        )

    sources = [f"bron-{i:05d}" for i in range(c["source"])]
    cities = [f"stad-{i:05d}" for i in range(c["city"])]
    instruments = [f"instrument-{i:05d}" for i in range(c["instrument"])]
    barriers = [f"belemmering-{i:05d}" for i in range(c["barrier"])]
    orgs = [f"organisatie-{i:05d}" for i in range(c["organisation"])]

    def cite():
        return [{"source": rnd.choice(sources), "section": f"§{rnd.randint(1, 8)}.{rnd.randint(1, 5)}"}]

    for s in sources:
        dump(
            f"sources/{s}.yaml",
            {
                "title": w.sentence(6),
                "author": w.name(2),
                "year": rnd.randint(2000, 2025),
                "kind": "rapport",
                "cite_by_section": True,
            },
        )
    studies = [f"onderzoek-{i:05d}" for i in range(max(1, len(sources)))]
    for st in studies:  # broad studies (no instruments named), like the report's interviews
        dump(
            f"studies/{st}.yaml",
            {"name": f"{w.name(3)} {st[-5:]}", "design": "praktijkervaring", "summary": w.sentence(14), "sources": cite()},
        )
    for o in orgs:
        dump(
            f"organisations/{o}.yaml",
            {
                "name": f"{w.name(2)} {o[-5:]}",
                "type": rnd.choice(["gemeente", "woningcorporatie", "zorgorganisatie"]),
                "cities": rnd.sample(cities, 1),
                "summary": w.sentence(14),
                "sources": cite(),
            },
        )
    for city in cities:
        dump(
            f"cities/{city}.yaml",
            {
                "name": f"{w.name(1)} {city[-5:]}",
                "province": w.name(1),
                "summary": w.sentence(14),
                "vision": w.markdown(3),
                "perspectives": ["bestrijden"],
                "neighbourhoods": [{"name": w.name(1), "note": w.sentence(8)} for _ in range(3)],
                "organisations": rnd.sample(orgs, 3),
                "sources": cite(),
            },
        )
    for inst in instruments:
        dump(
            f"instruments/{inst}.yaml",
            {
                "name": f"{w.name(2)} {inst[-5:]}",
                "aliases": [w.name(1)],
                "summary": w.sentence(18),
                "domain": rnd.choice(DOMAINS),
                "perspectives": ["beheersbaar-houden"],
                "target_groups": rnd.sample(GROUPS, 2),
                "what": w.markdown(2),
                "aim": w.markdown(1),
                "approach": w.markdown(3),
                "actors": [{"type": "gemeente", "role": w.sentence(8)}, {"type": "woningcorporatie", "role": w.sentence(8)}],
                "legal": {"status": "regulier", "basis": w.markdown(1)},
                "evidence": {
                    "explanation": w.markdown(1),
                    "results": [
                        {
                            "text": w.sentence(),
                            "year": 2018,
                            "outcome": rnd.choice(OUTCOMES),
                            "direction": "positief",
                            "study": rnd.choice(studies),
                            "sources": cite(),
                        }
                    ],
                },
                "success_factors": [w.sentence(10) for _ in range(3)],
                "risks": [w.sentence(10) for _ in range(2)],
                "related": rnd.sample(instruments, 2) if len(instruments) > 3 else [],
                "sources": cite(),
            },
        )
    for b in barriers:
        dump(
            f"barriers/{b}.yaml",
            {
                "name": f"{w.name(2)} {b[-5:]}",
                "summary": w.sentence(14),
                "perspectives": ["bestrijden"],
                "description": w.markdown(3),
                "instruments": rnd.sample(instruments, min(3, len(instruments))),
                "cities": rnd.sample(cities, min(2, len(cities))),
                "what_helped": w.markdown(2),
                "sources": cite(),
            },
        )
    for i in range(c["practice"]):
        city = cities[i % len(cities)]
        dump(
            f"cities/{city}/praktijk-{i:05d}.yaml",
            {
                "name": f"{w.name(3)} {i:05d}",
                "instrument": rnd.choice(instruments),
                "summary": w.sentence(18),
                "location": f"{w.name(1)} {i:05d}",
                "neighbourhoods": [w.name(1)],
                "organisations": [{"organisation": o, "role": w.sentence(6)} for o in rnd.sample(orgs, 2)],
                "status": rnd.choice(STATUSES),
                "period": {"start": rnd.randint(2005, 2020)},
                "description": w.markdown(4),
                "results": [
                    {
                        "text": w.sentence(),
                        "outcome": rnd.choice(OUTCOMES),
                        "direction": "onbekend",
                        "study": rnd.choice(studies),
                        "sources": cite(),
                    }
                ],
                "barriers": rnd.sample(barriers, 2),
                "lessons": [w.sentence(10) for _ in range(2)],
                "sources": cite(),
            },
        )
    return c
