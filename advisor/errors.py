"""The AdvisorError tree. User misuse and runtime failures are separate branches;
the CLI maps them to exit codes and the API to HTTP statuses, each in one place."""

from __future__ import annotations


class AdvisorError(Exception):
    """Base of every error the advisor raises on purpose."""

    code = "advisor_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- user misuse: bad input or configuration (CLI exit 2, HTTP 4xx) ---------------------


class InputError(AdvisorError):
    """The caller gave something unusable (empty text, bad horizon, unreadable file)."""

    code = "invalid_input"


class KnowledgeError(InputError):
    """A knowledge file or directory cannot be used; the message names the file."""

    code = "invalid_knowledge"

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


class ConfigError(AdvisorError):
    """Settings or on-disk state that does not fit (e.g. index built by another model)."""

    code = "config_error"


class EmbeddingMismatchError(ConfigError):
    code = "embedding_mismatch"


class IndexLockedError(AdvisorError):
    """Another process is writing to the same embedded index."""

    code = "index_locked"


class IndexUnavailable(AdvisorError):
    """The index cannot serve for a moment (a rebuild is filling it); retrying after
    `retry_after` seconds finds it back."""

    code = "index_unavailable"

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class StorageUnavailable(AdvisorError):
    """The database of sessions and stored outputs cannot be reached; it comes back by
    itself when the database does."""

    code = "storage_unavailable"


class NotFound(AdvisorError):
    code = "not_found"


# --- runtime failures of the model provider (CLI exit 1, HTTP 502/504/429) --------------


class ProviderError(AdvisorError):
    """The model server answered with an error or unusable response."""

    code = "provider_error"

    def __init__(self, message: str, status: int | None = None, body: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body


class RateLimited(ProviderError):
    code = "rate_limited"

    def __init__(
        self,
        message: str,
        status: int | None = 429,
        body: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, status, body)
        self.retry_after = retry_after


class ProviderTimeout(ProviderError):
    code = "provider_timeout"


class OutputValidationError(ProviderError):
    """The model's output stayed invalid after the bounded repair attempts."""

    code = "invalid_model_output"

    def __init__(self, message: str, attempts: int, last_raw: str | None = None) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.last_raw = last_raw
