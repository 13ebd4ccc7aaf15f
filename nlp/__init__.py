"""Entity tagging: provinces, districts and places, armed groups and commanders.

Public API (everything else is private):

    from nlp.tagger import build_tagger, Tagger     # build_tagger(NlpSettings) -> Tagger
    tagger.mode / tagger.versions                   # "model" | "rules"; versions of spaCy, model, tagger, data
    tagger.tag(text) -> list[Mention]               # pipeline.records.Mention
    tagger.tag_many(texts) -> Iterator[list[Mention]]
    from nlp.gazetteer import entity_records        # -> Iterator[EntityRecord] for seeding the entities table
    from nlp.cli_support import tag_jsonl           # JSON lines in, {"id", "entities": [...]} out

Quality: `python -m nlp.evaluate` (gold passages and UCDP headlines); speed: `bench/bench_tagger.py`.
"""
