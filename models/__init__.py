"""The SQL store: SQLAlchemy models, engine/session creation, and the write path."""
