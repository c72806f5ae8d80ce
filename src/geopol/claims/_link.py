"""Events inside a claim's content: attributed to the claim, with the claim's certainty.

Nested claims ('X said that reports say Y'): the event's ``attribution`` names the outermost
claimant (X), ``claim`` points to the innermost claim (the reports), and its certainty is the
weakest of them all: denied > unverified > hedged > reported > asserted.
"""

from __future__ import annotations

from dataclasses import replace

from ..records import Attribution, Claim, Event

_RANK = {"asserted": 0, "reported": 1, "hedged": 2, "unverified": 3, "denied": 4}


def event_certainty(claim: Claim) -> str:
    """How an event inside this claim's content is asserted."""
    return "denied" if claim.kind == "denial" and claim.negated else claim.certainty


def link_events(events: tuple[Event, ...], claims: tuple[Claim, ...]) -> tuple[Event, ...]:
    out = []
    for e in events:
        inside = [
            (n, c)
            for n, c in enumerate(claims)
            if c.content.start <= e.trigger.start and e.trigger.end <= c.content.end
        ]
        if not inside:
            out.append(e)
            continue
        outer = max(inside, key=lambda nc: nc[1].content.end - nc[1].content.start)[1]
        inner_no = min(inside, key=lambda nc: nc[1].content.end - nc[1].content.start)[0]
        certainty = max([e.certainty, *(event_certainty(c) for _, c in inside)], key=_RANK.__getitem__)
        attribution = Attribution(outer.claimant, outer.cue)
        out.append(replace(e, certainty=certainty, attribution=attribution, claim=inner_no))  # type: ignore[arg-type]
    return tuple(out)
