"""`advisor eval`: build an index, run every case with one provider, compare with the
thresholds, write the reports."""

from __future__ import annotations

import asyncio
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import SecretStr

from advisor.agent.factory import build_advisor
from advisor.agent.jobs import Advisor
from advisor.config import DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT, Settings
from advisor.errors import ConfigError, InputError
from advisor.evals.api_pass import ApiPass, AppFactory
from advisor.evals.cases import Suite, load_suite
from advisor.evals.cassettes import Cassette, recording_client, replay_client
from advisor.evals.report import Thresholds, compare, write_reports
from advisor.evals.runner import SPLITS, Collector, EvalRun, plant_documents, workdir
from advisor.knowledge.ingest import ingest
from advisor.llm.base import Provider
from advisor.llm.factory import make_provider
from advisor.llm.prompts import load_prompts
from advisor.retrieval.index import KnowledgeIndex, open_index
from advisor.retrieval.relevance import Relevance

ProviderKind = Literal["offline", "replay", "live"]
EVALS_DIR = PROJECT_ROOT / "evals"
REPLAY_URL = "http://replay.invalid/v1"


@dataclass
class EvalOutcome:
    provider: str
    metrics: dict[str, float | None]
    thresholds: Thresholds
    missed: list[str]
    json_report: Path
    md_report: Path

    @property
    def passed(self) -> bool:
        return not self.missed


def load_thresholds(path: Path, provider: str) -> Thresholds:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read thresholds ({exc})") from None
    return dict(data.get(provider, {}))


def _provider(
    kind: ProviderKind, settings: Settings, cassette: Cassette | None, relevance: Relevance
) -> Provider:
    """The provider the settings select (_settings set them for the kind), built as any
    run builds it; live and replay runs send its HTTP through the cassette."""
    client = None
    if kind == "live" and cassette is not None:
        client = recording_client(cassette, settings.llm_timeout_s)
    elif kind == "replay" and cassette is not None:
        client = replay_client(cassette)
    prompts = load_prompts(settings.prompts_dir)
    return make_provider(settings, prompts, http_client=client, relevance=relevance)


def _settings(
    base: Settings, kind: ProviderKind, data_dir: Path, dirs: list[Path], cassette: Cassette | None
) -> Settings:
    update: dict[str, Any] = {"data_dir": data_dir, "knowledge_dirs": dirs, "chroma_url": None}
    if kind == "offline":
        update["llm"] = "offline"
    elif kind == "replay":
        assert cassette is not None
        update |= {
            "llm": "openai",
            "openai_api_key": SecretStr("sk-replay"),
            "openai_base_url": REPLAY_URL,
            "model": cassette.model or base.model,
            "llm_max_retries": (
                base.llm_max_retries if cassette.max_retries is None else cassette.max_retries
            ),
        }
    else:
        if not base.openai_api_key:
            raise ConfigError("--provider live needs OPENAI_API_KEY (and OPENAI_BASE_URL)")
        update["llm"] = "openai"
    return base.model_copy(update=update)


async def _run_cases(
    advisor: Advisor,
    document_advisor: Advisor | None,
    work: Path,
    suite: Suite,
    app_for: AppFactory,
) -> Collector:
    api = ApiPass(advisor, work / "api", app_for)
    try:
        return await EvalRun(advisor, document_advisor, work, api).run(suite)
    finally:
        await api.close()


def default_cases(kind: ProviderKind) -> Path:
    """The full suite offline; the recorded subset for a model, whose every request
    costs real time (and whose cassettes hold exactly that subset)."""
    return EVALS_DIR / ("cases" if kind == "offline" else "cases-local")


def run_eval(
    base: Settings,
    app_for: AppFactory,
    kind: ProviderKind = "offline",
    cases_dir: Path | None = None,
    report_dir: Path | None = None,
    thresholds_path: Path | None = None,
    cassette_path: Path | None = None,
) -> EvalOutcome:
    cases_dir = cases_dir or default_cases(kind)
    report_dir = report_dir or EVALS_DIR / "reports"
    suite = load_suite(cases_dir)
    thresholds = load_thresholds(thresholds_path or EVALS_DIR / "thresholds.yaml", kind)
    cassette_path = cassette_path or EVALS_DIR / "cassettes" / "openai.json"
    cassette: Cassette | None = None
    if kind == "replay":
        cassette = Cassette.load(cassette_path)
    elif kind == "live":
        cassette = Cassette(cassette_path)
        cassette.max_retries = base.llm_max_retries

    work = workdir()
    try:
        settings = _settings(base, kind, work / "index", [DEFAULT_KNOWLEDGE_DIR], cassette)
        index = open_index(settings)
        ingest(index)
        relevance = Relevance()  # the composer's and the scope check's, shared
        provider = _provider(kind, settings, cassette, relevance)
        advisor = build_advisor(settings, provider, index, relevance)
        document_advisor = None
        if plant_documents(suite, work / "planted"):
            doc_settings = _settings(
                base, kind, work / "doc-index", [DEFAULT_KNOWLEDGE_DIR, work / "planted"], cassette
            )
            doc_index = KnowledgeIndex(doc_settings, index.embedder)
            ingest(doc_index)
            document_advisor = build_advisor(doc_settings, provider, doc_index, relevance)
        collector = asyncio.run(_run_cases(advisor, document_advisor, work, suite, app_for))
        if kind == "live" and cassette is not None:
            cassette.save()
        if kind == "replay" and cassette is not None:
            cassette.check()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    metrics = collector.metrics()
    missed = compare(metrics, thresholds)
    meta = {
        "cases_dir": _shown(cases_dir),
        "prompt_version": advisor.prompts.version,
        "cases": suite.count(),
        **(
            {"company_cases": {s: sum(c.split == s for c in suite.companies) for s in SPLITS}}
            if suite.companies
            else {}
        ),
    }
    json_path, md_path = write_reports(
        report_dir, kind, metrics, thresholds, missed, collector.results, meta
    )
    return EvalOutcome(kind, metrics, thresholds, missed, json_path, md_path)


def _shown(path: Path) -> str:
    """A path as the report shows it: relative to the project when inside it."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)
