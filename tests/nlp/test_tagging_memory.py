"""Tagging frees what it builds per text as soon as the text is done: no reference cycles left behind.

A cycle per doc (a cache object pointing back at the resolver that holds it) keeps every doc, its tokens and
its caches alive until the cyclic garbage collector runs, and makes that collector run often and long. These
tests count what only the collector could free after tagging real passages; they say nothing about time.
"""

from __future__ import annotations

import gc
from collections import Counter

import pytest

from nlp.components import SENTENCE_ENDS, SentenceSplitter, sentence_starts

PASSAGES = [
    ("Taliban fighters attacked a checkpoint in Khan Abad district of Kunduz province on Tuesday, killing three "
     "soldiers. The group's spokesman, Zabihullah Mujahid, said the attack was revenge."),
    ("Mawlawi Abdul Rahim, the Taliban's shadow governor for Helmand, was appointed governor of Kandahar. He "
     "replaces Mullah Shirin. “We welcome him,” a resident of Lashkar Gah said."),
    ("The National Resistance Front said its forces ambushed a Taliban convoy in the Panjshir valley!! Two "
     "commanders were killed... Ahmad Massoud's deputy confirmed it."),
    "A conference on water rights opened in Geneva; delegates from Peru and Chile attended.",
    "",
]


def _cyclic_garbage(run) -> Counter[str]:
    """Types of the objects that only the cyclic collector frees after `run()`."""
    run()  # warm caches: anything built once per tagger is not garbage
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        run()
        gc.collect()
        return Counter(type(o).__name__ for o in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if enabled:
            gc.enable()


def test_rules_tagging_leaves_no_cycles(rules_tagger):
    garbage = _cyclic_garbage(lambda: list(rules_tagger.tag_many(PASSAGES * 20)))
    assert not garbage, f"tagging left reference cycles: {garbage.most_common(8)}"


def test_analysis_leaves_no_cycles(rules_tagger):
    garbage = _cyclic_garbage(lambda: list(rules_tagger.analyse_many((p, None) for p in PASSAGES * 20)))
    assert not garbage, f"mentions and events left reference cycles: {garbage.most_common(8)}"


def test_model_tagging_frees_its_docs(model_tagger):
    # the model's own batches may leave a few objects of spaCy's; the docs and our caches must not be among them
    garbage = _cyclic_garbage(lambda: list(model_tagger.tag_many(PASSAGES * 20)))
    kept = {name: n for name, n in garbage.items() if name in ("Doc", "Resolver", "Found", "_Sent", "Mention")}
    assert not kept, f"docs or resolver caches left in reference cycles: {kept}"


@pytest.mark.parametrize("text", [*PASSAGES, "End.\" Next?! “Quoted.” (Aside.) . . . last", "?!", "one . two"])
def test_sentence_splitter_is_spacy_sentencizer(rules_tagger, text):
    # the array splitter must give the stock sentencizer's sentence starts, token for token
    from spacy.pipeline import Sentencizer

    nlp = rules_tagger.nlp
    ours = SentenceSplitter(nlp)(nlp.make_doc(text))
    stock = Sentencizer()(nlp.make_doc(text))
    assert [t.is_sent_start for t in ours] == [t.is_sent_start for t in stock]
    # the English rules apply the same rule to the token texts (their docs carry no SENT_START)
    doc = nlp.make_doc(text)
    starts = sentence_starts([t.text for t in doc], [int(t.is_punct) for t in doc], SENTENCE_ENDS)
    assert starts == [t.i for t in stock if t.is_sent_start or t.i == 0]
