"""Duplicate detection across sources: exact content hashes and MinHash/LSH near-duplicates.

Pure functions and indexes, no database of its own. A `Deduplicator` either holds its index in memory
(`Deduplicator()`, or `from_rows` rebuilt from stored rows) or asks a store that keeps each article's
`content_hash`, its encoded `signature` and its LSH band keys in indexed columns (`for_store`, what a run
uses): then only the candidates sharing a band with a new text are read, however large the archive.

    content_hash(text)        -> str         same normalised text, same hash (exact duplicates)
    signature(text)           -> Signature   MinHash over word shingles (near duplicates)
    Signature.encode()/decode(str)            a compact ASCII form for a text column
    band_keys(sig)            -> [(band, key)] the LSH buckets of a signature, as integers for an indexed table
    NearDuplicateIndex        add(key, sig) / query(sig): LSH banding, candidates verified by similarity
    Deduplicator              both together: check(text) -> DuplicateMatch | None, add(key, text)

Near-duplicate means "the same story syndicated or lightly rewritten": estimated Jaccard similarity of the
word 3-shingle sets at or above `threshold` (0.5 by default). Banding (32 bands of 4 rows) makes a
lookup cost a handful of dictionary probes however large the index grows.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
import zlib
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

NUM_PERM = 128
BANDS = 32
SHINGLE = 3
THRESHOLD = 0.5
#: Texts with fewer words than this get an empty signature: too short to call anything a near-duplicate.
MIN_WORDS = 20

_PRIME = np.uint64(4294967311)  # the smallest prime above 2**32
_MASK = np.uint64(0xFFFFFFFF)
_WORD = re.compile(r"\w+", re.UNICODE)


def normalize_text(text: str) -> str:
    """Case-folded words separated by single spaces: what two copies of one text have in common."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(_WORD.findall(text))


def content_hash(text: str) -> str:
    """SHA-256 (hex) of the normalised text: equal for copies that differ only in case, spacing, punctuation."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def shingles(text: str, k: int = SHINGLE) -> set[int]:
    """32-bit hashes of the text's word k-grams (the whole text as one shingle when shorter than k)."""
    words = normalize_text(text).split()
    if not words:
        return set()
    if len(words) < k:
        return {zlib.crc32(" ".join(words).encode("utf-8"))}
    return {zlib.crc32(" ".join(words[i : i + k]).encode("utf-8")) for i in range(len(words) - k + 1)}


def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    # A fixed seed: signatures stored last year must stay comparable with today's.
    rng = np.random.default_rng(20260401)
    a = rng.integers(1, 2**31, size=num_perm, dtype=np.uint64)
    b = rng.integers(0, 2**31, size=num_perm, dtype=np.uint64)
    return a, b


_PERMS: dict[int, tuple[np.ndarray, np.ndarray]] = {}


@dataclass(frozen=True)
class Signature:
    """A MinHash signature: `num_perm` unsigned 32-bit minima (empty for texts too short to compare)."""

    values: tuple[int, ...]

    @property
    def empty(self) -> bool:
        return not self.values

    def similarity(self, other: Signature) -> float:
        """Estimated Jaccard similarity of the two shingle sets (0.0 when either is empty)."""
        if self.empty or other.empty or len(self.values) != len(other.values):
            return 0.0
        same = sum(1 for x, y in zip(self.values, other.values) if x == y)
        return same / len(self.values)

    def encode(self) -> str:
        """A compact ASCII form (base64 of little-endian uint32s; '' when empty) for a text column."""
        if self.empty:
            return ""
        return base64.b64encode(np.asarray(self.values, dtype="<u4").tobytes()).decode("ascii")

    @classmethod
    def decode(cls, data: str | bytes | None) -> Signature:
        """The inverse of `encode`; '' or None gives an empty signature."""
        if not data:
            return cls(())
        raw = base64.b64decode(data)
        return cls(tuple(int(v) for v in np.frombuffer(raw, dtype="<u4")))


def signature(text: str, num_perm: int = NUM_PERM, *, min_words: int = MIN_WORDS) -> Signature:
    """The MinHash signature of a text's word shingles."""
    if len(normalize_text(text).split()) < min_words:
        return Signature(())
    hashes = np.fromiter(shingles(text), dtype=np.uint64)
    if num_perm not in _PERMS:
        _PERMS[num_perm] = _permutations(num_perm)
    a, b = _PERMS[num_perm]
    # (a*x + b) mod p for every shingle x and permutation; a, b < 2**31 and x < 2**32 cannot overflow.
    table = (np.outer(hashes, a) + b) % _PRIME & _MASK
    return Signature(tuple(int(v) for v in table.min(axis=0)))


def band_keys(sig: Signature, bands: int = BANDS) -> list[tuple[int, int]]:
    """(band, key) of each LSH band of a signature; two signatures share a bucket when they share a pair.

    The key is a signed 64-bit digest of the band's values, so it fits a BIGINT column on every database;
    a collision only adds a candidate, which is verified against its signature like any other.
    """
    if sig.empty:
        return []
    raw = np.asarray(sig.values, dtype="<u4")
    rows = len(raw) // bands
    return [
        (band, int.from_bytes(hashlib.blake2b(raw[band * rows : (band + 1) * rows].tobytes(),
                                              digest_size=8).digest(), "little", signed=True))
        for band in range(bands)
    ]


class NearDuplicateIndex:
    """An LSH index of MinHash signatures: `query` returns stored keys similar to a signature."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM, bands: int = BANDS):
        if num_perm % bands:
            raise ValueError(f"num_perm ({num_perm}) must be a multiple of bands ({bands})")
        self.threshold = threshold
        self.num_perm = num_perm
        self.bands = bands
        self.rows = num_perm // bands
        self._buckets: dict[tuple[int, bytes], list[Hashable]] = {}
        self._signatures: dict[Hashable, Signature] = {}
        self._order: dict[Hashable, int] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, key: object) -> bool:
        return key in self._signatures

    def _bands(self, sig: Signature) -> Iterator[tuple[int, bytes]]:
        raw = np.asarray(sig.values, dtype="<u4")
        for band in range(self.bands):
            yield band, raw[band * self.rows : (band + 1) * self.rows].tobytes()

    def add(self, key: Hashable, sig: Signature) -> None:
        """Index a signature under a key (keys added earlier count as earlier articles)."""
        if sig.empty or key in self._signatures:
            return
        if len(sig.values) != self.num_perm:
            raise ValueError(f"signature has {len(sig.values)} values, index expects {self.num_perm}")
        self._signatures[key] = sig
        self._order[key] = len(self._order)
        for bucket in self._bands(sig):
            self._buckets.setdefault(bucket, []).append(key)

    def query(self, sig: Signature, threshold: float | None = None) -> list[tuple[Hashable, float]]:
        """Keys whose estimated similarity reaches the threshold, most similar first (ties: earliest)."""
        if sig.empty or len(sig.values) != self.num_perm:
            return []
        limit = self.threshold if threshold is None else threshold
        candidates: set[Hashable] = set()
        for bucket in self._bands(sig):
            candidates.update(self._buckets.get(bucket, ()))
        scored = [(key, sig.similarity(self._signatures[key])) for key in candidates]
        hits = [(key, score) for key, score in scored if score >= limit]
        return sorted(hits, key=lambda hit: (-hit[1], self._order[hit[0]]))

    @classmethod
    def from_signatures(
        cls, rows: Iterable[tuple[Hashable, Signature | str | None]], **kwargs: float
    ) -> NearDuplicateIndex:
        """Rebuild an index from stored (key, signature or its encoded form) rows, oldest first."""
        index = cls(**kwargs)  # type: ignore[arg-type]
        for key, sig in rows:
            index.add(key, sig if isinstance(sig, Signature) else Signature.decode(sig))
        return index


@dataclass(frozen=True)
class DuplicateMatch:
    """What a new text duplicates: the earliest matching key, how (exact | near) and how closely."""

    of: Hashable
    kind: str
    similarity: float


class DuplicateStore(Protocol):
    """What a store-backed `Deduplicator` asks of the database (`models.store.Store` answers it)."""

    def duplicate_candidates(self, digest: str, bands: Sequence[tuple[int, int]]
                             ) -> tuple[Hashable | None, list[tuple[Hashable, str | None]]]:
        """The earliest stored original whose text has this content hash, and (key, encoded signature) of the
        stored originals sharing any of these band keys, earliest first: one read."""
        ...


class Deduplicator:
    """Exact and near-duplicate lookups together; the first key added for a story is its original.

    In memory by default; `for_store(store)` asks the store instead, which indexes an article when it
    saves it (its hash and band keys), so nothing is loaded at start and `add` has nothing to remember.
    """

    def __init__(self, threshold: float = THRESHOLD, *, store: DuplicateStore | None = None):
        self.near = NearDuplicateIndex(threshold=threshold)
        self.store = store
        self._hashes: dict[str, Hashable] = {}

    @classmethod
    def for_store(cls, store: DuplicateStore, threshold: float = THRESHOLD) -> Deduplicator:
        """A deduplicator that looks up the articles a store holds, reading only a new text's candidates."""
        return cls(threshold, store=store)

    def __len__(self) -> int:
        return len(self._hashes)

    def check(self, text: str, sig: Signature | None = None) -> DuplicateMatch | None:
        """The earliest stored article this text duplicates, or None if it is new."""
        if self.store is not None:
            return self._check_store(self.store, text, sig)
        original = self._hashes.get(content_hash(text))
        if original is not None:
            return DuplicateMatch(original, "exact", 1.0)
        hits = self.near.query(sig if sig is not None else signature(text))
        if not hits:
            return None
        # Link to the earliest similar article, not merely the most similar one.
        key, score = min(hits, key=lambda hit: self.near._order[hit[0]])
        return DuplicateMatch(key, "near", score)

    def _check_store(self, store: DuplicateStore, text: str, sig: Signature | None) -> DuplicateMatch | None:
        sig = sig if sig is not None else signature(text)
        usable = not sig.empty and len(sig.values) == self.near.num_perm
        original, candidates = store.duplicate_candidates(content_hash(text),
                                                          band_keys(sig, self.near.bands) if usable else [])
        if original is not None:
            return DuplicateMatch(original, "exact", 1.0)
        # Candidates come earliest first: the first one similar enough is the story's original.
        for key, encoded in candidates:
            score = sig.similarity(Signature.decode(encoded))
            if score >= self.near.threshold:
                return DuplicateMatch(key, "near", score)
        return None

    def add(self, key: Hashable, text: str | None = None, *, hash: str | None = None,
            sig: Signature | str | None = None) -> None:
        """Remember an article by its text, or by its stored hash and (encoded) signature.

        With a store, the store indexed the article when it saved it: nothing is kept in memory.
        """
        if self.store is not None:
            return
        digest = hash if hash is not None else content_hash(text or "")
        self._hashes.setdefault(digest, key)
        if sig is None:
            sig = signature(text or "")
        self.near.add(key, sig if isinstance(sig, Signature) else Signature.decode(sig))

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[Hashable, str, str | None]], threshold: float = THRESHOLD
                  ) -> Deduplicator:
        """Rebuild from stored (key, content_hash, encoded signature) rows, oldest first."""
        dedup = cls(threshold=threshold)
        for key, digest, sig in rows:
            dedup.add(key, hash=digest, sig=sig or "")
        return dedup
