"""Ledger: the database of plans, targets, departments and observations (SQLite by default, PostgreSQL shared).

`db.open_ledger()` opens and migrates it; `repository` holds every query; `ingest` stores plans;
`status` and `export` lay out what the track stage makes of it. Nothing is imported here, so that
importing a record module does not load SQLAlchemy.
"""
