"""`advisor local-model` starts llama.cpp's server on every core (its own default is
half of them) and serves any GGUF given with --model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from advisor.cli import local_model
from advisor.cli.local_model import server_command
from advisor.errors import ConfigError
from tests.integration.cli import run


def _option(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def test_the_server_gets_every_core_for_generation_and_prompts() -> None:
    command = server_command(Path("/py"), Path("/m.gguf"), 8080, 4096)
    cores = str(os.cpu_count() or 1)
    assert _option(command, "--n_threads") == cores
    assert _option(command, "--n_threads_batch") == cores
    assert _option(command, "--model") == "/m.gguf" and _option(command, "--n_ctx") == "4096"
    assert _option(server_command(Path("/py"), Path("/m"), 1, 512, threads=3), "--n_threads") == (
        "3"
    )


def test_a_missing_gguf_is_one_clear_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "OPENAI_"))}
    result = run(env, "local-model", "--model", str(tmp_path / "none.gguf"), timeout=60)
    assert result.returncode == 2
    assert "no such GGUF file" in result.stderr and "Traceback" not in result.stderr


def test_qwen_names_the_installed_file_or_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gguf = tmp_path / "qwen.gguf"
    monkeypatch.setattr(local_model, "QWEN_FILE", gguf)
    monkeypatch.setitem(local_model.NAMED_MODELS, "qwen", gguf)
    with pytest.raises(ConfigError, match="make local-install-qwen"):
        local_model.chosen_model("qwen")
    gguf.write_bytes(b"GGUF")
    assert local_model.chosen_model("Qwen") == gguf
    assert local_model.model_label(gguf) == "qwen"
    assert local_model.chosen_model(None) is None
    other = tmp_path / "other-7b.gguf"
    other.write_bytes(b"GGUF")
    assert local_model.chosen_model(str(other)) == other
    assert local_model.model_label(other) == "other-7b"
