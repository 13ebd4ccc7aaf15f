"""Events through the pipeline: a run over the LWJ fixture mirror codes and stores them, a re-tag replaces them.

Counts are not pinned (the coder is still changing); what is checked is that events arrive, belong to
stored articles, link to consistent incidents and survive re-runs unchanged.
"""

import dataclasses

from click.testing import CliRunner
from sqlalchemy import func, select

from child import mirror_config
from fixture_server import lwj_settings
from models.db import open_database
from models.schema import Article, Event, Incident, RunSource
from models.store import Store
from pipeline.cli import main
from pipeline.progress import LogProgress
from pipeline.retag import retag_job
from pipeline.run import run_job
from pipeline.settings import DatabaseSettings, NlpSettings


def _settings(lwj_site, db_url):
    return dataclasses.replace(lwj_settings(lwj_site), database=DatabaseSettings(url=db_url),
                               nlp=NlpSettings(model=""))


def _incidents(db):
    """Every incident with its aggregates, and every event's link."""
    with db.sessions() as s:
        incidents = [
            (i.id, i.event_type, i.sub_event_type, i.event_date, i.province, i.district, i.actor1, i.actor2,
             i.fatalities_min, i.fatalities_max, i.injured_min, i.injured_max, i.reports, i.historical)
            for i in s.scalars(select(Incident).order_by(Incident.id))
        ]
        links = sorted(s.execute(select(Event.article_id, Event.seq, Event.incident_id)).all())
    return incidents, links


def _check_consistent(db):
    with db.sessions() as s:
        orphans = s.scalar(select(func.count()).select_from(Event).outerjoin(Article).where(Article.id.is_(None)))
        assert orphans == 0
        # Originals' events link to an incident, copies' never; reports count the linked events.
        for event, duplicate_of in s.execute(select(Event, Article.duplicate_of).join(Article)):
            assert (event.incident_id is None) == (duplicate_of is not None), event.id
        linked = dict(s.execute(select(Event.incident_id, func.count()).where(Event.incident_id.is_not(None))
                                .group_by(Event.incident_id)).all())
        assert {i.id: i.reports for i in s.scalars(select(Incident))} == linked


def test_a_run_codes_events_and_a_refetch_keeps_incidents(lwj_site, db_url, rules_tagger):
    settings = _settings(lwj_site, db_url)
    report = run_job(settings, progress=LogProgress(), tagger=rules_tagger)
    (lwj,) = report.sources
    db = open_database(db_url)
    try:
        with db.sessions() as s:
            events = s.scalar(select(func.count()).select_from(Event))
            details = s.scalar(select(RunSource.details))
            versions = set(s.scalars(select(Event.coder_version)))
            tagger_versions = set(s.scalars(select(Article.tagger_version)))
        assert events > 0
        assert lwj.events == events == details["events"]
        assert versions == tagger_versions and None not in versions
        _check_consistent(db)
        before = _incidents(db)
        assert before[0]

        # Fetched and stored again, the same articles give the same events, incidents and ids.
        run_job(settings, refetch=True, progress=LogProgress(), tagger=rules_tagger)
        assert _incidents(db) == before
        _check_consistent(db)
    finally:
        db.dispose()


def test_retag_restores_events_and_reports_them_per_sub_type(lwj_site, db_url, rules_tagger):
    settings = _settings(lwj_site, db_url)
    run_job(settings, progress=LogProgress(), tagger=rules_tagger)
    lwj_site.stop()  # no network from here on
    db = open_database(db_url)
    try:
        with db.sessions() as s:
            article_id = s.scalar(select(Event.article_id).order_by(Event.article_id))
            lost = dict(s.execute(select(Event.sub_event_type, func.count()).where(Event.article_id == article_id)
                                  .group_by(Event.sub_event_type)).all())
            total = s.scalar(select(func.count()).select_from(Event))
        # An older coder found nothing in one article: its events and their share of incidents go.
        Store(db).replace_mentions(article_id, [], "older", events=[])
        _check_consistent(db)

        report = retag_job(settings, progress=LogProgress(), tagger=rules_tagger, db=db)
        assert dict(report.events_added) == lost and not report.events_removed
        assert report.changed_articles == 1
        with db.sessions() as s:
            assert s.scalar(select(func.count()).select_from(Event)) == total
        _check_consistent(db)
        after = _incidents(db)

        again = retag_job(settings, progress=LogProgress(), tagger=rules_tagger, db=db)
        assert not again.events_added and not again.events_removed and again.changed_articles == 0
        assert _incidents(db) == after
    finally:
        db.dispose()


def test_cli_run_and_retag_show_events(tmp_path, lwj_site):
    config = mirror_config(tmp_path, lwj_site, f"sqlite:///{tmp_path / 'fw.db'}")
    runner = CliRunner()
    run = runner.invoke(main, ["run", "--config", str(config)])
    assert run.exit_code == 0, run.output
    header = next(line for line in run.output.splitlines() if "discovered" in line)
    assert "mentions" in header and "events" in header
    retag = runner.invoke(main, ["retag", "--config", str(config)])
    assert retag.exit_code == 0, retag.output
    assert "events by sub_event_type" in retag.output and "sub_event_type" in retag.output
