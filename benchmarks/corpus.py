"""A synthetic corpus generator for benchmarks: N briefings of about the Dezhou briefing's size (~7 KB),
each made from the bodies of the real Dezhou briefing and the synthetic test briefings, with the city, the
publication date and every number varied, in traditional or simplified script.

Deterministic for a given seed. Used by benchmarks/loader.py (and later by the corpus benchmark).
Usage: python benchmarks/corpus.py OUT_DIR N [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from datetime import date, timedelta
from pathlib import Path

from dzkg.normalize import to_simplified, to_traditional

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "data" / "briefings" / "dezhou-2025-09-03.txt", *sorted((ROOT / "tests" / "briefings").glob("*.txt"))]
CITIES = [
    "德州",
    "聊城",
    "濱州",
    "濰坊",
    "臨沂",
    "東營",
    "煙臺",
    "菏澤",
    "泰安",
    "日照",
    "棗莊",
    "威海",
    "濟寧",
    "淄博",
]
_NUMBER = re.compile(r"(?<![\d.A-Za-z〔])(\d+(?:\.\d+)?)(?![\d年〕號号])")
_CITY = re.compile("|".join(sorted({*CITIES, *(to_simplified(c) for c in CITIES)}, key=len, reverse=True)))


def vary_numbers(text: str, rng: random.Random) -> str:
    def change(match: re.Match[str]) -> str:
        token = match[1]
        if "." in token:
            digits = len(token.split(".")[1])
            return f"{float(token) * rng.uniform(0.6, 1.4):.{digits}f}"
        value = int(token)
        return str(value if value <= 12 else max(1, round(value * rng.uniform(0.6, 1.4))))

    return _NUMBER.sub(change, text)


def generate(out: Path, count: int, seed: int = 7, *, target_bytes: int = 5800) -> list[Path]:
    rng = random.Random(seed)
    bodies = [p.read_text(encoding="utf-8").split("\n", 2) for p in SOURCES]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(count):
        title, _, body = bodies[i % len(bodies)]
        while len(body.encode("utf-8")) < target_bytes:
            body += "\n" + bodies[rng.randrange(len(bodies))][2]
        city = CITIES[rng.randrange(len(CITIES))]
        published = date(2023, 1, 15) + timedelta(days=rng.randrange(0, 1000))
        text = _CITY.sub(
            city, f"{title}\n來源:{city}市工業和信息化局 日期:{published.isoformat()}\n{vary_numbers(body, rng)}"
        )
        text = to_traditional(text) if rng.random() < 0.5 else to_simplified(text)
        doc_id = f"bench-{i:05d}"
        path = out / f"{doc_id}.txt"
        path.write_text(text, encoding="utf-8")
        meta = {
            "id": doc_id,
            "title": text.split("\n", 1)[0],
            "published": published.isoformat(),
            "publisher": f"{city}市",
            "place": f"{city}市, 山東省",
        }
        path.with_suffix(".meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = generate(args.out, args.count, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} briefings, {size / 1e6:.2f} MB, to {args.out}")


if __name__ == "__main__":
    main()
