"""Speed of tagging Persian (Dari) text against English text of the same content, rules-only mode.

`python bench/bench_persian.py [--repeat N]`: tags the same news-style paragraphs in each language with
`tag_many` and prints characters per second and the Persian/English ratio (issue 15: Persian at least as fast).
"""

from __future__ import annotations

import argparse
import time

from nlp.tagger import build_tagger
from pipeline.settings import NlpSettings

EN = ("KABUL (Pajhwok): Taliban fighters clashed with National Resistance Front forces in Andarab district of "
      "Baghlan province on Sunday. Taliban spokesman Zabihullah Mujahid said 12 soldiers were killed and three "
      "were wounded. A roadside mine exploded in Lashkar Gah city, the capital of Helmand, killing two civilians.")
FA = ("کابل (پژواک): جنگجویان طالبان روز یکشنبه با نیروهای جبهه مقاومت ملی در ولسوالی اندراب ولایت بغلان درگیر "
      "شدند. ذبیح‌الله مجاهد، سخنگوی طالبان، گفت که ۱۲ سرباز کشته و سه تن زخمی شدند. در انفجار یک ماین کنار "
      "جاده در شهر لشکرگاه، مرکز ولایت هلمند، دو غیرنظامی جان باختند.")


def run(texts: list[str], tagger) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for _ in tagger.tag_many(texts):
        pass
    return sum(map(len, texts)) / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=300)
    args = ap.parse_args()
    tagger = build_tagger(NlpSettings(model=""))
    tagger.tag(FA)  # build the Persian pipeline outside the timing
    en = run([EN] * args.repeat, tagger)
    fa = run([FA] * args.repeat, tagger)
    print(f"rules mode: English {en:,.0f} chars/s, Persian {fa:,.0f} chars/s, Persian/English ratio {fa / en:.2f}")


if __name__ == "__main__":
    main()
