from advisor.llm.base import GovernanceTask
from advisor.schemas import GovernanceAnswer


def compose_governance(task: GovernanceTask) -> GovernanceAnswer:
    raise NotImplementedError
