"""Scale: the pipeline's per-document jobs on a process pool or a Ray cluster, batched writes, bulk status.

`run.run_all` runs a picklable job (greentrack.pipeline.jobs) over many items in order with bounded memory
on an engine (`engines`: local, `pool`, `ray_engine`); `extract` and `ingest` drive it; `status` and
`index` compute the statuses of a whole ledger at once. See docs/scale.md.
"""

from greentrack.scale.engines import ENGINES, Engine, Lost
from greentrack.scale.run import run_all

__all__ = ["ENGINES", "Engine", "Lost", "run_all"]
