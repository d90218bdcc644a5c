"""Concrete suggestions, each tied to something detected in this headline.

Every suggestion names the words it is about (``span``) and why; a rule that found
nothing produces nothing, so there is never a generic tip.
"""

from __future__ import annotations

__all__ = ["build_suggestions"]

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
HIGH_SEVERITY = frozenset({"clickbait_phrase", "hyperbole", "causal_claim", "loaded_word"})
LONG_CHARS = 90  # characters; longer than nearly every news headline
SHORT_WORDS = 4
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

TRIGGER_ADVICE = {
    "clickbait_phrase": "drop the stock phrase and say what happened",
    "hyperbole": "replace the exaggeration with the actual size or fact",
    "superlative": "keep a superlative only if the story proves it (a record, a ranking)",
    "intensifier": "cut the intensifier; the fact carries the weight",
    "emotional": "use a neutral, specific word instead of an emotionally loaded one",
    "dramatic": "use the neutral word (criticises, rises, falls) instead of the hype word",
    "urgency": "remove the alarm unless readers must act now",
    "absolute": "avoid absolutes unless literally true; say who or how many",
    "shouting": 'write it in normal case and end without "!"',
    "causal_claim": 'say "linked to" or "associated with" unless the study shows cause',
    "loaded_word": "use the plain word a wire service would use",
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


def build_suggestions(
    headline: str,
    clickbait: dict,
    sensationalism: dict,
    readability: dict,
    style: list[dict],
    notice: str | None = None,
) -> list[dict]:
    """All suggestions for one headline, most severe first."""
    out: list[dict] = []
    if notice:
        out.append(_suggestion("input:not_headline", f"Not scored as a headline: {notice}.", None, "high"))
    seen_spans: set[tuple[int, int]] = set()

    for trigger in sensationalism.get("triggers", []):
        span = (trigger["start"], trigger["end"])
        if span in seen_spans:
            continue
        seen_spans.add(span)
        advice = (
            trigger.get("advice") or TRIGGER_ADVICE.get(trigger["category"], "rephrase it plainly")
        ).rstrip(".")
        advice = advice[:1].lower() + advice[1:]
        severity = "high" if trigger["category"] in HIGH_SEVERITY else "medium"
        out.append(
            _suggestion(
                f"trigger:{trigger['category']}",
                f'"{trigger["text"]}" ({trigger["category"].replace("_", " ")}): {advice}.',
                span,
                severity,
            )
        )

    if clickbait["label"] == "clickbait":
        words = [s for s in clickbait["signals"] if s["contribution"] > 0 and s["kind"] == "word"]
        for signal in words[:2]:
            span = (signal["start"], signal["end"])
            if any(a < span[1] and span[0] < b for a, b in seen_spans):
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
        cues = [s for s in clickbait["signals"] if s["contribution"] > 0 and s["kind"] == "cue"]
        cue = next((c for c in (_cue_advice(c, headline, readability) for c in cues) if c), None)
        if cue and not words:
            out.append(_suggestion("clickbait:cue", cue, None, "high"))

    channels = readability["channels"]
    search = channels["search"]
    if search["truncated"]:
        out.append(
            _suggestion(
                "channel:search",
                f'Search results cut this title after "{search["last_word"]}" ({search["measure"]:.0f} px of '
                f"{search['limit']} px): move the key fact before that word or shorten it.",
                (search["cut_at"], len(headline)),
                "medium",
            )
        )
    social = channels["social"]
    if social["truncated"]:
        over = social["measure"] - social["limit"]
        out.append(
            _suggestion(
                "channel:social",
                f'Social cards cut this title after "{social["last_word"]}": it is {over} characters over '
                f"{social['limit']}.",
                (social["cut_at"], len(headline)),
                "low",
            )
        )
    schema = channels["schema_org"]
    if schema["truncated"]:
        out.append(
            _suggestion(
                "channel:schema_org",
                f"schema.org Article headline allows {schema['limit']} characters; this has {schema['measure']}. "
                "Shorten it or set a shorter structured-data headline.",
                (schema["cut_at"], len(headline)),
                "medium",
            )
        )

    for finding in style:
        out.append(
            _suggestion(
                f"style:{finding['rule']}", finding["message"], finding["span"], "low", finding.get("fix")
            )
        )

    if readability["words"] and readability["words"] < 4:
        out.append(
            _suggestion(
                "length:short",
                f"Only {readability['words']} words: add who or what did what, "
                "so the headline stands alone in a feed.",
                None,
                "medium",
            )
        )
    elif readability["words"] > 18:
        out.append(
            _suggestion(
                "length:long",
                f"{readability['words']} words is long for a headline: "
                "keep the fact and cut the rest (aim for 6-14 words).",
                None,
                "low",
            )
        )
    for word in readability.get("jargon", [])[:2]:
        out.append(
            _suggestion(
                "readability:jargon",
                f'"{word}" is uncommon and long: a plainer word reads faster.',
                _word_span(headline, word),
                "low",
            )
        )
    out.sort(key=lambda s: SEVERITY_ORDER[s["severity"]])
    return out
