"""The use cases every interface calls: the CLI, the REST API and the Streamlit review app are thin
adapters over these functions, so an action means the same thing wherever it comes from.

- editing: correct / undo / decide, each in one transaction, with one re-verification (the rule
  profile of the form's own extraction) that also refreshes the review risk;
- uploads: register uploaded bytes and queue their extraction;
- results: claim a job, write a worker's outcome (scan and REST alike).
"""

from service.app.editing import Edit, correct, decide, reverifier, reviewer_name, undo
from service.app.results import claim_job, finish_job, write_outcome
from service.app.uploads import Accepted, enqueue_upload

__all__ = [
    "Accepted",
    "Edit",
    "claim_job",
    "correct",
    "decide",
    "enqueue_upload",
    "finish_job",
    "reverifier",
    "reviewer_name",
    "undo",
    "write_outcome",
]
