from tests.agent.conftest import offline_advisor, shared_index  # noqa: F401  (fixtures)
