"""Settings: one pydantic-settings class, read from ADVISOR_* env vars and .env."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"
DEFAULT_PROMPTS_DIR = PROJECT_ROOT / "prompts"


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

    api_keys: Annotated[list[SecretStr], NoDecode] = Field(default_factory=list)
    max_body_bytes: int = Field(default=1_000_000, gt=0)
    max_message_chars: int = Field(default=20_000, gt=0)
    rate_limit_per_minute: int = Field(default=120, ge=0, description="Per API key; 0 = off.")
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)

    @field_validator("knowledge_dirs", mode="before")
    @classmethod
    def _path_list(cls, value: object) -> object:
        return _split_list(value, path_sep=True)

    @field_validator("api_keys", "cors_origins", mode="before")
    @classmethod
    def _flat_list(cls, value: object) -> object:
        return _split_list(value)

    @field_validator("api_keys")
    @classmethod
    def _real_keys(cls, keys: list[SecretStr]) -> list[SecretStr]:
        for key in keys:
            value = key.get_secret_value()
            if value.lower() in {"changeme", "change-me", "secret", "xxx", "your-key-here"}:
                raise ValueError("ADVISOR_API_KEYS holds a placeholder; set real keys")
            if len(value) < 16:
                raise ValueError("each API key must be at least 16 characters")
        return keys

    @property
    def provider_name(self) -> Literal["openai", "offline"]:
        """The provider `auto` resolves to: openai when a key is set, else offline."""
        if self.llm == "auto":
            return "openai" if self.openai_api_key else "offline"
        return self.llm


@lru_cache
def get_settings() -> Settings:
    return Settings()
