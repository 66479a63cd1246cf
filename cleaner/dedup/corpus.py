"""Duplicates across documents: near-duplicate documents (D301) and paragraphs seen
in other documents (D201), against the batch so far and any persistent index.

`features` (pure, may run in a worker process) sketches the document;
`reconcile_many` (main process, a batch at a time, in input order) asks the
index about the whole batch in bulk, compares the batch's documents with each
other in bulk (`batch.py`), decides document by document, and adds them.
Documents are compared on their running text (`content.py`), with MinHash for
resemblance and fingerprint samples for containment (`matching.py`).

Identity: a document already in the index under the same id and text is the
same document seen again, not a duplicate of itself; it is compared only with
documents indexed before it, so re-running a batch against its own index gives
the same answers as the first run.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

import numpy as np

from ..config import Config, DedupConfig
from ..document import Document, Paragraph, TextView, line_removal_fix
from ..findings import Finding, Severity
from ..pipeline import Annotation, Context, Corpus
from ..rules import define_rule
from .batch import BatchRelations, earlier_holders
from .index import DuplicateIndex, IndexedDocument, IndexParameters, NewDocument, open_index
from .index.memory import SortedMultimap
from .index.store import identity_keys
from .index.base import FingerprintHits
from .matching import Comparison, best_match
from .pairs import best_per_group, lookup_counts, shared_counts, sieve, top_hits, unique_pairs
from .signatures import stacked
from .sketch import forget_seen_text, sketches

# Candidates from fingerprint look-ups are checked best first, at most this many
# (a page full of site furniture shares a few fingerprints with every page of its site).
MAX_FINGERPRINT_CANDIDATES = 24
INDEX_STATE_KEY = "dedup.index"

NEAR_DUPLICATE = define_rule(
    "D301",
    "near-duplicate-document",
    "Document repeats an earlier document (same story, other boilerplate, truncated or lightly edited)",
    """
    The running text of this document is (nearly) the same as that of an earlier
    document of the batch or of the index, or is contained in it, or contains it:
    a syndicated wire story, the same article scraped twice, a full page that
    holds an article already seen. The record's `duplicate_of` names the earliest
    document of the group. `cleaner clean --drop D3` drops later copies;
    without it they are only marked. A record given twice in one input (same
    id and text: the same URL scraped twice) is marked as the same record
    again; met again in a later run, against a persistent index, a document
    is that document seen again, not a copy of itself.

    Running text means lines that read like sentences; menus, headline lists and
    footers are left out of the comparison so that two different articles of one
    site are not joined by the furniture they share. A full page counts as a copy
    of an article when nearly all of the article's text (`document-similarity`,
    default 0.9) is in it; two versions of one story count when their Jaccard
    similarity is at least `document-jaccard` (default 0.5; 0.8 when either has
    less than about 30 words of running text, where a shared newsletter line
    alone could reach 0.5).

    False positives: two articles that quote the same long statement and say
    little else. False negatives: pages whose text is all tables or lists.
    """,
    examples=[
        "Lawmakers approved the new budget on Tuesday after a long debate in the chamber.\n"
        "The plan raises spending on schools and roads, and trims the defence budget slightly.\n"
        "Opposition members said the measures would not be enough to close the deficit this year.",
        "Home | World | Politics\n"
        "Lawmakers approved the new budget on Tuesday after a long debate in the chamber.\n"
        "The plan raises spending on schools and roads, and trims the defence budget slightly.\n"
        "Opposition members said the measures would not be enough to close the deficit this year.\n"
        "Subscribe | Contact us",
    ],
    counter_examples=[
        "Lawmakers approved the new budget on Tuesday after a long debate in the chamber.\n"
        "The plan raises spending on schools and roads, and trims the defence budget slightly.",
    ],
    fix="none",
    severity=Severity.INFO,
)

SHARED_PARAGRAPH = define_rule(
    "D201",
    "paragraph-in-other-document",
    "Paragraph also appears in another document (site furniture or a syndicated paragraph)",
    """
    This line, word for word (ignoring case, spacing and punctuation), is also in
    another document of the batch or of the index, which is not a copy of this
    one: the same newsletter prompt, legal notice or author blurb on every page
    of a site, or a paragraph lifted from a wire story. The message names a
    document that has it. The fix (shown, not applied by default) removes the
    line; keep it when the shared paragraph is a genuine quotation.

    Lines with fewer than `min-shared-paragraph-words` words (default 4) are
    never reported: "Read more" on two pages says nothing.
    """,
    examples=[
        "Rain is expected across the north of the country this weekend, forecasters said.\n"
        "The author is a senior correspondent covering economics and energy markets.",
        "The central bank kept interest rates unchanged at its meeting on Thursday.\n"
        "The author is a senior correspondent covering economics and energy markets.",
    ],
    counter_examples=[
        "The central bank kept interest rates unchanged at its meeting on Thursday.\n"
        "The author is a senior correspondent covering economics and energy markets.",
    ],
    fix="unsafe",
    severity=Severity.INFO,
)


@dataclass(frozen=True, slots=True)
class DocumentFeatures:
    """What `reconcile` needs of one document; picklable."""

    content_hash: int
    signature: np.ndarray
    shingles: int
    fingerprints: np.ndarray
    lookup_fingerprints: np.ndarray  # the part of `fingerprints` looked up by value
    # Lines that may be reported as seen in another document (first copy of each):
    line_hashes: np.ndarray  # uint64
    line_numbers: np.ndarray  # 0-based, in the view
    line_starts: np.ndarray
    line_ends: np.ndarray

    def __reduce__(self):
        # Every worker reply carries a batch of these to the main process: one bytes
        # blob instead of eight pickled arrays costs a third as much to unpickle.
        arrays = (self.signature, self.fingerprints, self.lookup_fingerprints, self.line_hashes,
                  self.line_numbers, self.line_starts, self.line_ends)
        layout = tuple((a.dtype.str, len(a)) for a in arrays)
        blob = b"".join(np.ascontiguousarray(a).tobytes() for a in arrays)
        return _features_from_blob, (self.content_hash, self.shingles, layout, blob)


def _features_from_blob(content_hash: int, shingles: int, layout: tuple, blob: bytes) -> DocumentFeatures:
    arrays = []
    offset = 0
    for dtype, n in layout:
        array = np.frombuffer(blob, dtype=dtype, count=n, offset=offset)
        arrays.append(array)
        offset += array.nbytes
    signature, fingerprints, lookup, line_hashes, line_numbers, line_starts, line_ends = arrays
    return DocumentFeatures(content_hash, signature, shingles, fingerprints, lookup, line_hashes, line_numbers,
                            line_starts, line_ends)


def content_hash(text: str) -> int:
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1  # fits a signed 64-bit column


def index_parameters(config: DedupConfig) -> IndexParameters:
    return IndexParameters(num_perm=config.num_perm, shingle_words=config.shingle_words,
                           fingerprint_bits=config.fingerprint_bits,
                           lsh_threshold=config.document_jaccard)


def lookup_fingerprints(fingerprints: np.ndarray, fingerprint_bits: int) -> np.ndarray:
    """The half of the fingerprints that is looked up by value (the next bit is zero too).

    The index keeps only these in its look-up table, to halve its size; the full
    sample travels with each document for measuring containment. (`sketch.py`
    computes the same for a whole batch.)
    """
    return fingerprints[(fingerprints >> np.uint64(fingerprint_bits)) & np.uint64(1) == 0]


class CorpusDuplicateStage:
    name = "dedup-corpus"
    codes = (SHARED_PARAGRAPH.code, NEAR_DUPLICATE.code)
    transforms = False

    def __init__(self, config: Config) -> None:
        self.config = config.dedup
        self.params = index_parameters(self.config)
        forget_seen_text()

    def prepare(self, views: Sequence[TextView], docs: Sequence[Document], ctx: Context) -> None:
        sketches().prepare([v.text for v in views], self.config)

    def check(self, view: TextView, doc: Document, ctx: Context) -> Iterable[Finding | Annotation]:
        return ()

    def features(self, view: TextView, doc: Document, ctx: Context) -> DocumentFeatures:
        sketch = sketches().get(view.text, self.config)
        return DocumentFeatures(content_hash(doc.text), sketch.document_signature, sketch.document_shingles,
                                sketch.document_fingerprints, sketch.document_lookup_fingerprints,
                                sketch.shared_line_hashes, sketch.shared_lines, sketch.shared_line_starts,
                                sketch.shared_line_ends)

    def reconcile(self, features: DocumentFeatures | None, view: TextView, doc: Document, corpus: Corpus,
                  ctx: Context) -> list[Finding | Annotation]:
        return self.reconcile_many([features], [view], [doc], corpus, ctx)[0]

    def reconcile_many(self, features: Sequence[DocumentFeatures | None], views: Sequence[TextView],
                       docs: Sequence[Document], corpus: Corpus, ctx: Context) -> list[list[Finding | Annotation]]:
        feats = [f if f is not None else self.features(v, d, ctx) for f, v, d in zip(features, views, docs)]
        index: DuplicateIndex = corpus.state(INDEX_STATE_KEY, lambda: open_index(corpus.index, self.params))
        # An index of this run alone knows only this run's documents: what it knows is a repeat.
        run_seen = None if index.location == "memory" else corpus.state(RUN_IDENTITIES_KEY, SortedMultimap)
        return _BatchReconciler(self, index, run_seen, feats, views, docs).run()


# (id, text) of the documents met in this run -> seq of the first: a record given
# twice in one input is a copy (the same URL scraped twice), which re-running the
# input against a persistent index must still say. 12 bytes a document.
RUN_IDENTITIES_KEY = "dedup.run_identities"

# Documents of the current batch get seqs above any the index can have, until
# the index gives them real ones: they come after everything indexed before.
PROVISIONAL_SEQ = 1 << 62


class _BatchReconciler:
    """Decides one batch: index answers fetched in bulk, then one document at a time."""

    def __init__(self, stage: CorpusDuplicateStage, index: DuplicateIndex, run_seen: SortedMultimap | None,
                 feats: list[DocumentFeatures], views: Sequence[TextView], docs: Sequence[Document]) -> None:
        self.config = stage.config
        self.index = index
        self.run_seen = run_seen
        self.feats, self.views, self.docs = feats, views, docs
        n = len(docs)
        keys = [(d.id, f.content_hash) for d, f in zip(docs, feats)]
        self.known = index.find_identities(keys)
        # The same (id, text) again in this run, in this batch (-1 - j: document j of the
        # batch) or an earlier one (a seq): a copy of that record. It is not indexed again.
        if run_seen is None:
            self.repeat_of: list[int | None] = list(self.known)
        else:
            self.identity_keys = identity_keys(keys)
            self.repeat_of = [None] * n
            earlier_pos, earlier_seq = run_seen.lookup_positions(self.identity_keys)
            for i, seq in zip(earlier_pos.tolist(), earlier_seq.tolist()):
                self.repeat_of[i] = seq
        first_at: dict[tuple[str, int], int] = {}
        for i, key in enumerate(keys):
            j = first_at.setdefault(key, i)
            if j != i and self.repeat_of[i] is None:
                self.repeat_of[i] = -1 - j
            if j != i and self.known[i] is None:
                self.known[i] = PROVISIONAL_SEQ + j
        self.batch = BatchRelations(feats, [d.id for d in docs], self.config)
        signed = [i for i, f in enumerate(feats) if f.shingles > 0]
        sim_labels, sim_seqs = index.similar_arrays([feats[i].signature for i in signed])
        similar = (np.asarray(signed, dtype=np.int64)[sim_labels], sim_seqs)
        hits = index.fingerprint_hit_arrays([f.lookup_fingerprints for f in feats])
        contents = index.find_contents([f.content_hash for f in feats])
        # The batch's shareable lines, one array for all documents (document i's are
        # `line_cuts[i]:line_cuts[i + 1]`): who had each first, in the index and in the batch.
        sizes = [len(f.line_hashes) for f in feats]
        self.line_cuts = [0, *np.cumsum(sizes).tolist()]
        self.lines = np.concatenate([f.line_hashes for f in feats]) if n else np.empty(0, np.uint64)
        self.line_doc = np.repeat(np.arange(n), sizes)
        self.index_owner = index.paragraph_owner_array(self.lines)  # seq, or -1
        self.batch_owner = earlier_holders(self.lines, self.line_doc)  # document of the batch, or -1
        labels, seqs = self._candidates(similar, hits, contents)
        wanted = set(seqs.tolist()).union(np.unique(self.index_owner[self.index_owner >= 0]).tolist())
        for r in self.repeat_of:
            if r is not None:  # the first copy: an earlier batch's, or one of this batch known from before
                first = r if r >= 0 else self.known[-1 - r]
                if first is not None and first < PROVISIONAL_SEQ:
                    wanted.add(first)
        self.entries = index.entries(wanted)
        # A line whose first owner was pruned from the index has no owner.
        if len(self.entries) < len(wanted):
            present = np.fromiter(self.entries, dtype=np.int64, count=len(self.entries))
            self.index_owner[~np.isin(self.index_owner, present)] = -1
        self.columns = index.entry_columns(self.entries)
        self.identical: list[list[IndexedDocument]] = [[] for _ in range(n)]  # same text, other id
        self.similar: list[list[Comparison]] = [[] for _ in range(n)]  # best near-duplicate per group
        self._sift(labels, seqs, hits)
        # The sizes of the groups a document of the batch may join: those of the documents
        # it is compared with, and those the batch's own documents may start or join.
        roots = {d.id for d in docs}
        roots.update(other.root_id for found in self.identical for other in found)
        roots.update(c.other.root_id for found in self.similar for c in found)
        self.group_sizes = index.group_sizes(roots)
        self.local: list[IndexedDocument | None] = [None] * n

    def _candidates(self, similar: tuple[np.ndarray, np.ndarray], hits: FingerprintHits,
                    contents: list[int | None]) -> tuple[np.ndarray, np.ndarray]:
        """(document, seq) pairs worth a look: LSH neighbours, the documents sharing the
        most fingerprints, the first with the same text; only seqs before a known document."""
        parts_l, parts_s = [similar[0]], [similar[1]]
        best_l, best_s = top_hits(hits.labels, hits.seqs, hits.counts, MAX_FINGERPRINT_CANDIDATES)
        parts_l.append(best_l)
        parts_s.append(best_s)
        same = [(i, c) for i, c in enumerate(contents) if c is not None]
        parts_l.append(np.array([i for i, _ in same], dtype=np.int64))
        parts_s.append(np.array([c for _, c in same], dtype=np.int64))
        labels, seqs = unique_pairs(np.concatenate(parts_l), np.concatenate(parts_s))
        limit = np.array([k if k is not None else np.iinfo(np.int64).max for k in self.known], dtype=np.int64)
        keep = seqs < limit[labels] if len(labels) else np.zeros(0, dtype=bool)
        return labels[keep], seqs[keep]

    def _sift(self, labels: np.ndarray, seqs: np.ndarray, hits: FingerprintHits) -> None:
        """Sort the candidate pairs into `identical` and `similar`, dropping those that cannot match."""
        if not len(labels) or not self.entries:
            return
        entry_seqs = np.fromiter(self.entries, dtype=np.int64, count=len(self.entries))
        order = np.argsort(entry_seqs)
        pos = np.minimum(np.searchsorted(entry_seqs, seqs, sorter=order), len(order) - 1)
        present = entry_seqs[order[pos]] == seqs
        labels, seqs, rows = labels[present], seqs[present], order[pos[present]]
        columns, feats = self.columns, self.feats

        def entry(row: int) -> IndexedDocument:
            return self.entries[int(entry_seqs[row])]

        my_ids = np.array([d.id for d in self.docs], dtype=object)
        other_ids = np.array(columns.doc_ids, dtype=object)
        keep = my_ids[labels] != other_ids[rows]  # another version of this very document is not a copy of it
        labels, seqs, rows = labels[keep], seqs[keep], rows[keep]
        my_hash = np.array([f.content_hash for f in feats], dtype=np.int64)
        identical = my_hash[labels] == columns.content_hashes[rows]
        group_of_row = columns.group_codes
        # Same text: all such matches score alike, so `best_match` can only choose the
        # earliest of each group; the rest need no IndexedDocument.
        same_l, same_r, same_s = labels[identical], rows[identical], seqs[identical]
        by_group = np.lexsort((same_s, group_of_row[same_r], same_l))
        same_l, same_r = same_l[by_group], same_r[by_group]
        first = np.ones(len(by_group), dtype=bool)
        first[1:] = (same_l[1:] != same_l[:-1]) | (group_of_row[same_r][1:] != group_of_row[same_r][:-1])
        for i, r in zip(same_l[first].tolist(), same_r[first].tolist()):
            self.identical[i].append(entry(r))
        my_shingles = np.array([f.shingles for f in feats], dtype=np.int64)
        rest = ~identical & (my_shingles[labels] > 0) & (columns.shingles[rows] > 0)
        labels, seqs, rows = labels[rest], seqs[rest], rows[rest]
        n_fps = np.array([len(f.fingerprints) for f in feats], dtype=np.int64)
        maybe, jaccard, measure = sieve(labels, rows, columns, stacked([f.signature for f in feats]), my_shingles,
                                        n_fps, np.array([len(f.lookup_fingerprints) for f in feats], dtype=np.int64),
                                        lookup_counts(labels, seqs, hits.labels, hits.seqs, hits.counts),
                                        hits.crowded, self.config)
        labels, rows, seqs, jaccard, measure = labels[maybe], rows[maybe], seqs[maybe], jaccard[maybe], measure[maybe]
        # As `matching.compare` does: containment where resemblance does not decide.
        containment = np.full(len(labels), np.nan)
        at = np.flatnonzero(measure)
        if len(at):
            shared = shared_counts(labels[at], [f.fingerprints for f in feats],
                                   [columns.fingerprints_of(r) for r in rows[at].tolist()])
            containment[at] = shared / np.minimum(n_fps[labels[at]], columns.fingerprint_counts[rows[at]])
        groups = group_of_row[rows]
        best = best_per_group(labels, groups, seqs, jaccard, containment, my_shingles[labels], columns.shingles[rows],
                              self.config)
        for p in best.tolist():
            i, c = int(labels[p]), float(containment[p])
            self.similar[i].append(Comparison(entry(int(rows[p])), float(jaccard[p]), None if c != c else c,
                                              feats[i].shingles))

    def run(self) -> list[list[Finding | Annotation]]:
        results = []
        new_docs: list[NewDocument] = []
        now = time.time()
        superseded = self._superseded()
        fresh_lines, fresh_cuts = self._fresh_lines(superseded)
        for i, (f, view, doc) in enumerate(zip(self.feats, self.views, self.docs)):
            first = self._first_copy(i)
            if first is not None:
                results.append(_near_duplicate_items(Comparison(first, 1.0, 1.0), view, repeat=True))
                continue  # the record again: nothing more to say of it, nothing to index
            match = self._match(i)
            if match is not None:
                results.append(_near_duplicate_items(match, view))
            else:
                results.append(list(self._shared_paragraphs(i)))
            if self.known[i] is not None:
                continue
            root = match.other.root_id if match is not None else doc.id
            entry = IndexedDocument(doc.id, f.content_hash, root, f.shingles, f.signature, f.fingerprints, now,
                                    seq=PROVISIONAL_SEQ + i)
            self.local[i] = entry
            self.group_sizes[root] = self.group_sizes.get(root, 0) + 1
            if i in superseded:
                continue  # a later version of this article in the batch is the one kept
            indexable = f.shingles > 0
            new_docs.append(NewDocument(entry, f.lookup_fingerprints if indexable else np.empty(0, np.uint64),
                                        fresh_lines[fresh_cuts[i]:fresh_cuts[i + 1]], indexable,
                                        replaces=doc.named_id))
        self.index.add_many(new_docs)
        self._remember_first_copies()
        return results

    def _superseded(self) -> set[int]:
        """Documents of the batch that a later version of the same article in the batch
        (same id, other text) replaces in a persistent index, as one in a later batch would:
        the index keeps one version per id. (An index of this run alone keeps both.)"""
        if self.run_seen is None:
            return set()
        last: dict[str, int] = {}
        for i, doc in enumerate(self.docs):
            if doc.named_id and self.repeat_of[i] is None:
                last[doc.id] = i
        return {i for i, doc in enumerate(self.docs)
                if doc.named_id and self.repeat_of[i] is None and last[doc.id] != i}

    def _fresh_lines(self, superseded: set[int]) -> tuple[np.ndarray, list[int]]:
        """The lines each document of the batch is the first owner of, should it be
        indexed: one array, document i's at ``cuts[i]:cuts[i + 1]``. A line is owned by
        the first indexed document that had it, in the index or earlier in the batch."""
        batch_owner = self.batch_owner
        if superseded:  # a later version of that document in the batch is the one indexed
            batch_owner = np.where(np.isin(batch_owner, list(superseded)), -1, batch_owner)
        unowned = self.index_owner < 0
        if self.run_seen is not None:
            # Lines an earlier version of this very article owned pass to this version (a
            # persistent index forgets the earlier one: `NewDocument.replaces`; one of this
            # run alone keeps both, and the first owner stays).
            unowned |= self._owned_by_earlier_version()
        fresh = np.flatnonzero(unowned & (batch_owner < 0))
        return self.lines[fresh], np.searchsorted(fresh, self.line_cuts).tolist()

    def _owned_by_earlier_version(self) -> np.ndarray:
        """Per line of the batch: is its owner in the index a version of the line's own document?"""
        owned = np.flatnonzero(self.index_owner >= 0)
        if not len(owned):
            return np.zeros(len(self.lines), dtype=bool)
        seqs = np.unique(self.index_owner[owned])
        owner_ids = np.array([self.entries[s].doc_id for s in seqs.tolist()], dtype=object)
        my_ids = np.array([d.id for d in self.docs], dtype=object)
        out = np.zeros(len(self.lines), dtype=bool)
        out[owned] = owner_ids[np.searchsorted(seqs, self.index_owner[owned])] == my_ids[self.line_doc[owned]]
        return out

    def _first_copy(self, i: int) -> IndexedDocument | None:
        """The earlier record of this run that document i repeats (same id and text), if any."""
        r = self.repeat_of[i]
        if r is None:
            return None
        if r < 0:
            j = -1 - r
            if self.local[j] is not None:
                return self.local[j]
            r = self.known[j]
        first = self.entries.get(r) if r is not None and r < PROVISIONAL_SEQ else None
        if first is None or (first.doc_id, first.content_hash) != (self.docs[i].id, self.feats[i].content_hash):
            return None  # pruned, replaced, or two identities on one 64-bit key
        return first

    def _remember_first_copies(self) -> None:
        if self.run_seen is None:
            return  # the index itself is the run's memory
        firsts, seqs = [], []
        for i, (entry, known) in enumerate(zip(self.local, self.known)):
            seq = entry.seq if entry is not None else known
            if self.repeat_of[i] is None and seq is not None and seq < PROVISIONAL_SEQ:
                firsts.append(i)
                seqs.append(seq)
        if seqs:  # one key per document, as `Identities.add` files them
            self.run_seen.add_pairs(self.identity_keys[firsts], np.array(seqs))

    def _match(self, i: int) -> Comparison | None:
        if not _has_words(self.views[i].text):
            return None  # two empty records (or two of only punctuation) copy nothing of each other
        f = self.feats[i]
        before = self.known[i]
        comparisons = [Comparison(other, 1.0, 1.0) for other in self.identical[i]]
        comparisons += self.similar[i]
        for j, jaccard, containment in self.batch.matches(i):
            other = self.local[j]
            if other is not None and (before is None or other.seq < before):
                comparisons.append(Comparison(other, jaccard, containment, f.shingles))
        # A group named after this very article (an earlier version of it heads the
        # group) is its own: joining it would make the article a copy of itself.
        doc_id = self.docs[i].id
        comparisons = [c for c in comparisons if c.other.root_id != doc_id]
        return best_match(comparisons, self.config, self.group_sizes)

    def _shared_paragraphs(self, i: int) -> Iterator[Finding]:
        f, view, doc_id = self.feats[i], self.views[i], self.docs[i].id
        a, b = self.line_cuts[i], self.line_cuts[i + 1]
        before = self.known[i]
        owners = self.index_owner[a:b]
        # A document indexed before (the same record again) only meets what came before it.
        local = self.batch_owner[a:b] if before is None else np.full(b - a, -1)
        if not (owners >= 0).any() and not (local >= 0).any():
            return
        for seq, j, lineno0, start, end in zip(owners.tolist(), local.tolist(), f.line_numbers.tolist(),
                                               f.line_starts.tolist(), f.line_ends.tolist()):
            owner = self.entries.get(seq) if seq >= 0 and (before is None or seq < before) else None
            if owner is None and j >= 0:
                owner = self.local[j]
            if owner is None or owner.doc_id == doc_id:
                continue
            para = Paragraph(lineno0 + 1, start, end, view.text[start:end])
            yield Finding(SHARED_PARAGRAPH.code, f"paragraph also in document {owner.doc_id}",
                          start, end, SHARED_PARAGRAPH.severity,
                          fix=line_removal_fix(view.text, para, safe=False),
                          data={"other_document": owner.doc_id})


def _has_words(text: str) -> bool:
    return any(map(str.isalnum, text))  # stops at the first letter or digit


def _near_duplicate_items(match: Comparison, view: TextView, repeat: bool = False) -> list[Finding | Annotation]:
    other = match.other
    if repeat:
        how = f"the same record as {other.doc_id} given earlier: same id and text"
    elif match.containment is not None and match.containment > match.jaccard:
        how = f"{match.containment:.0%} of the shorter text is in the other"
    else:
        how = f"similarity {match.jaccard:.2f}"
    return [
        Annotation("duplicate_of", other.root_id),
        Finding(NEAR_DUPLICATE.code, f"near-duplicate of document {other.root_id} ({how})",
                0, len(view.text), NEAR_DUPLICATE.severity,
                data={"duplicate_of": other.root_id, "matched": other.doc_id,
                      "jaccard": round(match.jaccard, 3),
                      "containment": None if match.containment is None else round(match.containment, 3)}),
    ]
