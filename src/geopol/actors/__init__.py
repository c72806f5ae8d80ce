"""Stage 4, actors: find actor mentions in a parsed Doc and resolve them to canonical actors."""

from ._build import build_kb
from ._context import main_state, sentence_places
from ._mentions import MentionSpan, actor_mentions, mentions_of, token_index
from .component import ActorComponent
from .kb import PRIVATE_SECTORS, STATE_SECTORS, KnowledgeBase
from .roles import person_roles
from .user import add_user_entry, load_kb

__all__ = [
    "PRIVATE_SECTORS",
    "STATE_SECTORS",
    "ActorComponent",
    "KnowledgeBase",
    "MentionSpan",
    "actor_mentions",
    "add_user_entry",
    "build_kb",
    "load_kb",
    "main_state",
    "mentions_of",
    "person_roles",
    "sentence_places",
    "token_index",
]
