"""Event coding: who did what to whom, where, when, with how many killed, and who was appointed where.

`EventCoder(gazetteer).events(doc, mentions, published, sentences=...)` turns a tagged doc into `Event` records
(pipeline.records). Modules: `lexicon` (trigger patterns by ACLED sub-type, from nlp/data), `actors`
(candidates and sides), `appointments` (appointee and post), `numbers` and `casualties` (figures),
`dates` (relative dates against the publication date), `cues` (hypothetical, aggregate, background and
anchoring cues: is this a report of one event?), `coder` (the sentence-by-sentence assembly and merging).
"""

from nlp.events.coder import EventCoder

__all__ = ["EventCoder"]
