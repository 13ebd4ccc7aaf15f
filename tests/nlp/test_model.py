"""Tests that need the statistical model (skipped when it is not installed)."""

def names(mentions, kind=None):
    """Set of (kind, name), or the names of one kind (datelines left out)."""
    if kind:
        return {m.name for m in mentions if m.kind == kind and m.role != "dateline"}
    return {(m.kind, m.name) for m in mentions}



def test_model_mode(model_tagger):
    assert model_tagger.mode == "model"
    assert model_tagger.versions["model"].startswith("en_core_web_sm")
    assert "parser" not in model_tagger.nlp.pipe_names and "ner" in model_tagger.nlp.pipe_names


def test_person_with_group_role_cue_is_commander(model_tagger):
    ms = model_tagger.tag("Qari Salahuddin Ayoubi, a Taliban commander in the northeast, spoke in Taloqan.")
    assert "Salahuddin Ayoubi" in names(ms, "commander")


def test_bare_person_is_not_commander(model_tagger):
    ms = model_tagger.tag("Roza Otunbayeva, the head of the UN mission, met Ashraf Ghani's former aides in Kabul.")
    assert not names(ms, "commander")


def test_unknown_model_name_uses_the_repackaged_model(model_tagger):
    from nlp.tagger import build_tagger
    from pipeline.settings import NlpSettings

    assert build_tagger(NlpSettings(model="no_such_model_xx")).mode == "model"
