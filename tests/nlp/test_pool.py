"""`nlp.pool.TagPool`: tagging in long-lived forked processes, answers in input order, no wait for ever."""

import os
from datetime import date

import pytest

from nlp.pool import TagPool, TaggingFailed, tagging_processes
from nlp.tagger import build_tagger
from pipeline.settings import NlpSettings

# Written for these tests: each names a different place and group, so a shuffled answer shows.
TEXTS = [
    ("Taliban fighters searched homes in the Khost district of Kunduz province on Tuesday.", date(2025, 3, 4)),
    ("Fighters of the National Resistance Front ambushed a patrol in Andarab, Baghlan, residents said.", None),
    ("Islamic State Khorasan Province claimed a bombing in Jalalabad, the capital of Nangarhar.", None),
    ("Traders in Herat said prices of flour rose again this week.", date(2025, 3, 9)),
    ("Clashes were reported in the Dara district of Panjshir late on Sunday.", date(2025, 3, 10)),
] * 3


@pytest.fixture(scope="module")
def tagger():
    return build_tagger(NlpSettings(model="", batch_size=2))


def test_a_pool_of_two_answers_every_batch_like_the_calling_process(tagger):
    inline = [a.mentions for a in TagPool(tagger, 1).stream(TEXTS, 2)]
    with TagPool(tagger, 2) as pool:
        assert pool.processes == 2
        forked = [a.mentions for a in pool.stream(TEXTS, 2)]
        again = pool.submit(TEXTS[:3]).get()  # the same processes serve a later batch
    assert forked == inline and len(forked) == len(TEXTS)
    assert [a.mentions for a in again] == inline[:3]
    assert {m.name for m in inline[2]} >= {"Islamic State Khorasan Province", "Nangarhar"}


def test_mentions_only_streams_texts_and_text_language_pairs(tagger):
    items = [t for t, _ in TEXTS[:5]] + [(TEXTS[0][0], "en")]
    with TagPool(tagger, 2) as pool:
        forked = list(pool.stream(items, 2, events=False))
    assert forked == [tagger.tag(t if isinstance(t, str) else t[0]) for t in items]


def test_a_tagging_process_that_dies_fails_its_batch_instead_of_hanging(tagger, monkeypatch):
    monkeypatch.setattr(tagger, "analyse_batch", lambda items: os._exit(3))  # inherited by the forks
    with TagPool(tagger, 2) as pool:
        pending = pool.submit(TEXTS[:2])
        pending.wait(30)
        assert pending.ready()
        with pytest.raises(TaggingFailed, match="tagging process died"):
            pending.get()


def test_zero_processes_means_one_per_core():
    assert tagging_processes(0) == (os.cpu_count() or 1)
    assert tagging_processes(3) == 3
