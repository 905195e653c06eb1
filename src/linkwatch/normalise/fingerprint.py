"""Near-duplicate detection: MinHash signatures and LSH band keys.

Syndicated news is copied with a new header, footer or a changed word, so
exact hashes miss it. The Jaccard similarity of the sets of word 5-shingles
(five consecutive words of the folded text: lower case, no accents, no
punctuation) is robust to such edits, and MinHash estimates it from a
signature of 128 numbers: the share of positions where two signatures agree.

To find candidates without comparing every pair, the signature is cut into 32
bands of 4 rows; documents sharing any band key are candidates (the store keeps
a band key -> document table, so a lookup is a few index probes). With b=32
and r=4, a pair at similarity 0.8 shares a band with probability
1 - (1 - 0.8**4)**32 > 0.9999999, one at 0.3 only about 0.23 of the time, and
the exact :func:`similarity` then decides against the threshold in Settings.

The seed is fixed, so signatures stored today compare with those made later.
Changing ``NUM_PERM``, ``SHINGLE`` or ``SEED`` invalidates stored signatures.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
from datasketch import MinHash

from linkwatch.model import fold

NUM_PERM = 128
SHINGLE = 5  # words per shingle
SEED = 20250206
BANDS = 32
_DTYPE = np.dtype("<u8")  # fixed byte order so stored bytes mean the same on every machine


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """Word `size`-shingles of the folded text (one shingle of all words if there are fewer)."""
    tokens = fold(text).split()
    if len(tokens) <= size:
        return {" ".join(tokens)}
    return {" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}


def signature(text: str) -> bytes:
    """The MinHash signature of `text`: NUM_PERM unsigned 64-bit values, little-endian."""
    mh = MinHash(num_perm=NUM_PERM, seed=SEED)
    mh.update_batch([s.encode("utf-8") for s in sorted(shingles(text))])
    return np.asarray(mh.hashvalues, dtype=_DTYPE).tobytes()


Signature = bytes | Sequence[int] | np.ndarray


def _values(sig: Signature) -> np.ndarray:
    """The values of a signature given as stored bytes, a list of ints or an array."""
    if isinstance(sig, bytes | bytearray | memoryview):
        values = np.frombuffer(sig, dtype=_DTYPE)
    else:
        values = np.asarray(sig, dtype=_DTYPE)
    if values.size != NUM_PERM:
        raise ValueError(f"signature has {values.size} values, expected {NUM_PERM}")
    return values


def similarity(sig_a: Signature, sig_b: Signature) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures (0..1)."""
    return float(np.mean(_values(sig_a) == _values(sig_b)))


def band_keys(sig: Signature, bands: int = BANDS) -> list[str]:
    """One key per band, ``"NN:hash"``; two signatures that agree on a whole band share its key."""
    values = _values(sig)
    if NUM_PERM % bands:
        raise ValueError(f"{bands} bands do not divide {NUM_PERM} values")
    rows = NUM_PERM // bands
    return [
        f"{b:02d}:{hashlib.blake2b(values[b * rows:(b + 1) * rows].astype(_DTYPE).tobytes(), digest_size=8).hexdigest()}"
        for b in range(bands)
    ]
