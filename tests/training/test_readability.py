"""Body readability runs offline: textstat's NLTK download is never reached."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from service.model.readability import (
    body_readability,
    reading_time_minutes,
    sentence_spans,
    syllables_in_word,
)

TEXT = (
    "The council approved the new tram line on Monday. Construction will start next spring. "
    "Officials expect the line to carry twenty thousand passengers a day."
)


def test_formulas_are_plain_floats_in_sane_ranges() -> None:
    scores = body_readability(TEXT)
    assert set(scores) >= {
        "flesch_reading_ease",
        "flesch_kincaid_grade",
        "gunning_fog",
        "smog_index",
        "coleman_liau_index",
        "dale_chall",
        "automated_readability_index",
        "consensus_grade",
    }
    assert all(isinstance(v, float) for v in scores.values())
    assert 0 < scores["flesch_reading_ease"] < 100
    assert 0 < scores["flesch_kincaid_grade"] < 20


def test_empty_or_wordless_text_gives_zeros() -> None:
    assert set(body_readability("").values()) == {0.0}
    assert set(body_readability("%%% 123 ###").values()) == {0.0}


def test_syllables_from_the_dictionary() -> None:
    assert syllables_in_word("extraordinary") == 6
    assert syllables_in_word("cat") == 1
    assert syllables_in_word("zzqxv") >= 1  # not in the dictionary: hyphenation fallback


def test_sentence_spans_cover_each_sentence() -> None:
    text = "First one. Second one!\n\nThird?"
    assert [text[s:e] for s, e in sentence_spans(text)] == ["First one.", "Second one!", "Third?"]


def test_reading_time() -> None:
    assert reading_time_minutes(238) == 1.0


def test_runs_with_networking_disabled(tmp_path) -> None:
    """A fresh interpreter with sockets disabled and an empty NLTK data path still scores text."""
    script = textwrap.dedent(
        """
        import socket
        def refuse(*args, **kwargs):
            raise OSError("network disabled in this test")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        import nltk
        def no_download(*args, **kwargs):
            raise SystemExit("nltk.download was called")
        nltk.download = no_download
        try:
            socket.create_connection(("127.0.0.1", 9))
        except OSError as exc:
            assert "network disabled" in str(exc)
        else:
            raise SystemExit("the network guard is not in effect")
        from service.model.readability import body_readability
        scores = body_readability("Extraordinary circumstances required immediate intervention by authorities.")
        assert scores["flesch_kincaid_grade"] > 10, scores
        print("ok")
        """
    )
    assert_prints_ok(script, env={"NLTK_DATA": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})


def assert_prints_ok(script: str, env: dict | None = None) -> None:
    """Run ``script`` in a fresh interpreter from the repository root; it must print "ok"."""
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=str(__import__("pathlib").Path(__file__).resolve().parents[2]),
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


PASTED_PAGE = (
    "Contents\n1. Background\n2. What the council decided\n\nBackground\n\n"
    "The council approved the new tram line on Monday after eighteen months of debate.\n"
    "- Read more: Council budget explained (https://example.com/budget)\n"
    "- Related: Tram depot plans and the consultation timetable\n"
    "Results of the consultation ..... 12\n"
    "WHAT HAPPENS NEXT FOR RESIDENTS OF THE CITY\n"
    "Work starts in spring\n"
    "- The depot will be built on the old gasworks site, which the council bought last year.\n"
    "A long paragraph that someone pasted without its final full stop still reads as prose to an editor here"
)


def test_is_prose_skips_headings_contents_and_link_bullets() -> None:
    from service.model.readability import is_prose

    kept = [PASTED_PAGE[s:e] for s, e in sentence_spans(PASTED_PAGE) if is_prose(PASTED_PAGE, s, e)]
    assert kept == [
        "The council approved the new tram line on Monday after eighteen months of debate.",
        "- The depot will be built on the old gasworks site, which the council bought last year.",
        "A long paragraph that someone pasted without its final full stop still reads as prose to an editor here",
    ]


def test_importing_the_module_patches_nothing_and_the_install_call_is_idempotent() -> None:
    """The textstat set-up is an explicit call, not an import side effect (issue 15)."""
    script = textwrap.dedent(
        """
        import sys
        import service.model.readability as readability
        assert "textstat" not in sys.modules, "importing the module imported textstat"
        first = readability.install_offline_cmudict()
        from textstat.backend.counts import _count_syllables
        from textstat.backend.utils import _get_cmudict
        assert _count_syllables.get_cmudict is readability._offline_get_cmudict
        assert _get_cmudict.get_cmudict is readability._offline_get_cmudict
        assert readability.install_offline_cmudict() is first is sys.modules["textstat"]
        print("ok")
        """
    )
    assert_prints_ok(script)
