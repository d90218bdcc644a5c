"""Concrete suggestions, each tied to something detected in this headline.

Every suggestion names the words it is about (``span``) and why; a rule that found
nothing produces nothing, so there is never a generic tip.
"""

from __future__ import annotations

__all__ = ["build_suggestions"]

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
HIGH_SEVERITY = frozenset({"clickbait_phrase", "hyperbole", "causal_claim", "loaded_word"})
LONG_CHARS = 90  # characters; longer than nearly every news headline
SHORT_WORDS = 4  # fewer words cannot carry a fact
LONG_WORDS = 18  # more is long for a headline
# Clickbait cues that are devices an editor can change, and how.
CUE_ADVICE = {
    "starts_with_number": "lead with the finding, not the count of a list.",
    "forward_reference_start": 'name the thing "this" or "here" points at.',
    "forward_reference": "name the thing the pronoun points at.",
    "second_person": "say who the story is about instead of addressing the reader.",
    "first_person": "report the fact rather than a first-person voice.",
    "starts_with_question_word": "answer the question in the headline.",
    "question_mark": "answer the question in the headline.",
    "exclamation_mark": "end with a full stop; let the fact carry the weight.",
    "all_caps_share": "write it in normal case.",
    "clickbait_phrase": "replace the stock phrase with the specific information.",
    "hyperbolic_word": "replace the exaggeration with the actual size or fact.",
    "superlative": "keep a superlative only if the story proves it.",
    "contractions": "use the plain, complete wording of a news report.",
    "quotes": "say who is quoted, or report the claim plainly.",
    "colon": "make the part before the colon a fact, not a teaser.",
}


def _suggestion(
    sid: str,
    message: str,
    span: list[int] | tuple[int, int] | None,
    severity: str,
    replacement: str | None = None,
) -> dict:
    return {
        "id": sid,
        "message": message,
        "span": list(span) if span else None,
        "severity": severity,
        "replacement": replacement,
    }


def _word_span(headline: str, word: str) -> tuple[int, int] | None:
    low = headline.lower()
    at = low.find(word.lower())
    return (at, at + len(word)) if at >= 0 else None


def _cue_advice(signal: dict, headline: str, readability: dict) -> str | None:
    """What to change for a clickbait cue, or ``None`` when the cue is no device an editor can fix.

    Length and word-shape statistics are model internals: they lead only with a concrete
    target, and only when the headline is outside it.
    """
    name = signal["feature"].removeprefix("cues__")
    pull = f"(log-odds +{signal['contribution']:.2f})"
    if name in ("n_chars", "n_words"):
        chars = len(headline)
        if chars > LONG_CHARS:
            return (
                f"At {chars} characters it is longer than most news headlines {pull}: cut it to about "
                f"{LONG_CHARS} characters, keeping the key fact."
            )
        if readability["words"] < SHORT_WORDS:
            return f"{readability['words']} words is too few to carry a fact {pull}: say who did what."
        return None
    advice = CUE_ADVICE.get(name)
    return f"The {signal['text']} makes it read as clickbait {pull}: {advice}" if advice else None


_ADVICE_CLAUSES: dict[str, str] = {}  # a lexicon's advice, as the clause after a colon (few: cached)


def _advice_clause(advice: str) -> str:
    clause = advice.rstrip(".")
    clause = clause[:1].lower() + clause[1:]
    if len(_ADVICE_CLAUSES) < 10_000:
        _ADVICE_CLAUSES[advice] = clause
    return clause


def _trigger_suggestions(triggers: list[dict], seen_spans: set[tuple[int, int]]) -> list[dict]:
    """One suggestion per sensational trigger span, with the trigger's own advice."""
    out = []
    for trigger in triggers:
        span = (trigger["start"], trigger["end"])
        if span in seen_spans:
            continue
        seen_spans.add(span)
        advice = _ADVICE_CLAUSES.get(trigger["advice"]) or _advice_clause(trigger["advice"])
        severity = "high" if trigger["category"] in HIGH_SEVERITY else "medium"
        message = f'"{trigger["text"]}" ({trigger["category"].replace("_", " ")}): {advice}.'
        out.append(_suggestion(f"trigger:{trigger['category']}", message, span, severity))
    return out


def _clickbait_suggestions(
    headline: str, clickbait: dict, readability: dict, seen_spans: set[tuple[int, int]]
) -> list[dict]:
    """For a headline labelled clickbait: the two words that pull hardest, else the strongest fixable cue."""
    if clickbait["label"] != "clickbait":
        return []
    out = []
    words = 0  # the words that pull it up, in the signals' order: the first two are named
    for signal in clickbait["signals"]:
        if signal["kind"] != "word" or signal["contribution"] <= 0:
            continue
        words += 1
        if words > 2:
            break
        span = (signal["start"], signal["end"])
        if seen_spans and any(a < span[1] and span[0] < b for a, b in seen_spans):
            continue  # already explained by a trigger on the same words
        seen_spans.add(span)
        out.append(
            _suggestion(
                "clickbait:word",
                f'"{signal["text"]}" pulls the clickbait score up most (log-odds +{signal["contribution"]:.2f}): '
                "rephrase so the headline states the news instead of teasing it.",
                span,
                "high",
            )
        )
    if words:
        return out
    # No word pulls it: the strongest cue an editor can change, if any (advice only until one is found).
    for signal in clickbait["signals"]:
        if signal["contribution"] > 0 and signal["kind"] == "cue":
            cue = _cue_advice(signal, headline, readability)
            if cue:
                out.append(_suggestion("clickbait:cue", cue, None, "high"))
                break
    return out


def _channel_message(name: str, channel: dict) -> str:
    if name == "search":
        return (
            f'Search results cut this title after "{channel["last_word"]}" ({channel["measure"]:.0f} px of '
            f"{channel['limit']} px): move the key fact before that word or shorten it."
        )
    if name == "social":
        return (
            f'Social cards cut this title after "{channel["last_word"]}": it is '
            f"{channel['measure'] - channel['limit']} characters over {channel['limit']}."
        )
    return (
        f"schema.org Article headline allows {channel['limit']} characters; this has {channel['measure']}. "
        "Shorten it or set a shorter structured-data headline."
    )


CHANNEL_SEVERITY = {"search": "medium", "social": "low", "schema_org": "medium"}


def _channel_suggestions(headline: str, channels: dict) -> list[dict]:
    """Where a display channel (search result, social card, schema.org) cuts the title."""
    return [
        _suggestion(
            f"channel:{name}",
            _channel_message(name, channels[name]),
            (channels[name]["cut_at"], len(headline)),
            severity,
        )
        for name, severity in CHANNEL_SEVERITY.items()
        if channels[name]["truncated"]
    ]


def _length_suggestions(headline: str, readability: dict) -> list[dict]:
    """Too few or too many words, and up to two uncommon long words."""
    out = []
    words = readability["words"]
    if words and words < SHORT_WORDS:
        message = f"Only {words} words: add who or what did what, so the headline stands alone in a feed."
        out.append(_suggestion("length:short", message, None, "medium"))
    elif words > LONG_WORDS:
        message = (
            f"{words} words is long for a headline: keep the fact and cut the rest (aim for 6-14 words)."
        )
        out.append(_suggestion("length:long", message, None, "low"))
    for word in readability.get("jargon", [])[:2]:
        message = f'"{word}" is uncommon and long: a plainer word reads faster.'
        out.append(_suggestion("readability:jargon", message, _word_span(headline, word), "low"))
    return out


def build_suggestions(
    headline: str,
    clickbait: dict,
    triggers: list[dict],
    readability: dict,
    style: list[dict],
    notice: str | None = None,
) -> list[dict]:
    """All suggestions for one headline, most severe first.

    ``triggers`` are the sensationalism part's triggers; ``style`` the house-style findings.
    """
    out: list[dict] = []
    if notice:
        out.append(_suggestion("input:not_headline", f"Not scored as a headline: {notice}.", None, "high"))
    # Each rule is called only when it can find something (most headlines trip two or three).
    seen_spans: set[tuple[int, int]] = set()
    if triggers:
        out += _trigger_suggestions(triggers, seen_spans)
    if clickbait["label"] == "clickbait":
        out += _clickbait_suggestions(headline, clickbait, readability, seen_spans)
    channels = readability["channels"]
    if (
        channels["search"]["truncated"]
        or channels["social"]["truncated"]
        or channels["schema_org"]["truncated"]
    ):
        out += _channel_suggestions(headline, channels)
    for finding in style:
        out.append(
            {
                "id": f"style:{finding['rule']}",
                "message": finding["message"],
                "span": list(finding["span"]) if finding["span"] else None,
                "severity": "low",
                "replacement": finding.get("fix"),
            }
        )
    words = readability["words"]
    if (words and words < SHORT_WORDS) or words > LONG_WORDS or readability.get("jargon"):
        out += _length_suggestions(headline, readability)
    if len(out) > 1:
        out.sort(key=lambda s: SEVERITY_ORDER[s["severity"]])
    return out
