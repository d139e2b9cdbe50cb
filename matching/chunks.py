"""Windows of text that fit the embedding model, and the hashes that key the vector cache."""

from __future__ import annotations

import hashlib


def text_hash(text: str) -> str:
    """SHA-256 of the text, hex: the cache key together with the model id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chunk_words(text: str, *, max_words: int = 110, overlap: int = 20) -> list[str]:
    """Split a text into overlapping word windows.

    all-MiniLM-L6-v2 stops at 256 tokens, about 125 French words, and silently drops the rest;
    windows keep every part of a long profile visible to the model.

    >>> chunk_words("a b c d e", max_words=3, overlap=1)
    ['a b c', 'c d e']
    """
    if max_words <= overlap:
        raise ValueError("max_words must exceed overlap")
    words = text.split()
    if not words:
        return []
    step = max_words - overlap
    chunks = []
    for start in range(0, len(words), step):
        chunks.append(" ".join(words[start : start + max_words]))
        if start + max_words >= len(words):
            break
    return chunks
