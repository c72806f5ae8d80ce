"""Stage 5a, claims: who said, promised, denied or assessed what, with what certainty."""

from ._cues import ClaimCues, claim_cues, read_cues
from ._detect import ClaimSpan
from ._link import link_events
from .component import ClaimComponent, find_claims

__all__ = ["ClaimComponent", "ClaimCues", "ClaimSpan", "claim_cues", "find_claims", "link_events", "read_cues"]
