"""docs/schema.md covers every table, view and column; the SQL examples of the docs run on both backends."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import text

from models.db import open_database
from models.schema import Base
from pipeline.research.serve import DESCRIPTIONS

DOCS = Path(__file__).resolve().parents[2] / "docs"
SQLITE_ONLY = ("substr(", "json_each", "LIKE '%' ||")
POSTGRES_ONLY = ("to_char(", "json_array_elements_text", "ILIKE")


def _section(markdown: str, name: str) -> str:
    start = markdown.index(f"### `{name}`")
    end = markdown.find("\n### ", start + 1)
    return markdown[start : end if end != -1 else len(markdown)]


def test_schema_page_documents_every_table_view_and_column():
    page = (DOCS / "schema.md").read_text(encoding="utf-8")
    for table in Base.metadata.tables.values():
        section = _section(page, table.name)
        for column in table.columns:
            assert f"| `{column.name}` |" in section, (
                f"{table.name}.{column.name} missing from docs/schema.md"
            )
    for view in ("article_mentions", "monthly_counts", "group_province_monthly", "commanders"):
        section = _section(page, view)
        for column in DESCRIPTIONS[view][1]:
            assert f"| `{column}` |" in section, f"{view}.{column} missing from docs/schema.md"


def _statements(path: Path, dialect: str) -> list[str]:
    markdown = path.read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"```sql\n(.*?)```", markdown, flags=re.DOTALL):
        for statement in block.split(";"):
            statement = statement.strip()
            if not statement:
                continue
            skip = POSTGRES_ONLY if dialect == "sqlite" else SQLITE_ONLY
            if any(marker in statement for marker in skip):
                continue
            out.append(statement)
    return out


@pytest.mark.parametrize("page", [DOCS / "schema.md", DOCS / "research.md", DOCS.parent / "README.md"],
                         ids=["schema.md", "research.md", "README.md"])
def test_sql_examples_run(research_db, page):
    db = open_database(research_db.url, migrate_schema=False)
    try:
        statements = _statements(page, db.dialect)
        assert len(statements) >= 3
        with db.engine.connect() as conn:
            for statement in statements:
                conn.execute(text(statement.replace(":", r"\:"))).fetchall()
    finally:
        db.dispose()


def test_nrf_example_gives_the_documented_answer(research_db):
    """The psql query of research.md and the canned query agree on the fixture database."""
    statement = next(
        s
        for s in _statements(DOCS / "research.md", "postgresql")
        if "'Taliban'" in s and "article_mentions" in s
    )
    db = open_database(research_db.url, migrate_schema=False)
    try:
        with db.engine.connect() as conn:
            rows = [tuple(r) for r in conn.execute(text(statement))]
    finally:
        db.dispose()
    assert rows == [("2026-02", "Baghlan", 1), ("2026-01", "Panjshir", 1), ("2025-12", "Panjshir", 1)]
