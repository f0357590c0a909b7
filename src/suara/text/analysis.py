"""``analyze``: everything Suara understands about one comment, in one typed result.

The comment is redacted first (:mod:`suara.text.pii`) and every later stage reads the
redacted text, so the spans in the result index into ``TextAnalysis.text`` — the text that
may be shown — and no PII reaches a model, a store or a log. ``analyze_many`` works a batch
at a time: each comment is normalised once, its document scored by the tier's model, its
sentences and clauses by the detail model (see :class:`TextAnalyzer`), the language of the
whole batch detected in one call; with ``workers=N`` the batches of the fast and accurate
tiers are shared among N processes (:mod:`suara.text.workers`).
"""

from __future__ import annotations

import copyreg
import threading
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, fields, replace
from operator import attrgetter
from typing import Literal

import numpy as np

from suara.domain.encoding import encodable
from suara.domain.errors import OptionalDependencyMissing, TextInputError, TextModelError
from suara.domain.frameworks import Emotion, Polarity
from suara.text.aspects import (
    NEUTRAL_BAND,
    AspectHit,
    AspectMention,
    AspectResult,
    TextSpan,
    aggregate,
    aspect_hits,
    mentions_from,
)
from suara.text.features import hash_batch
from suara.text.irony import is_ironic, praises
from suara.text.language import LanguageResult, TextLanguage, detect_languages, load_detector
from suara.text.linear import LinearTextModel, StackedModels
from suara.text.no_verdict import (
    idle_question_excuses,
    questions,
    reserves_judgement,
)
from suara.text.normalize import EmojiSignal, normalize
from suara.text.phrases import KeyPhrase, key_phrases
from suara.text.pii import PiiSpan, redact
from suara.text.sentences import Segment, split_clauses, split_sentences
from suara.text.sentiment import (
    FastSentiment,
    SentimentModel,
    SentimentResult,
    load_shipped_model,
    results_from_proba,
    scores_from_proba,
)
from suara.text.workers import WorkerPool, can_fork, one_torch_thread, own_cores, paused_gc
from suara.text.wrong_item import without_arrivals, wrong_items

Tier = Literal["fast", "accurate"]
Progress = Callable[[int, int], None]
BATCH_SIZE = 256
POOL_MIN_TEXTS = 2 * BATCH_SIZE
ACCURATE_POOL_MIN_TEXTS = 64  # a second of the encoder's work: worth a second process
MIN_SHARED_BATCH = 64
WARM_UP = (
    "Barang bagus, tapi pengiriman lama. Seller ramah 👍",
    "The box arrived damaged and support never answered",
)


@dataclass(frozen=True, slots=True)
class SentenceSentiment:
    start: int
    end: int
    text: str
    sentiment: SentimentResult


@dataclass(frozen=True, slots=True)
class EmotionResult:
    label: Emotion
    confidence: float
    probabilities: dict[str, float]


@dataclass(frozen=True, slots=True)
class TextAnalysis:
    """What a comment says. Offsets index into ``text``, the redacted comment; ``key_phrases``
    are its RAKE phrases (:mod:`suara.text.phrases`), best first."""

    text: str
    pii: tuple[PiiSpan, ...]
    language: TextLanguage
    language_confidence: float
    normalized: str
    sentiment: SentimentResult
    sentences: tuple[SentenceSentiment, ...]
    aspects: tuple[AspectResult, ...]
    emotion: EmotionResult | None
    signals: tuple[EmojiSignal, ...]
    model_version: str
    key_phrases: tuple[KeyPhrase, ...] = ()


class TextAnalyzer:
    """Holds the models of one tier; build one and reuse it for many comments.

    ``tier="fast"`` (default) uses the shipped hashed n-gram model; ``tier="accurate"`` the
    fine-tuned encoder (:mod:`suara.text.accurate`, extra ``accurate``); ``sentiment=`` any
    :class:`SentimentModel`, such as a local Hugging Face checkpoint
    (:class:`suara.text.hf.HfSentiment`). Aspects, emotion, PII and key phrases are the same
    in every tier.

    ``sentiment`` scores each whole comment once. Sentences and clauses, which only feed the
    per-sentence sentiment and the polarity of aspects without an opinion word, are scored by
    ``detail_sentiment``: by default ``sentiment`` itself when it is the fast model, else a
    :class:`~suara.text.sentiment.FastSentiment` — so a comment costs exactly one call of a
    slow model. A comment of one sentence reuses its document result for that sentence, and
    a sentence of one clause its sentence result for the clause; a clause without an aspect
    term is not scored at all (:func:`~suara.text.aspects.aspect_hits` first). Identical
    segments are scored once per batch.
    """

    def __init__(
        self,
        *,
        tier: Tier = "fast",
        sentiment: SentimentModel | None = None,
        detail_sentiment: SentimentModel | None = None,
    ) -> None:
        if tier not in ("fast", "accurate"):
            raise TextModelError(f"unknown text tier {tier!r}; use 'fast' or 'accurate'")
        self.tier = tier
        if sentiment is None:
            sentiment = _accurate_sentiment() if tier == "accurate" else FastSentiment()
        self.sentiment = sentiment
        if detail_sentiment is None:
            fast = isinstance(sentiment, FastSentiment)
            detail_sentiment = sentiment if fast else FastSentiment()
        self.detail_sentiment = detail_sentiment
        self._workers: WorkerPool[TextAnalysis] | None = None
        self._stacked: StackedModels | None = None
        self._workers_lock = threading.Lock()

    @property
    def model_version(self) -> str:
        _, emotion = self._emotions([], [])
        return f"{self.sentiment.version};{emotion}"

    def analyze(self, text: str) -> TextAnalysis:
        return self.analyze_many([text])[0]

    def analyze_many(
        self,
        texts: Iterable[str],
        *,
        progress: Progress | None = None,
        batch_size: int = BATCH_SIZE,
        workers: int = 1,
    ) -> list[TextAnalysis]:
        """Analyse ``texts`` in batches; ``progress(done, total)`` is called after each.

        ``workers > 1``: with the fast models, ``POOL_MIN_TEXTS`` or more comments are shared
        among that many processes (at most one a core), this one and ``workers - 1`` forked ones
        (:class:`~suara.text.workers.WorkerPool`); with the accurate tier's,
        ``ACCURATE_POOL_MIN_TEXTS`` or more, each process running the encoder on one thread
        (on two cores two processes of one thread score about a third more than one process
        of two). Each comment's analysis depends on nothing else in its batch (the accurate
        encoder's included, :mod:`suara.text.e5_scoring`), so the results, in input order, are
        the same as in one process;
        ``progress`` counts batches as they finish, in any order. The forked processes are
        started on first use and kept for later calls (their caches stay warm and the fork is
        paid once) until :meth:`close` or the analyser is dropped. Off by default: a library
        call should not start processes unasked; ``suara text analyze`` uses every core.
        """
        if isinstance(texts, str):
            raise TextInputError("analyze_many takes many texts, not one string; use analyze()")
        items = list(texts)
        for index, text in enumerate(items):
            if not isinstance(text, str):
                raise TextInputError(f"text {index} is {type(text).__name__}, not str")
        if workers < 1:
            raise TextInputError(f"workers must be 1 or more, not {workers}")
        workers = min(workers, own_cores())  # more processes than cores only cost memory
        pool = self._pool(len(items), workers)
        if pool is not None:  # at least 4 chunks a process, so that many cores all get work
            batch_size = min(batch_size, max(MIN_SHARED_BATCH, -(-len(items) // (4 * workers))))
        chunks = [items[lo : lo + batch_size] for lo in range(0, len(items), batch_size)]
        shared = None if pool is None else pool.share(chunks, self._batch)
        done = enumerate(map(self._batch, chunks)) if shared is None else shared
        by_chunk: list[list[TextAnalysis]] = [[] for _ in chunks]
        count = 0
        with nullcontext() if shared is None else one_torch_thread():
            try:
                for index, results in done:
                    by_chunk[index] = results
                    count += len(results)
                    if progress is not None:
                        progress(count, len(items))
            finally:
                if shared is not None:
                    shared.close()  # cancels the chunks not started
        return [result for results in by_chunk for result in results]

    def close(self) -> None:
        """Stop the worker processes, if any were started; the analyser stays usable."""
        with self._workers_lock:
            if self._workers is not None:
                self._workers.close()
                self._workers = None

    def __enter__(self) -> TextAnalyzer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _fast(self) -> bool:
        return isinstance(self.sentiment, FastSentiment) and isinstance(
            self.detail_sentiment, FastSentiment
        )

    def _forkable(self) -> bool:
        """Models known to work the same in a forked process: the fast ones, and the
        accurate tier's encoder beside the fast detail model."""
        from suara.text.accurate import AccurateSentiment

        accurate = type(self.sentiment) is AccurateSentiment
        return self._fast() or (accurate and isinstance(self.detail_sentiment, FastSentiment))

    def _pool(self, count: int, workers: int) -> WorkerPool[TextAnalysis] | None:
        """Worker processes for a big batch of the fast or the accurate tier, or ``None`` to
        stay in this one (too few texts, custom models that may not survive a fork, no
        ``fork`` here). The pool
        is built for this analyser's models: after ``sentiment`` is swapped, after a pool
        broke, or in a process forked from this one, a new one is started."""
        least = POOL_MIN_TEXTS if self._fast() else ACCURATE_POOL_MIN_TEXTS
        if not self._forkable() or workers < 2 or count < least or not can_fork():
            return None
        key = (workers - 1, id(self.sentiment), id(self.detail_sentiment))
        with self._workers_lock:
            pool = self._workers
            if pool is not None and pool.usable and pool.key == key:
                return pool
            if pool is not None:
                pool.close()
            self._batch(WARM_UP)  # loads every model and table once, before the fork
            load_detector()
            self._workers = WorkerPool(self._batch, workers - 1, key)  # and this process
            return self._workers

    def _batch(self, texts: Sequence[str]) -> list[TextAnalysis]:
        with paused_gc() if self._fast() else nullcontext():  # a slow model's batch takes seconds
            return self._analyze_batch(texts)

    def _analyze_batch(self, texts: Sequence[str]) -> list[TextAnalysis]:
        redactions = [redact(encodable(t)) for t in texts]
        shown = [r.text for r in redactions]
        norms = [normalize(t) for t in shown]
        sentences = [split_sentences(n) for n in norms]
        clauses = [
            [split_clauses(s, t) for s in sents] for t, sents in zip(shown, sentences, strict=True)
        ]
        normalized = [n.text for n in norms]
        unique = list(dict.fromkeys(normalized))
        stack, emotion_model = self._linear()
        doc_models = [emotion_model]
        if isinstance(self.sentiment, FastSentiment):
            doc_models.append(self.sentiment.model_)
        doc_proba = stack.proba_hashed(hash_batch(unique), doc_models)
        if isinstance(self.sentiment, FastSentiment):
            fast = self.sentiment.model_
            scored = results_from_proba(fast.classes, doc_proba[1])
            by_text = dict(zip(unique, scored, strict=True))
            documents = [by_text[n] for n in normalized]
        else:
            documents = _score(self.sentiment, shown)
        # per comment: why it gives no verdict ("question": a question to the seller,
        # "deferred": the writer has not judged yet; :mod:`suara.text.no_verdict`), or None
        idle: list[str | None] = []
        pending_sentences: list[Segment] = []  # of comments with more than one
        pending_clauses: list[Segment] = []  # with aspect terms, that are not a whole sentence
        # per comment: (sentence index, the clause's aspect hits, scored on its own?, why a
        # term nothing decides is neutral: "question" in a question, else None)
        hits: list[list[tuple[int, list[AspectHit], bool, str | None]]] = []
        for k, (text, sents, sentence_clauses) in enumerate(
            zip(shown, sentences, clauses, strict=True)
        ):
            if len(sents) > 1:
                pending_sentences += sents
            asked = questions(sents, text)
            asked_sentences = [s for s, q in zip(sents, asked, strict=True) if q]
            # the words only asked about ("ori atau KW?") where the comment is an idle question
            excused = idle_question_excuses(norms[k], asked_sentences) if any(asked) else None
            reason = (
                "question" if excused is not None
                else "deferred" if reserves_judgement(norms[k], self._detail_scores)
                else None
            )  # fmt: skip
            found = []
            for j, (sentence, cls) in enumerate(zip(sents, sentence_clauses, strict=True)):
                wrong = wrong_items(sentence.tokens, text)  # "beli 3, dikirim 2"
                for clause in cls:
                    clause_hits = aspect_hits(clause, text)
                    if wrong:
                        here = [w for w in wrong if clause.start <= w.span.start < clause.end]
                        clause_hits = without_arrivals(clause_hits, here) if here else clause_hits
                    if clause_hits:
                        own = not _same_span(clause, sentence)
                        if own:
                            pending_clauses.append(clause)
                        found.append((j, clause_hits, own, "question" if asked[j] else None))
            if reason is not None:
                # a term with a polarity of its own ("barang reject") or beside an opinion
                # word is an opinion after all; else none of its aspects is judged either
                # (but not a term or opinion word only asked about: "ori atau KW?", which
                # leaves its aspect undecided as well)
                found = [
                    (j, [_unless_asked(h, excused or set()) for h in found_hits], own, undecided)
                    for j, found_hits, own, undecided in found
                ]
                if any(h.sign is not None for _, found_hits, _, _ in found for h in found_hits):
                    reason = None
                else:
                    found = [(j, found_hits, own, reason) for j, found_hits, own, _ in found]
            idle.append(reason)
            hits.append(found)
        documents = [
            NO_OPINION if reason else no_opinion(r, n)
            for r, n, reason in zip(documents, normalized, idle, strict=True)
        ]
        # praise in irony counts as blame (:mod:`suara.text.irony`)
        ironic = [reason is None and is_ironic(n) for n, reason in zip(norms, idle, strict=True)]
        documents = [mirrored(r) if i else r for r, i in zip(documents, ironic, strict=True)]
        sentence_results, clause_scores = self._detail(pending_sentences, pending_clauses)
        next_sentence, next_clause = iter(sentence_results), iter(clause_scores)
        languages = detect_languages(shown, normalized=norms)
        emotions, emotion_version = self._emotions(
            shown, languages, normalized=normalized, proba=doc_proba[0]
        )
        version = f"{self.sentiment.version};{emotion_version}"
        results = []
        for k, text in enumerate(shown):
            sents = sentences[k]
            per_sentence = (
                [documents[k]] if len(sents) == 1 else [next(next_sentence) for _ in sents]
            )
            if idle[k]:  # no verdict in the comment, none in its sentences
                per_sentence = [NO_OPINION] * len(sents)
            elif ironic[k]:  # (a lone sentence's result is the mirrored document's)
                per_sentence = [mirrored(r) for r in per_sentence]
            mentions: list[AspectMention] = []
            for j, clause_hits, own, undecided in hits[k]:
                score = per_sentence[j].score
                if own:  # a clause of its own; a weak score of it leaves the sentence's
                    score = _clause_or_sentence(next(next_clause), score)
                mentions += mentions_from(clause_hits, score, undecided=undecided)
            # a comment with no verdict expresses none of PRDECT-ID's five emotions
            emotion = None if idle[k] else emotions[k]
            if ironic[k]:
                mentions = [_ironic(m) for m in mentions]
                emotion = _unhappy(emotion)
            results.append(
                TextAnalysis(
                    text=text,
                    pii=redactions[k].spans,
                    language=languages[k].language,
                    language_confidence=languages[k].confidence,
                    normalized=norms[k].text,
                    sentiment=documents[k],
                    sentences=tuple(
                        _sentence(s, r) for s, r in zip(sents, per_sentence, strict=True)
                    ),
                    aspects=tuple(aggregate(mentions)),
                    emotion=emotion,
                    signals=norms[k].signals,
                    model_version=version,
                    key_phrases=key_phrases(text, normalized=norms[k]),
                )
            )
        return results

    def _detail(
        self, sentences: Sequence[Segment], clauses: Sequence[Segment]
    ) -> tuple[list[SentimentResult], list[float]]:
        """``detail_sentiment`` of sentences and the scores of clauses (which only weigh
        aspects), each distinct segment text once."""
        segments = [*sentences, *clauses]
        model = self.detail_sentiment
        if not isinstance(model, FastSentiment):
            results = _score(model, [s.text for s in segments])
            return results[: len(sentences)], [r.score for r in results[len(sentences) :]]
        normalized = [" ".join([t.norm for t in s.tokens if t.norm]) for s in segments]
        unique = list(dict.fromkeys(normalized))
        if not unique:
            return [], []
        fast = model.model_
        (proba,) = self._linear()[0].proba_hashed(hash_batch(unique), [fast])
        row = {text: i for i, text in enumerate(unique)}
        rows = [row[text] for text in normalized]
        scores = scores_from_proba(fast.classes, proba)
        sentence_results = results_from_proba(fast.classes, proba[rows[: len(sentences)]])
        sentence_results = [
            no_opinion(r, n)
            for r, n in zip(sentence_results, normalized[: len(sentences)], strict=True)
        ]
        return sentence_results, [scores[i] for i in rows[len(sentences) :]]

    def _detail_scores(self, texts: list[str]) -> list[float]:
        """``detail_sentiment``'s scores of a few texts (what a deferring comment says
        besides its deferral: :func:`~suara.text.no_verdict.reserves_judgement`)."""
        return [r.score for r in self.detail_sentiment.score_many(texts)]

    def _emotions(
        self,
        texts: Sequence[str],
        languages: Sequence[LanguageResult],
        *,
        normalized: Sequence[str] | None = None,
        proba: np.ndarray | None = None,
    ) -> tuple[list[EmotionResult | None], str]:
        """PRDECT-ID's emotions of ``texts`` and the version of the model that gave them; the
        model knows Indonesian only, so others get ``None``. The one place the emotion model
        is chosen. ``normalized`` (the texts' normal forms) and ``proba`` (emotion-fast's
        probabilities of the distinct normal forms, in order) save redoing what the batch
        already did."""
        out: list[EmotionResult | None] = [None] * len(texts)
        accurate = getattr(self.sentiment, "emotion_proba", None)
        if accurate is not None:  # the accurate tier's encoder has an emotion head too
            version: str = self.sentiment.emotion_version  # type: ignore[attr-defined]
            if any(lang.language in _EMOTION_LANGUAGES for lang in languages):
                unique = list(dict.fromkeys(texts))
                classes, by_unique = accurate(unique)
                by_text = dict(zip(unique, by_unique.tolist(), strict=True))
                for i, lang in enumerate(languages):
                    if lang.language in _EMOTION_LANGUAGES:
                        out[i] = _emotion(classes, by_text[texts[i]])
            return out, version
        stack, model = self._linear()
        if not any(lang.language in _EMOTION_LANGUAGES for lang in languages):
            return out, model.version
        if normalized is None:
            normalized = [normalize(t).text for t in texts]
        unique = list(dict.fromkeys(normalized))
        if proba is None:
            (proba,) = stack.proba_hashed(hash_batch(unique), [model])
        rows = dict(zip(unique, proba.tolist(), strict=True))
        for i, lang in enumerate(languages):
            if lang.language in _EMOTION_LANGUAGES:
                out[i] = _emotion(model.classes, rows[normalized[i]])
        return out, model.version

    def _linear(self) -> tuple[StackedModels, LinearTextModel]:
        """The fast models a batch reads — the document and detail sentiment models where
        they are fast, and emotion-fast — stacked to be scored in one product each batch
        (:class:`~suara.text.linear.StackedModels`), and emotion-fast. Rebuilt when a model
        is swapped."""
        emotion = load_shipped_model("emotion-fast")
        members: list[LinearTextModel] = []
        for model in (self.sentiment, self.detail_sentiment):
            if isinstance(model, FastSentiment) and all(model.model_ is not m for m in members):
                members.append(model.model_)
        members.append(emotion)
        stack = self._stacked
        if (
            stack is None
            or len(stack.models) != len(members)
            or any(a is not b for a, b in zip(stack.models, members, strict=True))
        ):
            stack = self._stacked = StackedModels.of(members)
        return stack, emotion


def _emotion(classes: Sequence[str], row: Sequence[float]) -> EmotionResult:
    best = max(range(len(row)), key=row.__getitem__)
    return EmotionResult(
        Emotion(classes[best]),
        round(row[best], 4),
        {c: round(p, 4) for c, p in zip(classes, row, strict=True)},
    )


_EMOTION_LANGUAGES = frozenset([TextLanguage.INDONESIAN, TextLanguage.MIXED])


def _by_fields(cls: type) -> None:
    """Pickle ``cls`` (a dataclass) as ``cls(*fields)``. The default for a slotted dataclass
    builds a state dict per object and sets each slot back one by one: twice the time to
    unpickle a batch of results in the parent process, which then holds back the workers."""
    every = fields(cls)
    if len(every) < 2 or not all(f.init and not f.kw_only for f in every):
        raise TypeError(f"{cls.__name__}: only 2+ positional init fields are pickled this way")
    values = attrgetter(*(f.name for f in every))  # a tuple of them, read in C

    def reduce(obj: object) -> tuple[type, tuple[object, ...]]:
        return cls, values(obj)

    copyreg.pickle(cls, reduce)


_RESULT_TYPES = (TextAnalysis, SentenceSentiment, EmotionResult, SentimentResult, AspectResult,
                 AspectMention, TextSpan, KeyPhrase, PiiSpan, EmojiSignal)  # fmt: skip
for _result_type in _RESULT_TYPES:
    _by_fields(_result_type)
del _result_type


WEAK_CLAUSE = 0.3
"""A clause's own score below this (in magnitude) gives way to its sentence's: a short clause
("dus nya dilapis kayu") tells the model little, and its sentence ("Pengiriman pake kargo
juga aman, dus nya dilapis kayu") is the context a reader would use. Chosen between 0.3 and
0.5, against the clause score always, on CASA's and HoASA's train and valid aspect polarities
and PRDECT-ID's aspect agreement (docs/models.md, "Aspects")."""


def _unless_asked(hit: AspectHit, excused: set[int]) -> AspectHit:
    """``hit`` undecided where its term or its opinion word is only asked about (starts at
    an offset in ``excused``, :func:`~suara.text.no_verdict.idle_question_excuses`)."""
    if hit.sign is None or not excused:
        return hit
    if hit.span.start in excused or (hit.opinion is not None and hit.opinion.start in excused):
        return hit._replace(opinion=None, sign=None, evidence="sentiment")
    return hit


def _clause_or_sentence(clause: float, sentence: float) -> float:
    """A weak clause score gives way to its sentence's where the sentence leans (beyond the
    neutral band), but never turns an aspect over: a clause that leans against its sentence
    beyond the band ("Mantap sekali kualitasnya, sayang kurirnya datang malam": −0.23 against
    +0.97) keeps its own sign."""
    if abs(clause) >= WEAK_CLAUSE or abs(sentence) < NEUTRAL_BAND:
        return clause
    if abs(clause) >= NEUTRAL_BAND and clause * sentence < 0:
        return clause
    return sentence


def _same_span(a: Segment, b: Segment) -> bool:
    return a.start == b.start and a.end == b.end


def _score(model: SentimentModel, texts: Sequence[str]) -> list[SentimentResult]:
    """``model.score_many(texts)`` of a model other than the fast one (which the batch feeds
    hashed features), each distinct text once."""
    unique = list(dict.fromkeys(texts))
    by_key = dict(zip(unique, model.score_many(unique), strict=True))
    return [by_key[k] for k in texts]


def _accurate_sentiment() -> SentimentModel:
    from suara.text.accurate import MISSING, AccurateSentiment, encoder_available

    if not encoder_available():
        raise OptionalDependencyMissing(MISSING)
    return AccurateSentiment()


NO_OPINION = SentimentResult(
    Polarity.NEUTRAL, 0.0, 1.0, {"negative": 0.0, "neutral": 1.0, "positive": 0.0}
)
"""The sentiment of a comment with nothing to read — empty, blank, digits or punctuation
only: neutral, score 0, whatever a model would make of its bias terms."""


def no_opinion(result: SentimentResult, normalized: str) -> SentimentResult:
    """``result``, or :data:`NO_OPINION` where the normal form holds no letter (emoji count:
    they normalise to polarity words)."""
    return result if any(c.isalpha() for c in normalized) else NO_OPINION


def mirrored(result: SentimentResult) -> SentimentResult:
    """A positive ``result`` read as irony: as negative as it was positive; others as they
    are."""
    if result.label is not Polarity.POSITIVE:
        return result
    p = result.probabilities
    flipped = p | {"positive": p.get("negative", 0.0), "negative": p.get("positive", 0.0)}
    return SentimentResult(Polarity.NEGATIVE, -result.score, result.confidence, flipped)


_UNHAPPY = ("anger", "sadness", "fear")


def _unhappy(emotion: EmotionResult | None) -> EmotionResult | None:
    """An ironic comment's emotion: the likeliest of the unhappy ones, their probabilities
    renormalised — its happy words are what the irony turns."""
    if emotion is None:
        return None
    p = emotion.probabilities
    total = sum(p.get(e, 0.0) for e in _UNHAPPY)
    if total <= 0.0:
        return EmotionResult(Emotion("anger"), 1.0, {e: float(e == "anger") for e in p})
    shares = {e: (p.get(e, 0.0) / total if e in _UNHAPPY else 0.0) for e in p}
    label = max(_UNHAPPY, key=lambda e: shares.get(e, 0.0))
    return EmotionResult(Emotion(label), round(shares[label], 4), shares)


def _ironic(mention: AspectMention) -> AspectMention:
    """A positive mention of an ironic comment that its praise or its clause's tone decided
    is blame; one an opinion word other than praise decided stays ("pengiriman cepat")."""
    if mention.polarity is not Polarity.POSITIVE:
        return mention
    if mention.evidence != "sentiment" and (
        mention.opinion is None or not praises(mention.opinion.text)
    ):
        return mention
    return replace(mention, polarity=Polarity.NEGATIVE, score=-mention.score, evidence="irony")


def _sentence(segment: Segment, sentiment: SentimentResult) -> SentenceSentiment:
    return SentenceSentiment(segment.start, segment.end, segment.text, sentiment)


def analyze(text: str, *, tier: Tier = "fast") -> TextAnalysis:
    """Analyse one comment with the shipped models (see :class:`TextAnalyzer`)."""
    return TextAnalyzer(tier=tier).analyze(text)


def analyze_many(
    texts: Iterable[str], *, tier: Tier = "fast", progress: Progress | None = None
) -> list[TextAnalysis]:
    """Analyse many comments in batches, reporting ``progress(done, total)``."""
    return TextAnalyzer(tier=tier).analyze_many(texts, progress=progress)
