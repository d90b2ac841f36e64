"""Near-duplicate articles: wire copies republished by several sites, updated versions of a
page. MinHash signatures (datasketch) cut into LSH bands find candidates; the true Jaccard
similarity of the word shingles confirms them."""
from __future__ import annotations

import hashlib
import re
import zlib
from functools import lru_cache

import numpy as np
from datasketch import MinHash

SHINGLE_WORDS = 5
BANDS, ROWS = 20, 6  # candidates from about J = (1/BANDS) ** (1/ROWS) ≈ 0.61
NUM_PERM = BANDS * ROWS
SEED = 1  # signatures are stored: the permutations must never change
THRESHOLD = 0.7  # confirmed near-duplicates share 70% of their shingles
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[str]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return set(map(" ".join, zip(*(words[i:] for i in range(SHINGLE_WORDS)))))


@lru_cache(maxsize=1)
def _template() -> MinHash:
    # CRC-32 of the shingles: stable across processes like datasketch's SHA-1 default, and faster
    return MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=zlib.crc32)


def bands(text: str | set[str]) -> list[tuple[int, int]]:
    """(band, hash) keys of a text's MinHash signature (or of its shingles): two texts
    sharing a key are candidates."""
    template = _template()
    signature = MinHash(seed=SEED, hashvalues=template.hashvalues, permutations=template.permutations,
                        scheme=template.scheme, hashfunc=zlib.crc32)
    signature.update_batch(map(str.encode, shingles(text) if isinstance(text, str) else text))
    values = signature.hashvalues.astype(np.uint64)
    return [(b, int.from_bytes(hashlib.blake2b(values[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=8).digest(),
                                "little")) for b in range(BANDS)]


def jaccard(a: str | set[str], b: str | set[str]) -> float:
    a = shingles(a) if isinstance(a, str) else a
    b = shingles(b) if isinstance(b, str) else b
    return len(a & b) / len(a | b) if a and b else 0.0


def fingerprint(shingles: set[str]) -> np.ndarray:
    """The shingles as sorted 64-bit hashes: a tenth of the memory of the strings, and
    compared with numpy. Python's string hash changes between processes, which no
    comparison within one process sees; two shingles share a hash about once in 10^16."""
    return np.unique(np.fromiter(map(hash, shingles), dtype=np.int64, count=len(shingles)))


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """`jaccard` of two texts' shingles, from their fingerprints."""
    if not len(a) or not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)
