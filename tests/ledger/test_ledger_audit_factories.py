"""Every session factory given the audit listens, even one allocated where a freed factory lived.

SQLAlchemy keys its listener registry by id(target) and forgets an entry only when the listening class is
collected: asked whether a new factory at a freed one's address listened, it said yes, and that ledger wrote
no audit rows for observations (a flaky audit test in the long suite).
"""

from __future__ import annotations

import gc

from sqlalchemy.orm import Session, sessionmaker

from greentrack.ledger.audit import _after_flush, install_audit


def test_every_new_factory_is_audited_even_at_a_freed_ones_address() -> None:
    silent = 0
    was_enabled = gc.isenabled()
    gc.disable()  # the freed factories' listening classes wait for the collector, as between two collections
    try:
        for _ in range(200):
            factory: sessionmaker[Session] = sessionmaker()
            install_audit(factory)
            with factory() as session:
                silent += _after_flush not in list(session.dispatch.after_flush)
            del session, factory  # freed now: the next factory may take its address
    finally:
        if was_enabled:
            gc.enable()
    assert silent == 0
