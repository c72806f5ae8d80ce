"""Stage 5, events: PLOVER events coded from triggers, the parse and actor mentions."""

from .component import EventComponent, EventSpan
from .lexicon import Lexicon, TriggerRule, build_lexicon, load_lexicon

__all__ = ["EventComponent", "EventSpan", "Lexicon", "TriggerRule", "build_lexicon", "load_lexicon"]
