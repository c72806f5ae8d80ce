"""The ``geopol_claims`` spaCy component: who said (promised, denied, assessed) what.

Runs after ``geopol_actors``: a claimant is resolved to the actor mention of the speaker where
there is one, else kept as an unresolved mention of the phrase ('major Western media'). Sets
``doc._.geopol_claims`` (a list of :class:`ClaimSpan` in text order). Beliefs ('China thinks
that…') are not claims unless ``beliefs`` is set in the component's config.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..actors import mentions_of, token_index
from ._cues import claim_cues
from ._detect import ClaimFinder, ClaimSpan
from ._quotes import extend_to_quotations
from ._unverified import mark_unverified

if not Doc.has_extension("geopol_claims"):
    Doc.set_extension("geopol_claims", default=None)


def find_claims(doc: Doc, beliefs: bool = False) -> list[ClaimSpan]:
    """Every claim of a Doc that ``geopol_actors`` has run on."""
    finder = ClaimFinder(claim_cues(), token_index(mentions_of(doc)), beliefs)
    claims = extend_to_quotations(doc, finder.find(doc), finder)
    mark_unverified(doc, claims)
    return claims


class ClaimComponent:
    def __init__(self, beliefs: bool = False) -> None:
        self.beliefs = beliefs

    def __call__(self, doc: Doc) -> Doc:
        doc._.geopol_claims = find_claims(doc, self.beliefs)
        return doc


@Language.factory(
    "geopol_claims",
    assigns=["doc._.geopol_claims"],
    requires=["doc._.geopol_mentions"],
    default_config={"beliefs": False},
)
def make_claim_component(nlp: Language, name: str, beliefs: bool) -> ClaimComponent:
    """``beliefs``: also code 'X thinks/fears/believes that Y' as claims (PolNeAR counts them)."""
    return ClaimComponent(beliefs)
