"""The pipeline: one plan from its path or bytes to what the ledger stores (read → outline → extract → resolve).

A stage of its own, above resolve and below the ledger: `steps` runs the stages on one file, `jobs`
wraps them as the picklable per-document jobs the engines run (local, pool and Ray alike; greentrack.scale),
`memo` keeps a worker's resolver scores, and `records` holds what comes out. Nothing here touches a
database; the ledger only stores a `PlanToStore`. Nothing is imported here, so that the ledger can read
`records` without loading the stages.
"""
