"""Ledger: the database of plans, targets, departments and observations (SQLite by default, PostgreSQL shared).

`db.open_ledger()` opens and migrates it; `repository/` holds every query of the records, one module per
aggregate; `ingest` stores the plans the pipeline prepared; `intake` imports the departments' reporting
sheets; `status` lays out what the track stage makes of it. Nothing is imported here, so that importing
a record module does not load SQLAlchemy.
"""
