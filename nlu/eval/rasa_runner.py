"""Train Rasa NLU models on example subsets and parse messages with them (Rasa env only)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import yaml

from nlu.eval.data import ROOT

CONFIG = ROOT / "config.yml"


def write_config(path: Path, diet_epochs: int | None, base: Path = CONFIG) -> Path:
    """A copy of the pipeline config, optionally with fewer DIET epochs (used for cross-validation)."""
    config = yaml.safe_load(base.read_text(encoding="utf-8"))
    if diet_epochs is not None:
        for component in config["pipeline"]:
            if component["name"] == "DIETClassifier":
                component["epochs"] = diet_epochs
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_nlu(path: Path, messages: list[Any]) -> Path:
    """Write messages as a Rasa NLU YAML file."""
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.training_data import TrainingData

    RasaYAMLWriter().dump(str(path), TrainingData(training_examples=messages))
    return path


def train(
    messages: list[Any], workdir: Path, name: str, diet_epochs: int | None = None, base: Path = CONFIG
) -> tuple[str, float]:
    """Train an NLU-only model on `messages`; returns (model path, seconds)."""
    from rasa.model_training import train_nlu

    workdir.mkdir(parents=True, exist_ok=True)
    config = write_config(workdir / f"{name}-config.yml", diet_epochs, base)
    nlu_file = write_nlu(workdir / f"{name}-nlu.yml", messages)
    start = time.perf_counter()
    model = train_nlu(
        config=str(config),
        nlu_data=str(nlu_file),
        output=str(workdir),
        fixed_model_name=name,
        domain=str(ROOT / "domain"),
    )
    if not model:
        raise RuntimeError(f"training {name} produced no model")
    return str(model), time.perf_counter() - start


def parse_all(model_path: str, texts: list[str]) -> tuple[list[dict[str, Any]], list[float]]:
    """Parse every text with the model in-process; returns parse results and per-message seconds."""
    from rasa.core.agent import Agent

    async def run() -> tuple[list[dict[str, Any]], list[float]]:
        agent = Agent.load(model_path)
        await agent.parse_message("warm-up 你好")
        results, times = [], []
        for text in texts:
            start = time.perf_counter()
            results.append(await agent.parse_message(text))
            times.append(time.perf_counter() - start)
        return results, times

    return asyncio.run(run())
