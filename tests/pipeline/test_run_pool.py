"""A run that tags in forked processes (`[nlp] n_process`) stores exactly what a one-process run stores."""

import dataclasses
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from fixture_server import lwj_settings
from models.db import open_database
from models.schema import Article, Event, Incident, Mention, Run, UrlState
from pipeline.progress import LogProgress
from pipeline.run import RunStopped, run_job
from pipeline.settings import DatabaseSettings, NlpSettings

SINCE = datetime(2020, 1, 1, tzinfo=UTC)  # the feeds and the listings: every article of the site


def settings_for(site, url, **nlp):
    return dataclasses.replace(lwj_settings(site), database=DatabaseSettings(url=url),
                               nlp=NlpSettings(model="", **nlp))


def stored(url):
    db = open_database(url)
    try:
        with db.sessions() as s:
            return {
                "articles": sorted(s.execute(select(Article.url, Article.title, Article.content_hash)).all()),
                "mentions": sorted(s.execute(
                    select(Article.url, Mention.kind, Mention.start, Mention.end, Mention.text, Mention.role)
                    .join(Article, Article.id == Mention.article_id)).all()),
                "events": sorted(s.execute(
                    select(Article.url, Event.seq, Event.sub_event_type, Event.province, Event.fatalities)
                    .join(Article, Article.id == Event.article_id)).all()),
                "incidents": sorted(s.execute(select(Incident.province, Incident.reports)).all(), key=repr),
                "states": sorted(s.execute(select(UrlState.url, UrlState.status)).all()),
            }
    finally:
        db.dispose()


def test_two_tagging_processes_store_what_one_stores(lwj_site, tmp_path, rules_tagger):
    one_url, two_url = f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'two.db'}"
    one = run_job(settings_for(lwj_site, one_url), since=SINCE, progress=LogProgress(), tagger=rules_tagger)
    # batches of two: several batches in flight at once, stored in the order they came
    two = run_job(settings_for(lwj_site, two_url, n_process=2, batch_size=2), since=SINCE, progress=LogProgress(),
                  tagger=rules_tagger)
    assert one.status == two.status  # "partial": the site's listings link a few pages that answer 404
    assert one.sources[0].counts() == two.sources[0].counts()
    assert one.sources[0].new >= 5 and one.sources[0].mentions > 0 and one.sources[0].events > 0
    assert stored(one_url) == stored(two_url)


def test_a_stop_while_batches_are_tagging_keeps_whole_articles_and_the_next_run_finishes(lwj_site, tmp_path,
                                                                                          rules_tagger):
    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    run_job(settings_for(lwj_site, reference), since=SINCE, progress=LogProgress(), tagger=rules_tagger)
    url = f"sqlite:///{tmp_path / 'stopped.db'}"
    settings = settings_for(lwj_site, url, n_process=2, batch_size=2)
    db = open_database(url)

    def stop_after_three() -> bool:
        with db.sessions() as s:
            return len(s.scalars(select(Article.id)).all()) >= 3

    with pytest.raises(RunStopped):
        run_job(settings, since=SINCE, progress=LogProgress(), tagger=rules_tagger, should_stop=stop_after_three)
    with db.sessions() as s:
        assert s.scalar(select(Run.status)) == "interrupted"
        kept = s.scalars(select(Article)).all()
        assert 3 <= len(kept) < len(stored(reference)["articles"])
        for article in kept:  # whole: tagged, with the URL state written in the same transaction
            assert article.tagged_at is not None
    db.dispose()
    again = run_job(settings, since=SINCE, progress=LogProgress(), tagger=rules_tagger)
    assert again.sources[0].new == len(stored(reference)["articles"]) - len(kept)
    assert stored(url) == stored(reference)


def test_the_pool_gets_its_next_batch_while_the_writer_stores_one(lwj_site, tmp_path, rules_tagger, monkeypatch):
    """The writer alternating with the pool (store a whole batch, then hand over the next) left the tagging
    processes idle for as long as a batch takes to store: batches must be submitted between stored articles."""
    import time

    from nlp.pool import TagPool
    from pipeline.stages import ArticleWriter

    steps: list[str] = []
    submit, store_article = TagPool.submit, ArticleWriter.store_article

    def spy_submit(pool, items, **kw):
        steps.append("submit")
        return submit(pool, items, **kw)

    def spy_store(writer, item, report, analysis=None):
        if "store" not in steps:
            time.sleep(1.0)  # the first article is slow to store: the producer has queued the rest meanwhile
        steps.append("store")
        return store_article(writer, item, report, analysis)

    monkeypatch.setattr(TagPool, "submit", spy_submit)
    monkeypatch.setattr(ArticleWriter, "store_article", spy_store)
    url = f"sqlite:///{tmp_path / 'fed.db'}"
    report = run_job(settings_for(lwj_site, url, n_process=2, batch_size=2), since=SINCE, progress=LogProgress(),
                     tagger=rules_tagger)
    assert report.sources[0].new >= 5
    first_store = steps.index("store")
    # batch 1 (two articles) is being stored: the batches after the first four in flight go out between them
    assert steps[first_store:first_store + 2] == ["store", "submit"]
    assert steps.count("store") == report.sources[0].new


def test_the_writer_never_loads_spacy_when_processes_tag_nor_when_nothing_is_new(lwj_site, tmp_path):
    from nlp.lazy import LazyTagger

    url = f"sqlite:///{tmp_path / 'lazy.db'}"
    forked = LazyTagger(NlpSettings(model=""))
    first = run_job(settings_for(lwj_site, url, n_process=2), progress=LogProgress(), tagger=forked)
    assert first.sources[0].new > 0 and first.sources[0].mentions > 0
    assert not forked.built  # each tagging process built its own
    inline = LazyTagger(NlpSettings(model=""))
    again = run_job(settings_for(lwj_site, url), progress=LogProgress(), tagger=inline)
    assert again.sources[0].new == 0 and not inline.built  # nothing new: nothing loaded
    db = open_database(url)
    with db.sessions() as s:
        runs = s.execute(select(Run.nlp_mode, Run.versions).order_by(Run.id)).all()
    db.dispose()
    assert [mode for mode, _ in runs] == ["rules", "rules"]
    assert runs[0][1]["tagger"] == first_tagger_version() and runs[0][1]["model"] is None


def first_tagger_version():
    from nlp.tagger import build_tagger

    return build_tagger(NlpSettings(model="")).versions["tagger"]


def test_a_lazy_tagger_says_what_the_built_one_says(rules_tagger):
    from nlp.lazy import LazyTagger
    from nlp.tagger import build_tagger

    lazy = LazyTagger(NlpSettings(model=""))
    assert (lazy.mode, lazy.versions) == (rules_tagger.mode, rules_tagger.versions)
    text = "Taliban fighters attacked a checkpoint in the Andarab district of Baghlan province on Monday."
    assert lazy.analyse(text) == rules_tagger.analyse(text) and lazy.built
    model = build_tagger(NlpSettings())
    assert LazyTagger(NlpSettings()).versions == model.versions  # the model's label from its package


def _broken_model(root, name="fw_broken_model"):
    """An installed package that calls itself a spaCy model and fails when loaded (weights that went missing)."""
    package = root / name
    package.mkdir()
    (package / "__init__.py").write_text('def load(**overrides):\n    raise OSError("the weights are missing")\n')
    info = root / f"{name}-3.8.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 3.8.0\n")
    return name


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_model_installed_but_not_loading_fails_the_run_instead_of_storing_under_its_name(
        lwj_site, tmp_path, monkeypatch, n_process):
    """The run records the mode and model the installed packages announce; a tagger that falls back to another
    one (or to rules) in a tagging process would store articles under a provenance that is not theirs."""
    from nlp.lazy import LazyTagger, ModelDidNotLoad

    monkeypatch.syspath_prepend(str(tmp_path))
    name = _broken_model(tmp_path)
    lazy = LazyTagger(NlpSettings(model=name))
    assert lazy.mode == "model" and lazy.versions["model"] == f"{name} 3.8.0"
    url = f"sqlite:///{tmp_path / 'broken.db'}"
    settings = dataclasses.replace(lwj_settings(lwj_site), database=DatabaseSettings(url=url),
                                   nlp=NlpSettings(model=name, n_process=n_process))
    with pytest.raises(ModelDidNotLoad, match=f"{name}.*did not load.*model = "):
        run_job(settings, progress=LogProgress(), tagger=lazy)
    db = open_database(url)
    with db.sessions() as s:
        assert s.scalar(select(Run.status)) == "interrupted"
        assert s.scalars(select(Article)).all() == []  # nothing stored under the wrong name
    db.dispose()
