"""The use-case questions of a connection ("Types to synchronize" in the planning guidelines).

The guidelines say: "If the use case is not clearly defined, do not set up a connection." Each
question below is data: a stable key (stored as ``UseCaseAnswer.question``), a title, the
guidance the guidelines give, and its kind:

- ``structured``: the answer is a fact the plan itself carries (a system of record on every type
  mapping, a direction, who may update, whether items already exist in both products). The
  question counts as answered when that fact is filled in; the wizard writes it there.
- ``open``: the answer is a sentence kept in ``UseCaseAnswer.text``. It counts only when it is a
  real sentence, not a placeholder such as ".", "n/a" or "tbd" (see ``is_placeholder``).

The validator (USE-001) and the wizard both read this module; it imports no Django models and
works on the plan snapshot (``planner.document.snapshot.ConnectionSnap``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from facts.names import normalize_name

STRUCTURED = "structured"
OPEN = "open"


@dataclass(frozen=True)
class Question:
    key: str
    title: str
    guidance_from_guidelines: str
    kind: Literal["structured", "open"]
    # Where a structured answer lives, for the wizard and for messages.
    answered_by: str = ""


QUESTIONS: tuple[Question, ...] = (
    Question(
        "user-types-and-roles",
        "Who works in each product, and in what role?",
        "What type of users are working in each product? Are they developers, testers, product "
        "owners, or users with another role? Are they responsible for the creation or update of "
        "the entities, such as backlog items, issues, requirements and bugs?",
        OPEN,
    ),
    Question(
        "product-roles",
        "Which product is the system of record for each type?",
        "What system is used to record and store entities, for example stories, sprints, defects "
        "and tests?",
        STRUCTURED,
        "the system of record of every type mapping",
    ),
    Question(
        "information-to-share",
        "What information needs to be shared?",
        "Not all types and fields need to be synchronized: synchronize the most relevant "
        "information to the parties involved, starting with a basic use case.",
        OPEN,
    ),
    Question(
        "who-creates",
        "Which users create which items?",
        "Determine which users will be creating items, e.g. developers create backlog items that "
        "are sent to ALM/QC as requirements, testers create defects synced for resolution.",
        OPEN,
    ),
    Question(
        "data-subsets",
        "Which subsets of data are synchronized?",
        "Generally a subset of types is shared between roles or products; tasks may not be "
        "relevant to the other team.",
        OPEN,
    ),
    Question(
        "permissions",
        "May users of the other product update the information and sync it back?",
        "Will the users of the other product be allowed to update the field information and "
        "synchronize it back?",
        STRUCTURED,
        "“other side may update” on every type mapping",
    ),
    Question(
        "relationships",
        "Are there relationships or links between types?",
        "Data-model relationships (an Octane sprint exists only within a release) and "
        "relationship fields (a story's sprint) both need planning.",
        OPEN,
    ),
    Question(
        "direction",
        "In which direction are items created?",
        "The direction at the type level dictates which product can create that item type; in "
        "most cases it should be unidirectional.",
        STRUCTURED,
        "the direction of every type mapping",
    ),
    Question(
        "existing-items",
        "Is information already synchronized between the two products?",
        "Moving from another synchronization tool or double entry: indicate that items already "
        "exist in both products so they are not created again.",
        STRUCTURED,
        "“items already exist in both products” on the connection",
    ),
)

QUESTIONS_BY_KEY = {q.key: q for q in QUESTIONS}

# Answers that say nothing. Compared after normalization (lower case, accents and punctuation
# removed, white space collapsed).
PLACEHOLDERS = frozenset(
    {
        "", "na", "n a", "none", "nil", "null", "tbd", "tba", "tbc", "todo", "to do", "to be done",
        "to be decided", "to be defined", "to be confirmed", "not applicable", "later", "unknown",
        "dunno", "idk", "same", "same as above", "see above", "as above", "ok", "yes", "no",
        "x", "xx", "xxx", "test", "asdf", "foo", "bar", "lorem ipsum", "nothing", "whatever",
        "answer", "fill in", "pending", "wip",
    }
)  # fmt: skip
_MIN_WORDS = 3
_MIN_LETTERS = 10


def is_placeholder(text: str | None) -> bool:
    """True when ``text`` is not a real answer: empty, a known placeholder ("n/a", "tbd", ".",
    "?"), or too short to be a sentence (fewer than three words or ten letters)."""
    normalized = normalize_name(text)
    if normalized in PLACEHOLDERS:
        return True
    words = [w for w in normalized.split() if any(c.isalpha() for c in w)]
    letters = sum(c.isalpha() for c in normalized)
    return len(words) < _MIN_WORDS or letters < _MIN_LETTERS


def _every_type_mapping(connection, predicate: Callable) -> bool:
    return bool(connection.type_mappings) and all(predicate(tm) for tm in connection.type_mappings)


# How a structured question is answered, read from the snapshot of one connection.
_STRUCTURED_CHECKS: dict[str, Callable] = {
    "product-roles": lambda c: _every_type_mapping(c, lambda tm: bool(tm.system_of_record)),
    "permissions": lambda c: _every_type_mapping(
        c, lambda tm: tm.other_side_may_update is not None
    ),
    "direction": lambda c: _every_type_mapping(c, lambda tm: bool(tm.direction)),
    "existing-items": lambda c: c.items_exist_in_both is not None,
}


def is_answered(question: Question, connection) -> bool:
    """Does ``connection`` (a ConnectionSnap) answer ``question``?"""
    if question.kind == STRUCTURED:
        return _STRUCTURED_CHECKS[question.key](connection)
    answer = connection.answer(question.key)
    return answer is not None and not is_placeholder(answer.text)


def unanswered(connection) -> list[Question]:
    """The questions ``connection`` leaves unanswered, in the guidelines' order."""
    return [q for q in QUESTIONS if not is_answered(q, connection)]
