"""Bulk profile embedding: Passerelle's path against the raw model, on the same texts.

    .venv/bin/python -m bench.embedding_throughput

About 600 windows of French text (at most 110 words each, mixed lengths as a profile refresh
has) are built from the seed network: project descriptions, people's bios, and each bio followed
by a project description. In the same run, alternating and repeated, this times

- raw: the underlying ``SentenceTransformer``'s ``encode(texts, batch_size=32,
  normalize_embeddings=True, convert_to_numpy=True)`` in the given order;
- passerelle: ``embed_in_batches(embedder, texts)``, which sorts by length and calls
  ``SentenceTransformerEmbedder.embed``;

with torch's default thread count and then with one thread (the side that starts swaps every
round; both sides pass ``show_progress_bar=False``). Best and median of the rounds are printed;
the ratio compares the bests. Target: passerelle / raw >= 0.85.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np

from matching.chunks import chunk_words
from matching.embedder import SentenceTransformerEmbedder
from matching.embedding_cache import embed_in_batches

NETWORK = Path(__file__).resolve().parent.parent / "seed_data" / "network"
WINDOW_WORDS = 110
TARGET = 0.85


def _records(name: str) -> Iterator[dict[str, object]]:
    with (NETWORK / name).open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def profile_windows(count: int) -> list[str]:
    """``count`` windows of seed text: descriptions, bios, then bio + description pairs.

    The pairs stand for a profile whose own text runs into its projects' texts; they give the
    full-length windows and the short tails that a refresh embeds besides the short bios.
    """
    descriptions = [str(p["description"]) for p in _records("projects.jsonl") if p.get("description")]
    bios = [str(p["bio"]) for p in _records("persons.jsonl") if p.get("bio")]
    texts = [w for d in descriptions for w in chunk_words(d, max_words=WINDOW_WORDS)]
    texts += [w for b in bios for w in chunk_words(b, max_words=WINDOW_WORDS)]
    i = 0
    while len(texts) < count:
        pair = f"{bios[i % len(bios)]} {descriptions[(i * 7) % len(descriptions)]}"
        texts += chunk_words(pair, max_words=WINDOW_WORDS)
        i += 1
    return texts[:count]


def best_and_median(rates: Sequence[float]) -> str:
    return f"best {max(rates):7.1f}  median {statistics.median(rates):7.1f} texts/s"


def compare(
    texts: list[str],
    raw: Callable[[list[str]], object],
    passerelle: Callable[[list[str]], object],
    repeat: int,
) -> tuple[list[float], list[float]]:
    """Texts/s of each side, alternating; the side that starts swaps every round."""
    rates: dict[str, list[float]] = {"raw": [], "passerelle": []}
    sides = {"raw": raw, "passerelle": passerelle}
    for round_ in range(repeat):
        order = ("raw", "passerelle") if round_ % 2 == 0 else ("passerelle", "raw")
        for name in order:
            started = time.perf_counter()
            sides[name](texts)
            rates[name].append(len(texts) / (time.perf_counter() - started))
    return rates["raw"], rates["passerelle"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--texts", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import torch

    texts = profile_windows(args.texts)
    words = sorted(len(t.split()) for t in texts)
    print(f"cores {os.cpu_count()}, load average at start {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"{len(texts)} windows of seed text: words min {words[0]}, median {statistics.median(words):.0f}, "
        f"mean {statistics.fmean(words):.0f}, max {words[-1]}; "
        f"{sum(w >= WINDOW_WORDS for w in words)} full windows of {WINDOW_WORDS} words"
    )

    embedder = SentenceTransformerEmbedder()  # threads=None: torch's default
    # The very object that ``embed`` calls, so that both sides run the same weights and threads.
    model = embedder._load()

    def raw(batch: list[str]) -> object:
        return model.encode(
            batch,
            batch_size=32,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )

    def passerelle(batch: list[str]) -> object:
        return embed_in_batches(embedder, batch)

    same = np.abs(np.asarray(raw(texts[:64])) - embed_in_batches(embedder, texts[:64])).max()
    print(f"warm-up done; largest difference between the two sides' vectors: {same:.2e}")

    ratios: list[float] = []
    default_threads = torch.get_num_threads()
    for threads in (default_threads, 1):
        torch.set_num_threads(threads)
        label = "default" if threads == default_threads else "set"
        print(f"\ntorch threads {torch.get_num_threads()} ({label}), {args.repeat} rounds each, alternating")
        raw_rates, our_rates = compare(texts, raw, passerelle, args.repeat)
        print(f"  raw SentenceTransformer.encode   {best_and_median(raw_rates)}")
        print(f"  passerelle embed_in_batches      {best_and_median(our_rates)}")
        ratio = max(our_rates) / max(raw_rates)
        median_ratio = statistics.median(our_rates) / statistics.median(raw_rates)
        ratios.append(ratio)
        print(f"  ratio passerelle / raw: {ratio:.2f} (best / best), {median_ratio:.2f} (median / median)")
    print(f"\nload average at end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"ratio passerelle / raw encode (best of {args.repeat} each): "
        + ", ".join(f"{r:.2f}" for r in ratios)
        + f" (threads {default_threads}, 1); target: ratio >= {TARGET}"
    )


if __name__ == "__main__":
    main()
