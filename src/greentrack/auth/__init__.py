"""Users, roles and the authorization policy: who may see and change what (see docs/security.md).

`policy` is pure (roles, permissions, scope checks on a `Principal`); `secrets` hashes passwords
(argon2id) and tokens. The accounts themselves live in the ledger (`greentrack.ledger.users`).
"""

from greentrack.auth.policy import (
    ADMINISTRATOR,
    COORDINATOR,
    PERMISSIONS,
    REPORTER,
    ROLES,
    VIEWER,
    Principal,
    allowed,
    may_report,
    normalise_role,
    require,
    require_place,
    require_target,
    sees_place,
    sees_target,
)

__all__ = ["ADMINISTRATOR", "COORDINATOR", "PERMISSIONS", "REPORTER", "ROLES", "VIEWER", "Principal", "allowed",
           "may_report", "normalise_role", "require", "require_place", "require_target", "sees_place",
           "sees_target"]
