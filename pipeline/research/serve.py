"""Datasette over the SQLite store, read-only: described tables and views, attribution, canned queries.

`DESCRIPTIONS` is the one place where tables, views and columns are described for humans; Datasette shows
it, and `docs/schema.md` says the same in prose (a test checks both cover every column).
"""

from __future__ import annotations

import html
import json
import logging
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy.engine import make_url

from pipeline.errors import FrontwatchError

log = logging.getLogger(__name__)


class ServeError(FrontwatchError):
    """The database cannot be served (not SQLite, missing file, Datasette not installed)."""


#: table or view -> (description, {column: description})
DESCRIPTIONS: dict[str, tuple[str, dict[str, str]]] = {
    "sources": (
        "Configured news sources, one row per [sources.<name>] table of config.toml.",
        {
            "id": "Row id.",
            "name": "Source name as in config.toml (e.g. longwarjournal).",
            "adapter": "Code that scrapes it (adapter name).",
            "base_url": "Site root.",
            "created_at": "When the source was first stored (UTC).",
        },
    ),
    "articles": (
        "One row per news article, keyed by its canonical URL.",
        {
            "id": "Row id (article_id elsewhere).",
            "source_id": "sources.id of the outlet.",
            "url": "Canonical URL (unique).",
            "fetched_url": "URL actually fetched, when it differs from the canonical one.",
            "title": "Headline.",
            "authors": "JSON list of bylines.",
            "tags": "JSON list of the site's tags or categories.",
            "published_at": "Publication time, UTC.",
            "fetched_at": "When frontwatch fetched it, UTC.",
            "language": "Language code (en, fa, ps...).",
            "text": "Main text as extracted.",
            "raw_html": "The page as fetched, zlib-compressed (for re-extraction).",
            "content_hash": "SHA-256 of the normalised text (exact duplicates).",
            "extraction_method": "How the text was extracted: metadata, selectors or generic.",
            "signature": "MinHash signature for near-duplicate detection.",
            "duplicate_of": "articles.id of the original when this is a copy of a story (else empty). "
            "Counts exclude copies by default.",
            "tagged_at": "When mentions were last computed, UTC.",
            "tagger_version": "Version of the tagger that produced the mentions.",
            "analysis_digest": "SHA-256 of the stored mentions and events as the tagger gave them; a retag "
            "whose analysis has the same digest only re-stamps the versions. Empty when unknown.",
            "run_id": "runs.id of the run that stored it.",
        },
    ),
    "entities": (
        "Canonical entities: provinces, districts, places, armed groups and commanders.",
        {
            "id": "Row id (entity_id elsewhere).",
            "kind": "province, district, place, group or commander.",
            "name": "Canonical name (e.g. Helmand, National Resistance Front).",
            "aliases": "JSON list of other spellings matched in text.",
            "pcode": "OCHA P-code of a province or district (e.g. AF09).",
            "province": "Province of a district or place (its own name for a province).",
            "lat": "Latitude (WGS84) of a place.",
            "lon": "Longitude (WGS84) of a place.",
            "group": "Group of a commander.",
            "origin": "gazetteer (from the project's lists) or found (first seen in text).",
        },
    ),
    "mentions": (
        "One mention of an entity in an article, with its evidence.",
        {
            "id": "Row id (mention_id elsewhere).",
            "article_id": "articles.id.",
            "entity_id": "entities.id.",
            "kind": "Kind of the entity (copied for fast filters).",
            "start": "Character offset of the mention in articles.text.",
            "end": "End offset (exclusive).",
            "text": "The mention as written.",
            "sentence": "The sentence it occurs in (co-occurrence is by same sentence).",
            "method": "How it was found: gazetteer, model or rule.",
            "role": "A commander's role (e.g. governor of Takhar); 'dateline' for the filing place of an article "
            "(excluded from counts by default).",
            "title": "A commander's title (Mullah, Mawlawi, General...).",
            "group": "Group of a commander, as stated in the text.",
            "tagger_version": "Version of the tagger.",
        },
    ),
    "runs": (
        "One execution of the scraping job (or of a re-tag).",
        {
            "id": "Run number.",
            "kind": "run or retag.",
            "started_at": "Start, UTC.",
            "finished_at": "End, UTC.",
            "heartbeat_at": "Last sign of life, UTC.",
            "status": "running, ok, partial, failed or interrupted.",
            "pid": "Process id.",
            "host": "Machine.",
            "options": "JSON of the options given.",
            "nlp_mode": "Tagger used: model or rules.",
            "versions": "JSON of software versions.",
            "message": "Why it ended as it did.",
        },
    ),
    "run_sources": (
        "Per-source counts of a run.",
        {
            "id": "Row id.",
            "run_id": "runs.id.",
            "source": "Source name.",
            "status": "ok, partial, failed or skipped.",
            "discovered": "Article links found.",
            "fetched": "Pages fetched.",
            "new": "Articles stored for the first time.",
            "updated": "Articles changed.",
            "skipped": "Already stored or filtered out.",
            "failed": "Failures.",
            "details": "JSON: extraction methods, error classes...",
        },
    ),
    "run_errors": (
        "One failure within a run: which URL and why.",
        {
            "id": "Row id.",
            "run_id": "runs.id.",
            "source": "Source name.",
            "url": "URL concerned.",
            "stage": "discover, fetch, extract, tag or store.",
            "reason": "Short reason class.",
            "message": "Error message.",
            "at": "When, UTC.",
        },
    ),
    "dedup_bands": (
        "Near-duplicate index: the MinHash LSH band keys of each article's signature (bookkeeping).",
        {
            "band": "Band number (0-31) of the signature.",
            "key": "64-bit digest of the band's values; articles sharing (band, key) are candidates.",
            "article_id": "articles.id.",
        },
    ),
    "url_states": (
        "Fetch state of every URL across runs (conditional GET, failures, backoff).",
        {
            "url": "URL (primary key).",
            "source": "Source name.",
            "status": "fetched, not_modified, robots, failed, gave_up or permanent.",
            "http_status": "Last HTTP status.",
            "reason": "Reason class of the last failure.",
            "message": "Last error message.",
            "attempts": "Failed attempts so far.",
            "etag": "ETag validator.",
            "last_modified": "Last-Modified validator.",
            "first_seen": "First discovered, UTC.",
            "last_attempt": "Last fetch attempt, UTC.",
            "next_attempt": "Not retried before, UTC.",
        },
    ),
    "article_mentions": (
        (
            "VIEW: one row per mention, flat, with its article, source, entity and province. "
            "Includes copies and datelines: filter is_duplicate = 0 and is_dateline = 0 to count "
            "stories."
        ),
        {
            "mention_id": "mentions.id.",
            "article_id": "articles.id.",
            "published_at": "Publication time, UTC.",
            "published_date": "Publication day, YYYY-MM-DD (UTC).",
            "month": "Publication month, YYYY-MM (UTC).",
            "source": "Source name.",
            "url": "Article URL.",
            "article_title": "Headline.",
            "is_duplicate": "1 when the article is a copy of another story.",
            "kind": "Kind of the entity.",
            "name": "Canonical entity name.",
            "text": "The mention as written.",
            "province": "Province of the place (its own name for a province); empty for groups and commanders.",
            "province_pcode": "OCHA P-code of that province.",
            "pcode": "P-code of the entity itself.",
            "lat": "Latitude of the entity.",
            "lon": "Longitude of the entity.",
            "group_name": "Group of a commander.",
            "title": "Commander's title.",
            "role": "Commander's role or 'dateline'.",
            "is_dateline": "1 for the filing place of an article.",
            "sentence": "The sentence.",
            "method": "gazetteer, model or rule.",
            "entity_id": "entities.id.",
        },
    ),
    "mention_counts": (
        (
            "Rollup of mentions per month, kind, province and source (originals only, no datelines), kept up "
            "to date with every write. Sum `mentions` freely; `articles` adds up across months, sources and "
            "rows of one kind. Across kinds, count an article once with "
            "SUM(CASE WHEN (earlier_kinds & <mask of the kinds>) = 0 THEN articles ELSE 0 END)."
        ),
        {
            "month": "YYYY-MM (UTC); empty for undated articles.",
            "kind": "Mention kind.",
            "province": "Province of the mentioned place (empty for none: groups, commanders).",
            "source_id": "sources.id.",
            "earlier_kinds": (
                "Kinds the same articles also have in this month, province and source, before this kind "
                "(bits: province 1, district 2, place 4, group 8, commander 16)."
            ),
            "mentions": "Number of mentions.",
            "articles": "Number of distinct articles.",
            "with_group": "Mentions that carry a group of their own (commanders).",
        },
    ),
    "group_province_counts": (
        (
            "Rollup of place mentions named in the same sentence as a group, per group, month, province, kind "
            "and source (originals only, no datelines), kept up to date with every write."
        ),
        {
            "group_name": "Canonical group name.",
            "month": "YYYY-MM (UTC); empty for undated articles.",
            "province": "Province of the place (empty for none).",
            "kind": "province, district or place.",
            "source_id": "sources.id.",
            "earlier_kinds": "Place kinds the same articles also have here before this kind (bits as above).",
            "mentions": "Place mentions with the group in their sentence.",
            "pairs": "Pairs of (group mention, place mention) in one sentence.",
            "articles": "Number of distinct articles.",
        },
    ),
    "monthly_counts": (
        (
            "VIEW: mentions and articles per month, province and kind (originals only, no "
            "datelines). Groups and commanders have no province."
        ),
        {
            "month": "YYYY-MM (UTC).",
            "province": "Province (empty for groups and commanders).",
            "province_pcode": "P-code.",
            "kind": "Mention kind.",
            "mentions": "Number of mentions.",
            "articles": "Number of distinct articles.",
        },
    ),
    "group_province_monthly": (
        (
            "VIEW: a group and a place in a province named in the same sentence, "
            "per month (originals only, no datelines)."
        ),
        {
            "month": "YYYY-MM (UTC).",
            "group_name": "Canonical group name.",
            "province": "Province.",
            "province_pcode": "P-code.",
            "mentions": "Place mentions in a sentence naming the group (each once, however often the sentence "
            "names the group).",
            "articles": "Distinct articles with such a sentence.",
        },
    ),
    "commanders": (
        (
            "VIEW: commanders with group, title, role, the provinces named in the same sentences, "
            "first and last seen (originals only)."
        ),
        {
            "name": "Canonical name.",
            "group_name": "Group.",
            "title": "Title.",
            "role": "Role as stated.",
            "provinces": "Provinces named beside the commander (comma-separated on SQLite, '; ' on PostgreSQL).",
            "first_seen": "First publication time, UTC.",
            "last_seen": "Last publication time, UTC.",
            "mentions": "Mentions.",
            "articles": "Distinct articles.",
        },
    ),
    "incidents": (
        (
            "One real-world incident: the coded events of the articles that report it, linked together. "
            "Count incidents, not events, to count what happened (a clash reported five times is one incident)."
        ),
        {
            "id": "Row id (incident_id elsewhere).",
            "event_type": "ACLED event type (Battles, Explosions/Remote violence, Strategic developments...).",
            "sub_event_type": "ACLED sub-event type (Armed clash, Air/drone strike...; Appointment, Dismissal): the one most of its reports give (ties: the earliest report's).",
            "event_date": "Date of the incident: the earliest report's event date (YYYY-MM-DD).",
            "date_precision": "How exact event_date is: day, week, month or year.",
            "province": "Province where it took place (all its reports give the same one).",
            "district": "District of the most precise report.",
            "place": "Village, town or base of the most precise report.",
            "pcode": "OCHA P-code of the most precise place known.",
            "lat": "Latitude (WGS84) of the most precise place known.",
            "lon": "Longitude (WGS84) of the most precise place known.",
            "geo_precision": "1 place, 2 district, 3 province (ACLED's geo_precision).",
            "actor1": "Names on side 1 (who acted) over all its reports, sorted, '; '-joined; `Unidentified Armed Group` only when no report names the actor.",
            "actor2": "Names on side 2 (who was acted on) over all its reports, likewise.",
            "fatalities_min": "Lowest death toll any report gave.",
            "fatalities_max": "Highest death toll any report gave.",
            "injured_min": "Lowest number of injured any report gave.",
            "injured_max": "Highest number of injured any report gave.",
            "reports": "Events of original (non-copy) articles linked to this incident.",
            "historical": "True when its reports place it years back (left out of `monthly_events`).",
            "first_published_at": "Publication time of the first report, UTC.",
        },
    ),
    "events": (
        (
            "One coded event of one article (ACLED types plus Appointment/Dismissal), with its evidence "
            "sentence. Events of copies of a story are stored but linked to no incident."
        ),
        {
            "id": "Row id (event_id elsewhere).",
            "article_id": "articles.id of the report.",
            "seq": "Order in the article; 0 is its main event.",
            "event_type": "ACLED event type.",
            "sub_event_type": "ACLED sub-event type, or Appointment / Dismissal.",
            "event_date": "Date of the event as the text tells it, resolved against the publication date.",
            "date_precision": "day, week, month or year (a week or month is dated by its first day).",
            "province": "Province where it took place.",
            "district": "District where it took place.",
            "place": "Village, town or base named.",
            "pcode": "OCHA P-code of the most precise place.",
            "lat": "Latitude (WGS84).",
            "lon": "Longitude (WGS84).",
            "geo_precision": "1 place, 2 district, 3 province.",
            "fatalities": "Reported deaths, all sides: the lowest credible figure where they compete.",
            "injured": "Reported injured.",
            "fatality_source": "Whose figure `fatalities` is (officials, the Taliban, hospital staff...).",
            "figures": "JSON list of every figure given: kind (killed, injured), count, source, text.",
            "claimed_by": "The actor a claim of responsibility names.",
            "report_status": "reported, claimed, confirmed or denied.",
            "historical": "True when the text places it years back; such events link only to historical incidents.",
            "appointee": "Appointment/Dismissal: the person.",
            "post": "Appointment/Dismissal: the post (e.g. governor of Baghlan).",
            "sentence": "The evidence: the sentence(s) it was coded from.",
            "start_char": "Character offset of the evidence in articles.text.",
            "end_char": "End offset of the evidence (exclusive).",
            "method": "How it was coded (rule, model).",
            "confidence": "The coder's confidence, 0 to 1.",
            "coder_version": "Version of the event coder (the tagger's version, as `articles.tagger_version`).",
            "incident_id": "incidents.id of the incident it reports (empty for copies of a story).",
        },
    ),
    "event_actors": (
        "The actors of an event, one row per name and side.",
        {
            "id": "Row id.",
            "event_id": "events.id.",
            "name": "Canonical actor name (a group, Civilians, Military Forces of Pakistan...).",
            "side": "1: who acted (actor1); 2: who was acted on (actor2).",
            "entity_id": "entities.id of the group, when the name is a known group.",
        },
    ),
    "event_list": (
        (
            "VIEW: one row per coded event, flat, with its article, actors and place. Includes copies and "
            "historical events: filter is_duplicate = 0 (and historical = 0) to list reports of current events."
        ),
        {
            "event_id": "events.id.",
            "incident_id": "incidents.id (empty for copies).",
            "article_id": "articles.id.",
            "url": "Article URL.",
            "source": "Source name.",
            "published_at": "Publication time, UTC.",
            "title": "Headline.",
            "event_type": "ACLED event type.",
            "sub_event_type": "ACLED sub-event type, or Appointment / Dismissal.",
            "event_date": "Date of the event (YYYY-MM-DD).",
            "date_precision": "day, week, month or year.",
            "month": "YYYY-MM of the event date.",
            "actor1": "Names on side 1, '; '-joined.",
            "actor2": "Names on side 2, '; '-joined.",
            "claimed_by": "Who claimed it.",
            "report_status": "reported, claimed, confirmed or denied.",
            "province": "Province.",
            "district": "District.",
            "place": "Place.",
            "pcode": "P-code.",
            "lat": "Latitude.",
            "lon": "Longitude.",
            "geo_precision": "1 place, 2 district, 3 province.",
            "fatalities": "Reported deaths.",
            "injured": "Reported injured.",
            "fatality_source": "Whose figure it is.",
            "historical": "1 when the text places it years back.",
            "appointee": "Appointment/Dismissal: the person.",
            "post": "Appointment/Dismissal: the post.",
            "sentence": "The evidence sentence.",
            "method": "How it was coded.",
            "confidence": "The coder's confidence, 0 to 1.",
            "is_duplicate": "1 when the article is a copy of another story.",
        },
    ),
    "monthly_events": (
        (
            "VIEW: incidents per month of the event date, province, type, sub-type and pair of actors "
            "(one name each side; an incident with two names on a side has a row for each). Current incidents "
            "of original articles only. Sum `incidents` within one actor pair; across pairs an incident can "
            "count twice (use the incidents table)."
        ),
        {
            "month": "YYYY-MM of the incident's date.",
            "province": "Province.",
            "event_type": "ACLED event type.",
            "sub_event_type": "ACLED sub-event type.",
            "actor1": "One name on side 1 (who acted).",
            "actor2": "One name on side 2 (who was acted on); empty when none.",
            "incidents": "Distinct incidents.",
            "reports": "Events (reports) linked to those incidents.",
            "fatalities": "Sum over the incidents of `fatalities_min` (empty when none of them gives a figure).",
        },
    ),
    "appointments": (
        (
            "VIEW: who was appointed to (or dismissed from) which post, by which group, from when until when "
            "(original articles only)."
        ),
        {
            "event_id": "events.id.",
            "appointee": "The person (canonical commander name when known).",
            "post": "The post (e.g. governor of Baghlan).",
            "place": "Place of the post.",
            "province": "Province of the post.",
            "group_name": "The appointing group (actor1).",
            "sub_event_type": "Appointment or Dismissal.",
            "date": "Date of the appointment or dismissal.",
            "from_date": "Start of the term: the appointment's date; for a dismissal, the date of the appointee's last appointment to the post before it (empty if none is stored).",
            "until_date": "End of the term: the date of the next appointment to the post of someone else, or "
            "of this person's dismissal from it (for a dismissal, its own date); empty while held.",
            "url": "Article URL.",
            "published_at": "Publication time, UTC.",
            "sentence": "The evidence sentence.",
        },
    ),
}

_PLACE = "CASE WHEN pe.kind = 'province' THEN pe.name ELSE pe.province END"


def _named(kind: str, parameter: str, alias: str = "x") -> str:
    """SQL of the canonical names of `kind` entities called `:parameter` by their name or an alias, any case.

    The same lookup as `frontwatch query` (`group=NRF` is the National Resistance Front); portable SQL, so
    the canned queries also run in psql: `aliases` is a JSON list, matched as text on its quoted items.
    """
    value = f"lower(CAST(:{parameter} AS TEXT))"
    return (
        f"SELECT {alias}.name FROM entities {alias}\n    WHERE {alias}.kind = '{kind}' AND (lower({alias}.name) = {value}\n"
        f"      OR lower(CAST({alias}.aliases AS TEXT)) LIKE '%\"' || {value} || '\"%')"
    )


#: Canned queries (SQLite SQL), shown in Datasette and repeated for psql/pandas in docs/research.md.
CANNED_QUERIES: dict[str, dict[str, str]] = {
    "nrf_vs_taliban_by_province_month": {
        "title": "NRF and Taliban named together with a place (per province per month)",
        "description": "Co-occurrence, not events: articles with a sentence that names the National Resistance "
        "Front, the Taliban and a place, by the place's province and the publication month. The sentence "
        "may report a clash, a claim, a denial or history; for coded attacks see "
        "nrf_attacks_on_taliban_by_province_month. Originals only; datelines excluded.",
        "sql": f"""SELECT substr(a.published_at, 1, 7) AS month, {_PLACE} AS province,
  COUNT(DISTINCT a.id) AS articles, COUNT(DISTINCT g.id) AS sentences
FROM mentions g
JOIN entities ge ON ge.id = g.entity_id AND ge.name = 'National Resistance Front'
JOIN mentions t ON t.article_id = g.article_id AND t.kind = 'group' AND t.sentence = g.sentence
JOIN entities te ON te.id = t.entity_id AND te.name = 'Taliban'
JOIN mentions pm ON pm.article_id = g.article_id AND pm.kind IN ('province', 'district', 'place')
  AND pm.sentence = g.sentence AND (pm.role IS NULL OR pm.role <> 'dateline')
JOIN entities pe ON pe.id = pm.entity_id
JOIN articles a ON a.id = g.article_id AND a.duplicate_of IS NULL
WHERE g.kind = 'group'
GROUP BY 1, 2
ORDER BY 1 DESC, 3 DESC, 2""",
    },
    "group_by_province_month": {
        "title": "One group by province and month",
        "description": "Place mentions in sentences naming the group (its name or an alias, any case: NRF, "
        "ISKP, Taliban) and the articles with such a sentence, per province and month; the numbers of "
        "`frontwatch query mentions --group NRF --kind province,district,place --by province,month`.",
        "sql": f"""SELECT month, group_name, province, province_pcode, articles, mentions
FROM group_province_monthly
WHERE group_name IN ({_named("group", "group")})
ORDER BY month DESC, articles DESC, province""",
    },
    "commanders_in_province": {
        "title": "Commanders named with a province (e.g. Baghlan)",
        "description": "Commanders whose role or sentences name the province (its name or an alias, any "
        "case), with group, title, role and first/last seen. For appointments as coded events, see "
        "appointments_by_province.",
        "sql": f"""SELECT c.name, c.group_name, c.title, c.role, c.provinces, c.first_seen, c.last_seen,
  c.articles
FROM commanders c
WHERE c.role LIKE '%' || :province || '%' OR c.provinces LIKE '%' || :province || '%'
  OR EXISTS (SELECT 1 FROM ({_named("province", "province")}) p
    WHERE c.role LIKE '%' || p.name || '%' OR c.provinces LIKE '%' || p.name || '%')
ORDER BY c.last_seen DESC""",
    },
    "top_groups_by_month": {
        "title": "Top 5 groups of each month",
        "description": "Groups ranked by mentions within each month (originals only, as `frontwatch query "
        "top --kind group --by month -n 5`).",
        "sql": """SELECT month, rank, group_name, mentions, articles FROM (
  SELECT month, name AS group_name, COUNT(*) AS mentions, COUNT(DISTINCT article_id) AS articles,
    ROW_NUMBER() OVER (PARTITION BY month ORDER BY COUNT(*) DESC, COUNT(DISTINCT article_id) DESC, name)
      AS rank
  FROM article_mentions
  WHERE kind = 'group' AND is_duplicate = 0 AND is_dateline = 0 AND month IS NOT NULL
  GROUP BY month, name
) AS ranked
WHERE rank <= 5
ORDER BY month DESC, rank""",
    },
    "nrf_attacks_on_taliban_by_province_month": {
        "title": "NRF attacks on the Taliban per province per month",
        "description": "Coded events with the National Resistance Front on side 1 (who acted) and the Taliban "
        "on side 2, counted as incidents (one real-world event however many articles report it), by province "
        "and month of the event, with their reports and lowest death tolls (0 where none was given). Current "
        "incidents of original articles only.",
        "sql": """SELECT month, province, SUM(incidents) AS incidents, SUM(reports) AS reports,
  COALESCE(SUM(fatalities), 0) AS fatalities
FROM monthly_events
WHERE actor1 = 'National Resistance Front' AND actor2 = 'Taliban'
GROUP BY month, province
ORDER BY month DESC, incidents DESC, province""",
    },
    "events_by_province_month": {
        "title": "Incidents per province and month (coded events)",
        "description": "Incidents of coded events by province, month of the event and type, with their "
        "reports and the sum of their lowest death tolls (0 where no report gave one). Current, dated "
        "incidents only.",
        "sql": """SELECT substr(event_date, 1, 7) AS month, province, event_type, COUNT(*) AS incidents,
  SUM(reports) AS reports, COALESCE(SUM(fatalities_min), 0) AS fatalities
FROM incidents
WHERE historical = 0 AND reports > 0 AND event_date IS NOT NULL
GROUP BY 1, 2, 3
ORDER BY 1 DESC, 4 DESC, 2, 3""",
    },
    "appointments_by_province": {
        "title": "Appointments by province",
        "description": "Who was appointed to which post by which group, province by province, newest first; "
        "until_date is when the post passed to someone else or the person was dismissed (empty while held).",
        "sql": """SELECT province, date, appointee, post, group_name, until_date, url, sentence
FROM appointments
WHERE sub_event_type = 'Appointment'
ORDER BY province IS NULL, province, date DESC, appointee""",
    },
    "province_month": {
        "title": "Mentions of places per province and month",
        "description": "Province, district and place mentions (originals, no datelines), per province and month.",
        # From the rollup: an article counts once, on the row of its first place kind (bits 1, 2, 4).
        "sql": """SELECT NULLIF(r.month, '') AS month, r.province, p.pcode AS province_pcode,
  SUM(r.mentions) AS mentions, SUM(CASE WHEN (r.earlier_kinds & 7) = 0 THEN r.articles ELSE 0 END) AS articles
FROM mention_counts r
LEFT JOIN entities p ON p.kind = 'province' AND p.name = r.province
WHERE r.kind IN ('province', 'district', 'place') AND r.province <> ''
GROUP BY 1, 2, 3
ORDER BY 1 DESC, 4 DESC, 2""",
    },
}


def sqlite_path(url: str) -> Path:
    """The file of a SQLite URL (or a plain path); other databases are an error that points to the docs."""
    if "://" not in url:
        return Path(url).expanduser()
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise ServeError(
            f"`frontwatch serve` runs Datasette, which reads SQLite only; this database is "
            f"{parsed.get_backend_name()}. Use psql or pandas (docs/research.md), or `frontwatch query`."
        )
    if not parsed.database or parsed.database == ":memory:":
        raise ServeError("`frontwatch serve` needs a SQLite file, not an in-memory database")
    return Path(parsed.database).expanduser()


def metadata(database_name: str) -> dict[str, Any]:
    """Datasette metadata: title, licences, sources, descriptions of every table and column, canned queries."""
    tables: dict[str, dict[str, Any]] = {
        name: {"description": text, "columns": columns} for name, (text, columns) in DESCRIPTIONS.items()
    }
    tables["articles"]["sort_desc"] = "published_at"
    for name in ("runs", "run_sources", "run_errors", "url_states"):
        tables[name]["hidden"] = False
    # Alembic's bookkeeping and the near-duplicate index: listed under "hidden tables", not first on the page.
    tables["alembic_version"] = {"hidden": True}
    tables["dedup_bands"]["hidden"] = True
    base = f"/{quote(database_name)}"
    queries = "".join(
        f'<li><a href="{base}/{quote(name)}">{html.escape(query["title"])}</a></li>'
        for name, query in CANNED_QUERIES.items()
    )
    return {
        "title": "frontwatch: Afghan conflict news, tagged",
        "description_html": "<p>Articles from the configured news sources with their mentions of provinces, "
        "districts, places, armed groups and commanders, and the events coded from them (incidents, actors, "
        "appointments). Counts exclude copies of a story and datelines by default; event counts are of "
        "incidents. Names in the queries take aliases, in any case (<code>group=NRF</code>).</p>"
        f"<p>Start with a canned query (all of them are also on the "
        f'<a href="{base}">{html.escape(database_name)} database page</a>), the '
        f'<a href="{base}/article_mentions">article_mentions</a> view or the '
        f'<a href="{base}/event_list">event_list</a> view:</p><ul>{queries}</ul>',
        "license": "Article text and titles: the publishers' (quotation for research). Boundaries: CC BY-IGO.",
        "license_url": "https://creativecommons.org/licenses/by/3.0/igo/",
        "source": "frontwatch scrape of the configured outlets; province boundaries AGCHO/UN OCHA (COD-AB)",
        "source_url": "https://data.humdata.org/dataset/cod-ab-afg",
        "databases": {database_name: {"tables": tables, "queries": CANNED_QUERIES}},
    }


#: Datasette plugins of `frontwatch serve` (display of times).
PLUGINS = Path(__file__).with_name("datasette_plugins")


def datasette_command(
    path: Path, metadata_file: Path, *, host: str, port: int, immutable: bool, time_limit_ms: int = 20000
) -> list[str]:
    """The Datasette command line that serves `path` read-only."""
    command = [sys.executable, "-m", "datasette", "serve"]
    command += ["--immutable", str(path)] if immutable else [str(path)]
    command += [
        "--metadata",
        str(metadata_file),
        "--plugins-dir",
        str(PLUGINS),
        "--host",
        host,
        "--port",
        str(port),
        "--setting",
        "sql_time_limit_ms",
        str(time_limit_ms),
        "--setting",
        "default_page_size",
        "100",
    ]
    return command


def prepare(
    url: str, workdir: Path, *, host: str = "127.0.0.1", port: int = 8001, immutable: bool = False
) -> list[str]:
    """Check the database and Datasette, write the metadata file, and return the command to run."""
    path = sqlite_path(url)
    if not path.is_file():
        raise ServeError(f"no SQLite database at {path}: run `frontwatch run` first, or pass --db FILE")
    try:
        import datasette  # noqa: F401
    except ImportError:
        raise ServeError("`frontwatch serve` needs Datasette: pip install 'frontwatch[analysis]'") from None
    workdir.mkdir(parents=True, exist_ok=True)
    metadata_file = workdir / "metadata.json"
    metadata_file.write_text(json.dumps(metadata(path.stem), indent=1), encoding="utf-8")
    return datasette_command(path, metadata_file, host=host, port=port, immutable=immutable)
