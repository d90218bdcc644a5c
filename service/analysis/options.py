"""House-style options of an analysis, validated once at the edge."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from service.exceptions import InvalidInput

__all__ = ["AnalysisOptions", "MAX_HEADLINE_CHARS", "MAX_BODY_CHARS"]

MAX_HEADLINE_CHARS = 1000
MAX_BODY_CHARS = 1_000_000

CASE_STYLES = ("sentence", "title")
NUMERALS = ("digits", "words", "any")


@dataclass(frozen=True)
class AnalysisOptions:
    """How the newsroom writes headlines.

    Attributes
    ----------
    case_style : {"sentence", "title"}
        Sentence case (AP, most newsrooms) or Title Case.
    allow_final_period : bool
        Headlines normally end without a period.
    numerals : {"digits", "words", "any"}
        AP headlines use figures for all numbers ("digits").
    search_title_px : int
        Width at which search engines cut a title (Google: about 600 px).
    social_title_chars : int
        Characters a social card shows of a title before cutting it.
    schema_headline_chars : int
        schema.org ``Article.headline`` limit (Google: 110 characters).
    """

    case_style: str = "sentence"
    allow_final_period: bool = False
    numerals: str = "digits"
    search_title_px: int = 600
    social_title_chars: int = 70
    schema_headline_chars: int = 110

    @classmethod
    def from_dict(cls, data: object) -> AnalysisOptions:
        """Build options from a JSON object, naming the offending field on error."""
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise InvalidInput("options must be a JSON object", field="options")
        known = {f.name: f for f in fields(cls)}
        for key in data:
            if key not in known:
                raise InvalidInput(
                    f"unknown option {key!r}; known: {', '.join(known)}", field=f"options.{key}"
                )
        values = {}
        for key, value in data.items():
            default = getattr(cls, key)
            if isinstance(default, bool):
                if not isinstance(value, bool):
                    raise InvalidInput(f"options.{key} must be true or false", field=f"options.{key}")
            elif isinstance(default, int):
                if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10_000:
                    raise InvalidInput(
                        f"options.{key} must be an integer in 1..10000", field=f"options.{key}"
                    )
            elif not isinstance(value, str):
                raise InvalidInput(f"options.{key} must be a string", field=f"options.{key}")
            values[key] = value
        if values.get("case_style", cls.case_style) not in CASE_STYLES:
            raise InvalidInput(
                f"options.case_style must be one of {', '.join(CASE_STYLES)}", field="options.case_style"
            )
        if values.get("numerals", cls.numerals) not in NUMERALS:
            raise InvalidInput(
                f"options.numerals must be one of {', '.join(NUMERALS)}", field="options.numerals"
            )
        return cls(**values)

    def to_dict(self) -> dict:
        return asdict(self)
