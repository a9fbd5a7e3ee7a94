"""Settings: one pydantic-settings class, read from ADVISOR_* env vars and .env."""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlparse

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict, SettingsError

from advisor.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"
DEFAULT_PROMPTS_DIR = PROJECT_ROOT / "prompts"
# Time past the model budget for the rest of a request (retrieval, verification, the
# back-off sleeps between attempts) before a shutting-down server cuts it.
SHUTDOWN_MARGIN_S = 15


def _split_list(value: object, path_sep: bool = False) -> object:
    """Accept "a,b" strings (or "a:b" for paths) as well as real lists: env vars are flat."""
    if isinstance(value, str):
        sep = ":" if path_sep and "," not in value else ","
        return [part.strip() for part in value.split(sep) if part.strip()]
    return value


class Settings(BaseSettings):
    """Everything the advisor can be configured with. Tests build their own instance."""

    model_config = SettingsConfigDict(
        env_prefix="ADVISOR_", env_file=".env", extra="ignore", populate_by_name=True
    )

    data_dir: Path = Field(
        default=Path(".advisor-data"),
        description="Where the index, sessions and roadmaps live.",
    )
    knowledge_dirs: Annotated[list[Path], NoDecode] = Field(
        default_factory=lambda: [DEFAULT_KNOWLEDGE_DIR],
        description="Knowledge directories to index (':' or ',' separated in the env).",
    )
    prompts_dir: Path = DEFAULT_PROMPTS_DIR
    collection: str = "playbook"

    embeddings: Literal["local", "openai"] = "local"
    openai_embedding_model: str = "text-embedding-3-small"

    llm: Literal["auto", "openai", "offline"] = "auto"
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "ADVISOR_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "ADVISOR_OPENAI_BASE_URL")
    )
    model: str = "gpt-4o-mini"
    llm_timeout_s: float = Field(default=60.0, gt=0)
    llm_max_retries: int = Field(default=2, ge=0, le=10)
    llm_max_tokens: int = Field(
        default=4096,
        gt=0,
        le=65_536,
        description="Cap on each model reply; a small model can repeat itself until the "
        "context is full.",
    )

    chroma_url: str | None = None
    # Sessions, roadmaps and assessments (advisor.storage): a SQLAlchemy URL; unset, a
    # SQLite file under data_dir. A secret: it may hold a password.
    database_url: SecretStr | None = None

    api_keys: Annotated[list[SecretStr], NoDecode] = Field(default_factory=list)
    max_body_bytes: int = Field(default=1_000_000, gt=0)
    max_message_chars: int = Field(default=20_000, gt=0)
    rate_limit_per_minute: int = Field(
        default=120, ge=0, description="Per API key, or per client address without keys; 0 = off."
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    shutdown_grace_s: int | None = Field(
        default=None,
        gt=0,
        description="How long `advisor serve` lets in-flight requests finish on SIGTERM; "
        "unset: the model budget plus a margin (see shutdown_grace).",
    )

    @field_validator("knowledge_dirs", mode="before")
    @classmethod
    def _path_list(cls, value: object) -> object:
        return _split_list(value, path_sep=True)

    @field_validator("api_keys", "cors_origins", mode="before")
    @classmethod
    def _flat_list(cls, value: object) -> object:
        return _split_list(value)

    @field_validator("openai_base_url", "chroma_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            url = urlparse(value)
            _ = url.port  # raises on a port that is not a number in range
        except ValueError:
            url = None
        if url is None or url.scheme not in ("http", "https") or not url.hostname:
            # The value is not repeated: a URL may carry credentials.
            raise ValueError("must be an http:// or https:// URL with a host")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        scheme, sep, _ = value.get_secret_value().partition("://")
        if not sep or scheme.split("+", 1)[0] not in ("sqlite", "postgresql"):
            # The value is not repeated: it may carry a password.
            raise ValueError("must be a sqlite:/// or postgresql+psycopg:// URL")
        return value

    @field_validator("api_keys")
    @classmethod
    def _real_keys(cls, keys: list[SecretStr]) -> list[SecretStr]:
        for key in keys:
            value = key.get_secret_value()
            if value.lower() in {"changeme", "change-me", "secret", "xxx", "your-key-here"}:
                raise ValueError("holds a placeholder; set real keys")
            if len(value) < 16:
                raise ValueError("each API key must be at least 16 characters")
        return keys

    @property
    def provider_name(self) -> Literal["openai", "offline"]:
        """The provider `auto` resolves to: openai when a key is set, else offline."""
        if self.llm == "auto":
            return "openai" if self.openai_api_key else "offline"
        return self.llm

    @property
    def model_budget_s(self) -> float:
        """The longest one model call may take: every attempt running to its timeout."""
        return self.llm_timeout_s * (self.llm_max_retries + 1)

    @property
    def shutdown_grace(self) -> int:
        """Seconds a stopping server waits for in-flight requests: the setting, or enough
        for a request whose model call uses its whole budget."""
        if self.shutdown_grace_s is not None:
            return self.shutdown_grace_s
        return math.ceil(self.model_budget_s) + SHUTDOWN_MARGIN_S


def env_name(loc: str) -> str:
    """The environment variable behind an error's location: a field name, or the alias
    the value came in by (OPENAI_API_KEY)."""
    if loc.upper() == loc:
        return loc  # already an alias, spelt as set
    info = Settings.model_fields.get(loc)
    alias = info.validation_alias if info is not None else None
    if isinstance(alias, AliasChoices) and isinstance(alias.choices[0], str):
        return alias.choices[0]
    return f"ADVISOR_{loc.upper()}"


def describe_invalid(exc: ValidationError) -> str:
    """One line naming each bad setting by its env name and what is wrong with it.
    Input values are never repeated (pydantic's own str() shows them, keys included)."""
    parts: list[str] = []
    for error in exc.errors(include_url=False, include_context=False):
        loc = error.get("loc") or ("settings",)
        where = env_name(str(loc[0]))
        items = [str(p + 1) if isinstance(p, int) else str(p) for p in loc[1:]]
        if items:
            where += f" (item {'.'.join(items)})"
        message = str(error.get("msg", "is not valid"))
        for prefix in ("Value error, ", "Assertion failed, "):
            message = message.removeprefix(prefix)
        given = error.get("input")
        if isinstance(given, str) and len(given) > 2:
            # pydantic's messages do not quote the input today; make sure no future one does.
            message = message.replace(given, "(the value)")
        parts.append(f"{where}: {' '.join(message.split())}")
    return "invalid configuration: " + "; ".join(parts)


@lru_cache
def get_settings() -> Settings:
    """The settings from the environment; what is wrong with them is a ConfigError."""
    try:
        return Settings()
    except ValidationError as exc:
        raise ConfigError(describe_invalid(exc)) from None
    except SettingsError:
        # Its message names the field, but keep to one wording for every bad setting.
        raise ConfigError("invalid configuration: a setting could not be parsed") from None
    except (OSError, UnicodeError) as exc:
        raise ConfigError(f"cannot read the settings file .env ({type(exc).__name__})") from None
