"""`frontwatch retag`: re-tag stored articles without the network and report what changed."""

import dataclasses

from sqlalchemy import delete, func, select

from fixture_server import lwj_settings
from models.db import open_database
from models.schema import Article, Mention, Run
from pipeline.progress import LogProgress
from pipeline.retag import retag_job
from pipeline.run import run_job
from pipeline.settings import DatabaseSettings, NlpSettings


def test_retag_restores_mentions_and_reports_the_change_per_kind(lwj_site, db_url, rules_tagger):
    settings = dataclasses.replace(lwj_settings(lwj_site), database=DatabaseSettings(url=db_url),
                                   nlp=NlpSettings(model=""))
    run_job(settings, progress=LogProgress(), tagger=rules_tagger)
    lwj_site.stop()  # no network from here on
    db = open_database(db_url)
    with db.transaction() as s:
        first = s.scalar(select(Article.id).order_by(Article.id))
        lost = dict(s.execute(select(Mention.kind, func.count()).where(Mention.article_id == first)
                              .group_by(Mention.kind)).all())
        total = s.scalar(select(func.count()).select_from(Mention))
        s.execute(delete(Mention).where(Mention.article_id == first))
    assert lost

    report = retag_job(settings, progress=LogProgress(), tagger=rules_tagger, db=db)
    assert dict(report.added) == lost and not report.removed
    assert report.changed_articles == 1
    assert report.articles == db_count(db, Article)
    assert db_count(db, Mention) == total

    again = retag_job(settings, progress=LogProgress(), tagger=rules_tagger, db=db)
    assert not again.added and not again.removed and again.changed_articles == 0
    with db.sessions() as s:
        kinds = [k for k, in s.execute(select(Run.kind).order_by(Run.id))]
    assert kinds == ["run", "retag", "retag"]
    db.dispose()


def db_count(db, model):
    with db.sessions() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_a_parallel_retag_streams_every_article_through_one_pool_in_order(lwj_site, db_url, rules_tagger):
    """Two forked workers, chunks of 4: every article comes back to its own id (one stream, results in order)."""
    from nlp.tagger import build_tagger

    settings = dataclasses.replace(lwj_settings(lwj_site), database=DatabaseSettings(url=db_url),
                                   nlp=NlpSettings(model=""))
    run_job(settings, progress=LogProgress(), tagger=rules_tagger)
    lwj_site.stop()
    db = open_database(db_url)
    with db.sessions() as s:
        before = sorted(s.execute(select(Mention.article_id, Mention.kind, Mention.start, Mention.end)).all())
    with db.transaction() as s:
        s.execute(delete(Mention))
    parallel = build_tagger(NlpSettings(model="", n_process=2, batch_size=1))  # chunks of 4: both workers busy
    report = retag_job(dataclasses.replace(settings, nlp=parallel.settings), progress=LogProgress(),
                       tagger=parallel, db=db)
    with db.sessions() as s:
        after = sorted(s.execute(select(Mention.article_id, Mention.kind, Mention.start, Mention.end)).all())
    assert report.articles == db_count(db, Article) and after == before
    db.dispose()
