"""Scale: the per-document pipeline on a process pool or a Ray cluster, batched writes, bulk status.

`engines` runs a picklable job over many items in order with bounded memory (local, pool, ray);
`work` holds the jobs (extract, prepare for the ledger); `extract` and `ingest` drive them;
`memo` keeps the resolver's phrase scores per worker. See docs/scale.md.
"""

from greentrack.scale.engines import ENGINES, Engine, Lost, run_all

__all__ = ["ENGINES", "Engine", "Lost", "run_all"]
