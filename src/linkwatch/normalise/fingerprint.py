"""Near-duplicate detection: MinHash signatures and LSH band keys.

Syndicated news is copied with a new header, footer or a changed word, so
exact hashes miss it. The Jaccard similarity of the sets of word 5-shingles
(five consecutive words of the folded text: lower case, no accents, no
punctuation) is robust to such edits, and MinHash estimates it from a
signature of 128 numbers: the share of positions where two signatures agree.

To find candidates without comparing every pair, the signature is cut into 32
bands of 4 rows (the store keeps a band key -> document table, so a lookup is a
few index probes). A pair at similarity J shares each band with probability J**4,
so the number of shared bands is binomial(32, J**4). Requiring MIN_SHARED_BANDS = 4
of them (instead of any one) keeps copies and drops mere neighbours:

    J                 0.3     0.4     0.5     0.6     0.7     0.8      0.9
    any 1 band        0.23    0.56    0.87    0.99    1.0     1.0      1.0
    4 of 32 bands     0.0001  0.009   0.14    0.61    0.97    0.9999   1.0
    16 bands x 8 rows 0.001   0.01    0.06    0.24    0.61    0.95     0.9999

(computed from the binomial). Four of 32 is as selective as 16 x 8 below 0.5, where
articles on one story sit, and misses a pair at the 0.8 threshold about once in
10,000 instead of once in 20; it also keeps the stored band keys valid. Candidates come
most-shared first and at most MAX_CANDIDATES of them are compared: the expected number
of shared bands is 32 * J**4, so the best match is near the top, and a story rewritten
by hundreds of outlets cannot make one lookup read hundreds of signatures. The exact
:func:`similarity` then decides against the threshold in Settings.

The seed is fixed, so signatures stored today compare with those made later.
Changing ``NUM_PERM``, ``SHINGLE`` or ``SEED`` invalidates stored signatures.
"""
from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence

import numpy as np

from linkwatch.text import fold

NUM_PERM = 128
SHINGLE = 5  # words per shingle
SEED = 20250206
BANDS = 32
MIN_SHARED_BANDS = 4  # see the table above
MAX_CANDIDATES = 50  # a bound, not a tuned value: the most similar originals share the most bands
_SLICE = 20_000  # shingles hashed at once: NUM_PERM x _SLICE x 4 bytes = 10 MB of work space
_DTYPE = np.dtype("<u8")  # fixed byte order so stored bytes mean the same on every machine


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """Word `size`-shingles of the folded text (one shingle of all words if there are fewer)."""
    tokens = fold(text).split()
    if len(tokens) <= size:
        return {" ".join(tokens)}
    return {" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}


# datasketch 2's MinHash (its default "affine32" scheme: each shingle's SHA-1 hash, mixed by the MurmurHash3
# finalizer, then permuted as a * h + b modulo 2**32 with odd a), computed here because importing datasketch
# imports scipy, a second of every ingest's start-up for one function. tests/normalise/test_norm_fingerprint.py
# checks the values equal datasketch's, so signatures stored before stay comparable.
_gen = np.random.RandomState(SEED)
_A = _gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
_B = _gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
_EMPTY = np.full(NUM_PERM, (1 << 32) - 1, dtype=np.uint32)


def _fmix32(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def minhash(values: list[bytes]) -> np.ndarray:
    """The NUM_PERM minimum hash values of a set of byte strings."""
    if not values:
        return _EMPTY.copy()
    hv = np.array([struct.unpack("<I", hashlib.sha1(v).digest()[:4])[0] for v in values], dtype=np.uint32)
    with np.errstate(over="ignore"):  # uint32 arithmetic wraps: that is the modulo 2**32
        phv = _fmix32(hv).reshape(-1, 1) * _A + _B
    return np.minimum(_EMPTY, phv.min(axis=0))


def signature(text: str) -> bytes:
    """The MinHash signature of `text`: NUM_PERM unsigned 64-bit values, little-endian.

    Shingles are hashed a slice at a time, straight from the words: hashing every shingle of a 10 MB
    document at once held a NUM_PERM x shingles array (1.6 GB). A minimum does not care about order or
    repeats, so the signature is the same as from the set of shingles."""
    words = fold(text).split()
    if len(words) <= SHINGLE:
        values = minhash([" ".join(words).encode("utf-8")])
    else:
        values = _EMPTY.copy()
        for start in range(0, len(words) - SHINGLE + 1, _SLICE):
            stop = min(start + _SLICE, len(words) - SHINGLE + 1)
            values = np.minimum(values, minhash([" ".join(words[i:i + SHINGLE]).encode("utf-8")
                                                 for i in range(start, stop)]))
    return np.asarray(values, dtype=_DTYPE).tobytes()


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
