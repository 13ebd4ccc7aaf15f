"""event coding: events, their actors and the incidents they report, with three research views

Tables (documented in docs/schema.md):

- `events`: one coded event of one article (who did what to whom, where, when, how many killed; or an
  appointment/dismissal), with its evidence; `incident_id` links it to the incident it reports;
- `event_actors`: the actors of an event, side 1 (who acted) and side 2 (who was acted on);
- `incidents`: one real-world incident; several reports (events of different articles) link to it.
  `models.incidents` keeps it up to date in the transaction that writes the events.

Views, on SQLite and PostgreSQL with the same columns and the same results (dates are 'YYYY-MM-DD' and
months 'YYYY-MM' text on both, flags are 0/1):

- `event_list`: one row per event, flat, with its article, source and actors;
- `monthly_events`: incidents (not reports) per month, province, type, sub-type and actor pair;
  historical incidents and copies of stories are left out;
- `appointments`: appointments and dismissals with the tenure they open or close.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

VIEWS = ("appointments", "monthly_events", "event_list")

#: The actor name of an unknown attacker; an incident's named actors make it redundant.
UNIDENTIFIED = "Unidentified Armed Group"


def _day(column: str, dialect: str) -> str:
    """A date as 'YYYY-MM-DD' text (SQLite stores dates so already)."""
    return f"to_char({column}, 'YYYY-MM-DD')" if dialect == "postgresql" else column


def _month(column: str, dialect: str) -> str:
    return f"to_char({column}, 'YYYY-MM')" if dialect == "postgresql" else f"substr({column}, 1, 7)"


def _names(event: str, side: int, dialect: str) -> str:
    """The names on one side of an event, sorted by code point and '; '-joined (NULL when none)."""
    if dialect == "postgresql":
        return (
            f"(SELECT string_agg(x.name, '; ' ORDER BY x.name COLLATE \"C\") FROM event_actors x "
            f"WHERE x.event_id = {event}.id AND x.side = {side})"
        )
    # SQLite before 3.44 has no ORDER BY inside an aggregate: it concatenates in the subquery's order.
    return (
        f"(SELECT group_concat(x.name, '; ') FROM (SELECT ea.name AS name FROM event_actors ea "
        f"WHERE ea.event_id = {event}.id AND ea.side = {side} ORDER BY ea.name) x)"
    )


def view_sql(dialect: str) -> dict[str, str]:
    """CREATE VIEW statements for one dialect, by view name."""
    event_list = f"""
CREATE VIEW event_list AS
SELECT
    e.id AS event_id,
    e.incident_id AS incident_id,
    a.id AS article_id,
    a.url AS url,
    s.name AS source,
    a.published_at AS published_at,
    a.title AS title,
    e.event_type AS event_type,
    e.sub_event_type AS sub_event_type,
    {_day("e.event_date", dialect)} AS event_date,
    e.date_precision AS date_precision,
    {_month("e.event_date", dialect)} AS month,
    {_names("e", 1, dialect)} AS actor1,
    {_names("e", 2, dialect)} AS actor2,
    e.claimed_by AS claimed_by,
    e.report_status AS report_status,
    e.province AS province,
    e.district AS district,
    e.place AS place,
    e.pcode AS pcode,
    e.lat AS lat,
    e.lon AS lon,
    e.geo_precision AS geo_precision,
    e.fatalities AS fatalities,
    e.injured AS injured,
    e.fatality_source AS fatality_source,
    CASE WHEN e.historical THEN 1 ELSE 0 END AS historical,
    e.appointee AS appointee,
    e.post AS post,
    e.sentence AS sentence,
    e.method AS method,
    e.confidence AS confidence,
    CASE WHEN a.duplicate_of IS NULL THEN 0 ELSE 1 END AS is_duplicate
FROM events e
JOIN articles a ON a.id = e.article_id
JOIN sources s ON s.id = a.source_id
"""
    # One row per (side-1 name, side-2 name) of an incident: its actors are the names of its events,
    # without 'Unidentified Armed Group' where a report names the actor (as incidents.actor1 does).
    monthly_events = f"""
CREATE VIEW monthly_events AS
WITH incident_actors AS (
    SELECT DISTINCT e.incident_id AS incident_id, x.side AS side, x.name AS name
    FROM events e
    JOIN event_actors x ON x.event_id = e.id
    WHERE e.incident_id IS NOT NULL
),
named AS (
    SELECT ia.incident_id AS incident_id, ia.side AS side, ia.name AS name
    FROM incident_actors ia
    WHERE ia.name <> '{UNIDENTIFIED}' OR NOT EXISTS (
        SELECT 1 FROM incident_actors o
        WHERE o.incident_id = ia.incident_id AND o.side = ia.side AND o.name <> '{UNIDENTIFIED}'
    )
)
SELECT
    {_month("i.event_date", dialect)} AS month,
    i.province AS province,
    i.event_type AS event_type,
    i.sub_event_type AS sub_event_type,
    a1.name AS actor1,
    a2.name AS actor2,
    COUNT(DISTINCT i.id) AS incidents,
    SUM(i.reports) AS reports,
    SUM(i.fatalities_min) AS fatalities
FROM incidents i
LEFT JOIN named a1 ON a1.incident_id = i.id AND a1.side = 1
LEFT JOIN named a2 ON a2.incident_id = i.id AND a2.side = 2
WHERE NOT i.historical AND i.event_date IS NOT NULL AND i.reports > 0
GROUP BY {_month("i.event_date", dialect)}, i.province, i.event_type, i.sub_event_type, a1.name, a2.name
"""
    # Tenures: an appointment holds until the next appointment of someone else to the post or the
    # appointee's dismissal from it; a dismissal closes the tenure of the appointee's last appointment.
    original = "JOIN articles xa ON xa.id = x.article_id AND xa.duplicate_of IS NULL"
    from_date = f"""CASE WHEN e.sub_event_type = 'Appointment' THEN e.event_date ELSE (
        SELECT MAX(x.event_date) FROM events x {original}
        WHERE x.sub_event_type = 'Appointment' AND x.post = e.post AND x.appointee = e.appointee
          AND x.event_date <= e.event_date) END"""
    until_date = f"""CASE WHEN e.sub_event_type = 'Dismissal' THEN e.event_date ELSE (
        SELECT MIN(x.event_date) FROM events x {original}
        WHERE x.post = e.post AND x.event_date > e.event_date
          AND ((x.sub_event_type = 'Appointment' AND x.appointee <> e.appointee)
               OR (x.sub_event_type = 'Dismissal' AND x.appointee = e.appointee))) END"""
    appointments = f"""
CREATE VIEW appointments AS
SELECT
    e.id AS event_id,
    e.appointee AS appointee,
    e.post AS post,
    e.place AS place,
    e.province AS province,
    {_names("e", 1, dialect)} AS group_name,
    e.sub_event_type AS sub_event_type,
    {_day("e.event_date", dialect)} AS date,
    {_day(f"({from_date})", dialect)} AS from_date,
    {_day(f"({until_date})", dialect)} AS until_date,
    a.url AS url,
    a.published_at AS published_at,
    e.sentence AS sentence
FROM events e
JOIN articles a ON a.id = e.article_id
WHERE e.sub_event_type IN ('Appointment', 'Dismissal') AND a.duplicate_of IS NULL
"""
    return {"event_list": event_list, "monthly_events": monthly_events, "appointments": appointments}


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=60), nullable=False),
        sa.Column("sub_event_type", sa.String(length=60), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=20), nullable=True),
        sa.Column("province", sa.String(length=50), nullable=True),
        sa.Column("district", sa.String(length=200), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("pcode", sa.String(length=20), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("geo_precision", sa.Integer(), nullable=True),
        sa.Column("actor1", sa.Text(), nullable=True),
        sa.Column("actor2", sa.Text(), nullable=True),
        sa.Column("fatalities_min", sa.Integer(), nullable=True),
        sa.Column("fatalities_max", sa.Integer(), nullable=True),
        sa.Column("injured_min", sa.Integer(), nullable=True),
        sa.Column("injured_max", sa.Integer(), nullable=True),
        sa.Column("reports", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("historical", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("first_published_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_incidents_event_date", "incidents", ["event_date"])
    op.create_index("ix_incidents_province_date", "incidents", ["province", "event_date"])
    op.create_index("ix_incidents_sub_event_type", "incidents", ["sub_event_type"])

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=60), nullable=False),
        sa.Column("sub_event_type", sa.String(length=60), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=20), nullable=True),
        sa.Column("province", sa.String(length=50), nullable=True),
        sa.Column("district", sa.String(length=200), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("pcode", sa.String(length=20), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("geo_precision", sa.Integer(), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("injured", sa.Integer(), nullable=True),
        sa.Column("fatality_source", sa.String(length=200), nullable=True),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("claimed_by", sa.String(length=200), nullable=True),
        sa.Column("report_status", sa.String(length=20), nullable=False),
        sa.Column("historical", sa.Boolean(), nullable=False),
        sa.Column("appointee", sa.String(length=200), nullable=True),
        sa.Column("post", sa.String(length=300), nullable=True),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("start_char", sa.Integer(), nullable=False),
        sa.Column("end_char", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("coder_version", sa.String(length=100), nullable=True),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_events_article_id", "events", ["article_id"])
    op.create_index("uq_events_article_seq", "events", ["article_id", "seq"], unique=True)
    op.create_index("ix_events_sub_event_type_date", "events", ["sub_event_type", "event_date"])
    op.create_index("ix_events_province_date", "events", ["province", "event_date"])
    op.create_index("ix_events_incident_id", "events", ["incident_id"])

    op.create_table(
        "event_actors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("side", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_event_actors_name_side_event", "event_actors", ["name", "side", "event_id"])
    op.create_index("ix_event_actors_event_id", "event_actors", ["event_id"])

    for statement in view_sql(op.get_bind().dialect.name).values():
        op.execute(statement)


def downgrade() -> None:
    for name in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
    op.drop_table("event_actors")
    op.drop_table("events")
    op.drop_table("incidents")
