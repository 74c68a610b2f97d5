"""Case store: cases, transcripts, workers, audit log and outbox (SQLAlchemy 2, migrated with Alembic).

Modules: `db` (engine and sessions), `models` (tables), `cases`, `workers`, `outbox`, `evidence`, `privacy`,
`stats` (repository functions, one concern each), `masking` (personal data), `summary` (worker summary).
"""
