"""The use-case wizard's steps: the guidelines' questions ("Types to synchronize") in their
order, each with the guidelines' own guidance, plus a rollout step the guidelines leave out.

The keys are the validator's question keys (planner/wizard/questions.py on the validator
branch); keep them identical so USE-001 and the wizard speak about the same answers.
"""

from __future__ import annotations

from dataclasses import dataclass

# Answers that say nothing: they are kept as typed but do not count as an answer.
PLACEHOLDERS = frozenset({"", ".", "..", "...", "n/a", "na", "tbd", "todo", "-", "--", "?", "x"})


def is_real_answer(text: str | None) -> bool:
    """A real answer is more than a placeholder such as ".", "n/a", "tbd", "-" or "?"."""
    return (text or "").strip().lower() not in PLACEHOLDERS


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    question: str  # the guidelines' question, word for word
    guidance: str  # the guidelines' description beside it
    kind: str  # how the step is answered (see services.save_step)
    attribute: str = ""  # for per-type steps: the TypeMapping field the answer writes


STEPS: tuple[Step, ...] = (
    Step(
        key="user-types-and-roles",
        title="Users and their roles",
        question="What type of users are working in each product? What are the roles of those "
        "users?",
        guidance="Who are the users? Are they developers, testers, product owners, or user with "
        "another role? Are they responsible for the creation or update of the entities, such as "
        "the backlog items, issues, requirements, and bugs?",
        kind="per_product",
    ),
    Step(
        key="product-roles",
        title="Roles of the products",
        question="What are the roles of the products?",
        guidance="What system is used to record and store entities, for example stories, "
        "sprints, defects, and tests? For each synchronized type, name the system of record: "
        "the product where it is created and owned.",
        kind="per_type",
        attribute="system_of_record",
    ),
    Step(
        key="information-to-share",
        title="Information to share",
        question="What type of information needs to be shared between the users of both products?",
        guidance="Determine what information needs to be shared. Micro Focus Connect is not "
        "intended to be a full replication tool. Its intended use is to synchronize the most "
        "relevant information to the parties involved. This means that not all types and fields "
        "will need to be synchronized. We recommend starting with a basic use case and expand it "
        "as needed.",
        kind="text",
    ),
    Step(
        key="who-creates",
        title="Who creates which items",
        question="Which users will create which items?",
        guidance="Determine which users will be creating items. For example, if using ALM/QC "
        "with Azure DevOps, one scenario would be for a user of Azure DevOps to create backlog "
        "items that are sent to ALM/QC as different requirement types. Then, users of ALM/QC can "
        "update the fields on those backlog items/requirements in Azure DevOps. ALM/QC users may "
        "create defects that are synced to Azure DevOps for resolution by the development team.",
        kind="per_type",
        attribute="creators",
    ),
    Step(
        key="data-subsets",
        title="Subsets of data",
        question="Which subsets of data need to be synchronized?",
        guidance="Generally, there is a subset of types that need to be shared between roles or "
        "products. Maybe you are synchronizing backlog items to requirements and defects to "
        "bugs, but tasks may not be relevant to the other team.",
        kind="subsets",
        attribute="scope",
    ),
    Step(
        key="permissions",
        title="Permissions",
        question="What are the permissions?",
        guidance="Will the users of the other product be allowed to update the field information "
        "and synchronize it back?",
        kind="per_type",
        attribute="other_side_may_update",
    ),
    Step(
        key="relationships",
        title="Relationships between types",
        question="Are there relationships or links between types?",
        guidance="These relationships may be required or optional. In ALM Octane, sprints can "
        "only exist within a release and cannot be moved between releases. Therefore, you cannot "
        "create a sprint in ALM Octane unless you have created or designated a release for it to "
        "exist within. This is a data model type of relationship. Relationship fields: this can "
        "apply to a planned sprint field in a user story. Although the sprint field may look "
        "like a regular field, in most products, it is a relationship or link field. Therefore "
        "you need to indicate the sprint item type to set the sprint field on a story.",
        kind="relationships",
    ),
    Step(
        key="direction",
        title="Direction",
        question="What is the direction for the synchronization?",
        guidance="The direction that you set at the type level in your connection dictates which "
        "product can create that item type. In most cases, the direction should be "
        "unidirectional. If you find that your use case calls for bi-directional creation of "
        "items for many types, it is often an indication of a process or governance problem that "
        "needs to be addressed. However, bi-directional updates of certain fields for example, "
        "Status, Author, and Comment - are prevalent use cases.",
        kind="per_type",
        attribute="direction",
    ),
    Step(
        key="existing-items",
        title="Items that already exist",
        question="Do you already have information synchronized between the two products?",
        guidance="A common scenario for organizations new to Micro Focus Connect is the move from "
        "another synchronization technology, or the manual entering of artifacts into two "
        "products. If this is the case, you can indicate that these items already exist in both "
        "products and should not be newly created. By following these steps, you can avoid "
        "duplication of data. For best results, validate the configuration in a test "
        "environment.",
        kind="existing",
    ),
    Step(
        key="rollout",
        title="Rollout",
        question="How will the connection go live?",
        guidance="The guidelines stop at the use case; a team going live also needs: how often "
        "the connection synchronizes, how many items of each type to expect, which items the "
        "initial load takes (or a cut-off date), how the team moves over from a previous tool or "
        "from manual double entry, and how to roll back if the first runs go wrong. Validate all "
        "of it in the test environment first.",
        kind="rollout",
    ),
)

STEP_KEYS = tuple(step.key for step in STEPS)
USE_CASE_KEYS = STEP_KEYS[:-1]  # the nine questions of the guidelines (USE-001)

# The rollout step writes one answer row per topic (key rollout-*, details in ``data``).
ROLLOUT_KEYS = (
    "rollout-cadence",
    "rollout-volumes",
    "rollout-initial-load",
    "rollout-cutover",
    "rollout-rollback",
)


def step(key: str) -> Step | None:
    for candidate in STEPS:
        if candidate.key == key:
            return candidate
    return None


def neighbours(key: str) -> tuple[Step | None, Step | None]:
    """The steps before and after ``key`` (None at either end)."""
    index = STEP_KEYS.index(key)
    before = STEPS[index - 1] if index > 0 else None
    after = STEPS[index + 1] if index + 1 < len(STEPS) else None
    return before, after
