"""The shape of every result the core returns, stated once.

The analysis core's results are plain JSON-ready dicts (fast to build, to serialise and to
pickle between audit workers); these ``TypedDict`` classes say what they hold. Everything that
used to restate the shape reads it from here instead: the OpenAPI component schemas are
generated from these classes (``service/web/typed_schema.py``), the audit's CSV columns and the
report's fields are derived from and checked against them (``service/audit/writers.py``,
``service/audit/report/stats.py``), and mypy checks the terminal report's keys. A test runs real
analyses through the API and validates every answer against the generated schemas with no extra
key allowed, so this file cannot drift from what the core builds.

Conventions the schema generator reads:

- ``Annotated[T, "text"]``: the field's description; a ``dict`` in the metadata adds JSON Schema
  keywords (``{"minimum": 0, "maximum": 1}``).
- The class docstring's first paragraph is the object's description.
- ``NotRequired[...]`` (or ``total=False``): a key that is present only sometimes; ``X | None``: a
  key that is always present and may be null; ``Literal[...]``: an enum.
- A union of classes (``BodyReadability | NotComputed``) is one of the shapes; the first is the
  shape when the part was computed.

Keys may be added, never renamed. Import cost: the standard library only. No ``from __future__
import annotations`` here: ``TypedDict`` reads ``NotRequired`` from evaluated annotations only.
"""

from typing import Annotated, Literal, NotRequired, TypedDict, final

from service.exceptions import HeadlineError

__all__ = [
    "AnalysisResult",
    "BatchFailure",
    "CompareResult",
    "ItemError",
    "item_error",
]

Level = Literal["low", "medium", "high"]
Span = Annotated[list[int] | None, "[start, end) character offsets in the headline, or null."]
Probability = Annotated[float, {"minimum": 0, "maximum": 1}]


class Signal(TypedDict):
    """What drove the clickbait score: weight x value in log-odds, largest first.

    A word signal sums every word and character n-gram feature drawn from that word of the
    headline (start/end are its offsets); cues have no span.
    """

    feature: Annotated[str, "The model feature, e.g. cues__n_words or text__Did."]
    kind: Literal["word", "cue"]
    text: Annotated[str, "The word of the headline, or the cue in words."]
    value: Annotated[float, "The feature's value for this headline."]
    contribution: Annotated[float, "weight x value, in log-odds."]
    start: int | None
    end: int | None


class Clickbait(TypedDict):
    """How likely the headline is clickbait, and why."""

    probability: Annotated[Probability, "Calibrated P(clickbait)."]
    strength: Annotated[float, "Estimated Webis clickbait strength, 0..1."]
    label: Literal["clickbait", "not clickbait"]
    threshold: Annotated[float, "The probability from which the label is clickbait."]
    level: Level
    log_odds: Annotated[float, "The model's decision value (the signals plus the intercept)."]
    signals: Annotated[
        list[Signal], "Top 8 by |contribution|; [] when explain is false (or, audit, the row is not flagged)."
    ]


class SensationalThresholds(TypedDict):
    """The score cuts of the levels, and where editors start calling wording loaded (green)."""

    medium: float
    high: float
    green: float


class Trigger(TypedDict):
    """A word or phrase that makes the headline sensational."""

    text: str
    category: Annotated[
        str,
        "hyperbole, superlative, intensifier, emotional, dramatic, urgency, absolute, shouting, "
        "causal_claim, clickbait_phrase or loaded_word (see docs/sensationalism.md).",
    ]
    start: int
    end: int
    explanation: str
    advice: str


class Sensationalism(TypedDict):
    """How sensational the wording is."""

    score: Annotated[Probability, "Estimated editors' rubric score / 3."]
    level: Level
    source: Annotated[Literal["model", "triggers"], "model, or the trigger count when no head is fitted."]
    thresholds: SensationalThresholds
    hyperbole_probability: Annotated[float | None, "P(hyperbolic); null without a hyperbole model."]
    emotional_intensity: float
    triggers: list[Trigger]


class Channel(TypedDict):
    """How one channel (search result, social card, schema.org) shows the headline."""

    limit: int
    unit: Literal["px", "characters"]
    measure: Annotated[float, "The headline's width or length in the unit."]
    truncated: bool
    cut_at: Annotated[int | None, "Characters shown before the ellipsis, when truncated."]
    visible: Annotated[str, "What a reader sees."]
    last_word: str | None
    first_hidden_word: NotRequired[Annotated[str | None, "Only when truncated."]]


class Channels(TypedDict):
    """Each channel's fit; limits from the house-style options."""

    search: Channel
    social: Channel
    schema_org: Channel


class Readability(TypedDict):
    """Length, pixel width and word difficulty of the headline."""

    words: int
    characters: int
    pixel_width: Annotated[float, "Rendered width in a search result's font."]
    uncommon_word_share: float
    uncommon_words: list[str]
    syllables_per_word: float
    acronyms: list[str]
    jargon: list[str]
    channels: Channels


class QualityComponents(TypedDict):
    """Points each part adds to (or takes from) the 100 a headline starts with."""

    clickbait: float
    sensationalism: float
    truncation: float
    style: float
    length: float
    readability: float
    specificity: float


class Suggestion(TypedDict):
    """One concrete edit, most important first."""

    id: Annotated[str, "Kind of suggestion, e.g. trigger:hyperbole or style:case_style."]
    message: str
    span: Span
    severity: Level
    replacement: str | None


class StyleFinding(TypedDict):
    """A house-style rule the headline breaks."""

    rule: str
    message: str
    span: Span
    fix: str | None


class Quality(TypedDict):
    """The overall quality score and what to change."""

    score: Annotated[int, {"minimum": 0, "maximum": 100}]
    band: Literal["green", "amber", "red"]
    components: QualityComponents
    caps: Annotated[list[str], "Why the score is capped below green (or amber), in words."]
    notice: NotRequired[Annotated[str, "Only for input that is not a headline."]]
    suggestions: list[Suggestion]
    style: list[StyleFinding]


class NotComputed(TypedDict):
    """A part of the body analysis that could not be computed, and why."""

    computed: Literal[False]
    reason: str


class SentenceLength(TypedDict):
    """Words per sentence."""

    mean: float
    median: float
    max: int
    stdev: float


class GradedSentence(TypedDict):
    """A sentence of the body and its Flesch-Kincaid grade."""

    text: str
    start: int
    end: int
    grade: float


class BodyReadability(TypedDict):
    """The standard readability formulas of the body, its length and its hardest sentences."""

    flesch_reading_ease: float
    flesch_kincaid_grade: float
    gunning_fog: float
    smog_index: float
    coleman_liau_index: float
    dale_chall: float
    automated_readability_index: float
    consensus_grade: Annotated[float, "textstat's text_standard as a number."]
    words: int
    sentences: int
    reading_time_minutes: float
    sentence_length: SentenceLength
    hardest_sentences: Annotated[list[GradedSentence], "Up to 3, hardest first."]


class Evidence(TypedDict):
    """A body sentence close to the headline."""

    text: str
    start: int
    end: int
    score: Annotated[float, "Similarity to the headline."]


class StanceProbabilities(TypedDict):
    """P(stance of the body towards the headline)."""

    agree: float
    disagree: float
    discuss: float
    unrelated: float


class Consistency(TypedDict):
    """Whether the body supports the headline (FNC-1 stance)."""

    computed: Literal[True]
    label: Literal["agree", "disagree", "discuss", "unrelated"]
    score: Annotated[float, "P(agree) + P(discuss): the body is about the headline's claim."]
    probabilities: StanceProbabilities
    supporting: list[Evidence]
    contradicting: list[Evidence]
    evidence_min_similarity: float


class SpoilerCandidate(TypedDict):
    """A body sentence ranked as the answer to the headline's tease."""

    text: str
    start: int
    end: int
    rank_score: float


class Spoiler(TypedDict):
    """The sentence of the body that most likely answers the headline."""

    found: Literal[True]
    text: str
    start: int
    end: int
    position: Annotated[float, "Where the answer starts, as a share of the body."]
    rank_score: float
    sentence_index: int
    candidates: Annotated[list[SpoilerCandidate], "Up to 3, best first."]


class NoSpoiler(TypedDict):
    """No sentence of the body answers the headline."""

    found: Literal[False]
    text: None
    start: None
    end: None
    position: None
    rank_score: None


class BodyFeatures(TypedDict):
    """The body measures the article score reads."""

    words: int
    headline_vocabulary_share: Annotated[float | None, "Share of the headline's content words in the body."]
    answer_position: NotRequired[float | None]
    consistency_score: NotRequired[float | None]


class ArticleComponents(TypedDict):
    """Logit terms of the article score; a term is present when its measure is."""

    headline: float
    answer_position: NotRequired[float]
    inconsistency: NotRequired[float]
    headline_vocabulary_unused: NotRequired[float]
    thin_body: NotRequired[float]


class ArticleClickbait(TypedDict):
    """Clickbait probability of the article: the headline's, moved by what the body shows."""

    probability: Probability
    components: ArticleComponents
    explanation: str


class BodyAnalysis(TypedDict):
    """Article-level signals of the body; offsets index the body as given."""

    status: Literal["ok", "empty", "not_text"]
    reason: Annotated[str | None, "Why a part was not analysed (or only the start of a long body was)."]
    truncated: bool
    analyzed_characters: int
    readability: BodyReadability | NotComputed
    consistency: Consistency | NotComputed
    spoiler: Spoiler | NoSpoiler
    features: BodyFeatures
    article_clickbait: ArticleClickbait


@final  # no other key: mypy tells a result from a BatchFailure by ``"error" in answer``
class AnalysisResult(TypedDict):
    """The analysis core's full result for one headline."""

    headline: Annotated[str, "The headline as analysed (control characters replaced, ends stripped)."]
    model_version: str
    clickbait: Clickbait
    sensationalism: Sensationalism
    readability: Readability
    quality: Quality
    body: NotRequired[Annotated[BodyAnalysis, "Only when a body is given."]]


class RankedCandidate(TypedDict):
    """One candidate of a comparison, with why it ranks where it does."""

    rank: Annotated[int, "1 is the best."]
    index: Annotated[int, "The candidate's place in the request."]
    headline: str
    quality: int
    band: Literal["green", "amber", "red"]
    clickbait_probability: float
    sensationalism: float
    reason: str
    result: AnalysisResult


class CompareResult(TypedDict):
    """Candidates ranked best first: by quality score, then lower clickbait probability."""

    model_version: str
    ranking: list[RankedCandidate]


class ItemError(TypedDict):
    """Why one item of a batch was not scored: the error's status, RFC 9457 title and type, the
    detail and the offending field (e.g. ``items[3].headline``)."""

    status: int
    title: str
    type: str
    detail: str
    field: str | None


@final
class BatchFailure(TypedDict):
    """What ``analyze_batch`` answers in place of a result for an item it rejects."""

    error: ItemError


def item_error(exc: HeadlineError) -> ItemError:
    """The one error shape of the core, from the exception the validator raised.

    Interfaces translate this once (HTTP: a problem+json entry; CLI: a line; audit: a reason).
    """
    return {
        "status": exc.status,
        "title": exc.title,
        "type": exc.type,
        "detail": exc.detail,
        "field": exc.field,
    }
