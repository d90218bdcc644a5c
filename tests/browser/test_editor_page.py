"""The editor's page in a real Chromium: type, paste, switch style, compare, copy, fail, on desktop and phone."""

from __future__ import annotations

import json
import os
import re
import shutil

import pytest

from tests.browser.conftest import ROOT, SCREENSHOTS, build_app, serve

pytestmark = pytest.mark.browser

CLICKBAIT = "You Won't Believe What This Amazing Dog Did Next"
PLAIN = "Parliament passes budget after late-night vote"
HARD_SENTENCE = (
    "The committee's deliberations, notwithstanding considerable procedural disagreements, ultimately "
    "concluded that the institutional reorganisation of municipal transportation infrastructure "
    "necessitated comprehensive intergovernmental consultation."
)
BODY = (
    "The council met on Tuesday. It voted on the plan. "
    + HARD_SENTENCE
    + " The new line opens next year. Tickets will cost two pounds."
)
# Chromium logs the deliberately provoked 422 response as a network console line; nothing else is allowed.
PROVOKED_422 = (r"Failed to load resource: the server responded with a status of 422",)

# WCAG 2.x contrast of every rendered text node against its composited background.
CONTRAST_AUDIT = """() => {
  const parse = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a), a: 1 });
  const background = (el) => {
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const c = parse(getComputedStyle(node).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let color = { r: 255, g: 255, b: 255, a: 1 };
    for (const layer of layers.reverse()) color = over(layer, color);
    return color;
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const failures = [];
  let checked = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || el.closest(".visually-hidden, template, noscript, script")) continue;
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    const style = getComputedStyle(el);
    const bg = background(el);
    const fg = over(parse(style.color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    checked += 1;
    if (ratio < (large ? 3 : 4.5)) failures.push(`${ratio.toFixed(2)} ${node.textContent.trim().slice(0, 40)}`);
  }
  return { checked, failures };
}"""


def type_headline(page, text: str) -> None:
    """Type like an editor (key by key) into the headline field."""
    page.locator("#headline").click()
    page.keyboard.type(text)


def score_with_body(page, body: str, headline: str, shown: str | None = None) -> None:
    """Paste ``body``, type ``headline`` and wait until its result (starting ``shown``) and the body panel show."""
    page.locator("#body").fill(body)
    type_headline(page, headline)
    wait_for_result(page, shown or headline)
    page.locator("#body-panel").wait_for(state="visible")


def wait_for_result(page, headline: str) -> None:
    page.wait_for_function(
        "h => !document.getElementById('result').hidden && "
        "document.getElementById('headline-view').firstChild && "
        "document.getElementById('headline-view').textContent.startsWith(h.slice(0, 10)) && "
        "document.getElementById('status').textContent.startsWith('Scored')",
        arg=headline,
    )


def test_clickbait_headline_is_flagged_with_highlighted_triggers(page, console):
    analyze_calls = []
    page.on("request", lambda r: analyze_calls.append(r.url) if r.url.endswith("/v1/analyze") else None)
    type_headline(page, CLICKBAIT)
    wait_for_result(page, CLICKBAIT)
    assert 1 <= len(analyze_calls) <= 3  # debounced: not one request per keystroke

    assert page.locator("#clickbait-level").inner_text().lower() == "high"
    assert page.locator("#meter-clickbait").get_attribute("data-level") == "high"
    assert int(page.locator("#clickbait-bar").get_attribute("aria-valuenow")) >= 60
    assert page.locator("#score-band").inner_text()  # the band is also written in words
    assert page.locator("#score").get_attribute("data-band") in {"amber", "red"}

    marks = page.locator("#headline-view mark.trigger")
    assert marks.count() >= 2
    first = marks.first
    assert first.get_attribute("data-category") == "clickbait_phrase"
    assert first.evaluate("m => m.firstChild.textContent") == "You Won't Believe"
    assert "cat-clickbait_phrase" in first.get_attribute("class")
    # Hover explains the trigger and what to do.
    tip = first.locator(".tip")
    assert not tip.is_visible()
    first.hover()
    tip.wait_for(state="visible")
    assert "Clickbait phrase" in tip.inner_text()
    assert page.locator("#trigger-list li").count() == marks.count()

    suggestions = page.locator("#suggestions .suggestion")
    assert suggestions.count() >= 2
    assert page.locator("#suggestions .context mark.focus").first.inner_text() == "You Won't Believe"
    assert page.locator("#suggestions .severity").first.inner_text().lower() in {"high", "medium", "low"}

    # Both previews carry a count against the limit.
    assert re.search(r"\d+ px of 600 px", page.locator("#preview-search .channel-count").inner_text())
    assert re.search(
        r"\d+ characters? of 70 characters", page.locator("#preview-social .channel-count").inner_text()
    )
    console.assert_clean()


def test_plain_news_headline_scores_low(page, console):
    type_headline(page, PLAIN)
    wait_for_result(page, PLAIN)
    assert page.locator("#clickbait-level").inner_text().lower() == "low"
    assert page.locator("#sensational-level").inner_text().lower() == "low"
    assert page.locator("#headline-view mark.trigger").count() == 0
    assert page.locator("#headline-view").inner_text() == PLAIN
    assert page.locator("#score").get_attribute("data-band") == "green"
    assert int(page.locator("#score-value").inner_text()) >= 70
    assert page.locator("#preview-search .serp-title .cut-rest").count() == 0
    assert "fits" in page.locator("#preview-search .channel-count").inner_text()
    assert page.locator("#body-panel").is_hidden()
    console.assert_clean()


def test_headline_markup_is_shown_as_text(page, console):
    headline = '<img src=x id=injected> "Quotes" & <b>tags</b>'
    page.locator("#headline").fill(headline)
    wait_for_result(page, headline)
    assert page.locator("#headline-view").inner_text() == headline
    assert page.locator("#injected").count() == 0 and page.locator("#headline-view b").count() == 0
    console.assert_clean()


def test_server_and_network_failures_are_shown_in_words(page, console):
    problem = {
        "type": "/problems/model-unavailable",
        "title": "Service Unavailable",
        "status": 503,
        "detail": "The model is not loaded yet; retry shortly.",
    }
    page.route(
        "**/v1/analyze",
        lambda route: route.fulfill(
            status=503,
            content_type="application/problem+json",
            body=json.dumps(problem),
            headers={"Retry-After": "5"},
        ),
    )
    page.locator("#headline").fill(PLAIN)
    error = page.locator("#headline-error")
    error.wait_for(state="visible")
    assert error.inner_text() == "The model is not loaded yet; retry shortly. Try again in 5 s."
    page.unroute("**/v1/analyze")
    page.route("**/v1/analyze", lambda route: route.abort())
    page.locator("#headline").fill(CLICKBAIT)
    page.wait_for_function(
        "() => document.getElementById('headline-error').textContent.includes('could not be reached')"
    )
    assert page.locator("#empty").is_visible()
    console.assert_clean(allow=(r"status of 503", r"net::ERR_FAILED"))


def test_long_headline_preview_shows_the_cut(page, console):
    headline = (
        "Council approves budget for new tram line after months of debate over routes, costs and the depot"
    )
    page.locator("#headline").fill(headline)
    wait_for_result(page, headline)
    title = page.locator("#preview-social .social-title")
    rest = title.locator(".cut-rest")
    assert rest.is_visible()
    visible = title.locator(".visible").inner_text()
    assert visible.endswith("…")
    assert headline.endswith(rest.inner_text().replace("Cut here; hidden:", "").strip())
    count = page.locator("#preview-social .channel-count")
    assert "over" in count.inner_text() and "cut after" in count.inner_text()
    assert "over" in count.get_attribute("class")
    console.assert_clean()


def test_body_shows_readability_and_hardest_sentence(page, console):
    score_with_body(page, BODY, "Council approves new tram line")
    stats = page.locator("#body-stats").inner_text()
    assert "Reading grade" in stats.replace("\n", " ") or "READING GRADE" in stats
    assert re.search(r"reading time", stats, re.IGNORECASE)
    hard = page.locator("#body-view mark.hard")
    assert hard.count() >= 1
    marked = hard.evaluate_all("ms => ms.map(m => [m.firstChild.textContent, m.lastChild.textContent])")
    assert [text for text, _ in marked] == [HARD_SENTENCE]  # the easy sentences stay unmarked
    assert "above school grade 8" in page.locator("#body-legend").inner_text()
    assert all(re.fullmatch(r"grade \d+(\.\d)?", badge) for _, badge in marked)
    finding = page.locator("#consistency .consistency").inner_text()
    assert re.search(r"^Headline and body: (The body|Unclear)", finding)
    console.assert_clean()


def test_compare_ranks_three_variants_best_first(page, console, tiny_model):
    from service.analysis import compare

    variants = [CLICKBAIT, PLAIN, "This Simple Trick Will Change The Way You Sleep Forever"]
    inputs = page.locator("#variants input")
    assert inputs.count() == 3
    for index, text in enumerate(variants):
        inputs.nth(index).fill(text)
    page.locator("#rank").click()
    cards = page.locator("#ranking .rank-card")
    cards.nth(2).wait_for()
    assert cards.count() == 3
    shown = [cards.nth(i).locator(".rank-headline").inner_text() for i in range(3)]
    expected = [entry["headline"] for entry in compare(tiny_model, variants)["ranking"]]
    assert shown == expected
    assert shown[0] == PLAIN
    assert cards.first.locator(".rank-badge").inner_text().lower().endswith("best")
    assert cards.first.locator(".rank-reason").inner_text()
    scores = [int(cards.nth(i).locator(".rank-score-value").inner_text()) for i in range(3)]
    assert scores == sorted(scores, reverse=True)
    assert "Ranked 3 variants" in page.locator("#compare-status").inner_text()
    console.assert_clean()


def test_compare_needs_two_and_allows_at_most_ten(page, console):
    page.locator("#variants input").first.fill(PLAIN)
    page.locator("#rank").click()
    assert "at least 2" in page.locator("#compare-error").inner_text()
    add = page.locator("#add-variant")
    while add.is_enabled():
        add.click()
    assert page.locator("#variants input").count() == 10
    assert page.locator("#variants input").nth(9).evaluate("i => i.labels[0].textContent") == "Variant 10"
    page.get_by_role("button", name="Remove variant 10").click()
    assert page.locator("#variants input").count() == 9
    console.assert_clean()


def test_overlong_headline_shows_the_api_message_next_to_the_field(page, console):
    page.locator("#headline").fill("A" * 1001)
    error = page.locator("#headline-error")
    error.wait_for(state="visible")
    assert "1001 characters" in error.inner_text() and "limit is 1000" in error.inner_text()
    assert page.locator("#headline").get_attribute("aria-invalid") == "true"
    assert "over the 1,000 limit" in page.locator("#headline-count").inner_text()
    assert page.locator("#result").is_hidden() and page.locator("#empty").is_visible()
    # Fixing it clears the error and scores again.
    page.locator("#headline").fill(PLAIN)
    wait_for_result(page, PLAIN)
    assert error.is_hidden()
    assert page.locator("#headline").get_attribute("aria-invalid") is None
    console.assert_clean(allow=PROVOKED_422)


def test_house_style_switch_changes_the_style_checks(page, console):
    headline = "Council approves budget for new tram line"
    type_headline(page, headline)
    wait_for_result(page, headline)
    style = page.locator('#suggestions .suggestion[data-id="style:case_style"]')
    assert style.count() == 0
    page.get_by_label("Title Case").check()
    style.wait_for()
    assert "title case" in style.inner_text().lower()
    page.get_by_label("Sentence case").check()
    style.wait_for(state="detached")
    console.assert_clean()


def test_keyboard_only_use(page, console):
    def tab_to(predicate: str, limit: int = 40) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(predicate):
                return
        raise AssertionError(f"never reached by Tab: {predicate}")

    tab_to("document.activeElement.id === 'headline'")
    page.keyboard.type(CLICKBAIT)
    wait_for_result(page, CLICKBAIT)
    tab_to("document.activeElement.matches('mark.trigger')")
    focused = page.locator("mark.trigger:focus")
    assert focused.locator(".tip").is_visible()  # focus explains the trigger, as hover does
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # visible focus
    # The house style radios are reachable and switch with the arrow keys.
    page.locator("#case-sentence").focus()
    page.keyboard.press("ArrowRight")
    assert page.locator("#case-title").is_checked()
    console.assert_clean()


def test_every_control_has_a_label(page, console):
    unlabeled = page.evaluate(
        """() => Array.from(document.querySelectorAll('input, textarea, select, button, [tabindex]'))
             .filter(el => !el.closest('template'))
             .filter(el => !((el.labels && el.labels.length && el.labels[0].textContent.trim())
                             || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
                             || (el.tagName === 'BUTTON' && el.textContent.trim())
                             || el.id === 'results'))
             .map(el => el.outerHTML.slice(0, 80))"""
    )
    assert unlabeled == []
    console.assert_clean()


def test_copy_result_as_json(page, console):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    type_headline(page, PLAIN)
    wait_for_result(page, PLAIN)
    page.locator("#copy-json").click()
    page.wait_for_function("() => document.getElementById('copy-status').textContent.startsWith('Copied')")
    copied = json.loads(page.evaluate("navigator.clipboard.readText()"))
    assert copied["headline"] == PLAIN and "quality" in copied
    assert page.locator("a[href='/docs']").first.is_visible()
    console.assert_clean()


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}], ids=["phone"])
def test_phone_width_has_no_sideways_scroll(page, console, viewport):
    score_with_body(page, BODY, CLICKBAIT)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    box = page.locator("#headline").bounding_box()
    assert box["width"] <= viewport["width"]
    console.assert_clean()


def test_text_contrast_meets_wcag_aa_and_readme_screenshot(page, console):
    """The richest state of the page: every text passes AA; also the README's screenshot."""
    score_with_body(
        page,
        BODY,
        "You Won't Believe This Amazing Trick That Doctors Hate — It Will Shock You!",
        "You Won't Believe",
    )
    inputs = page.locator("#variants input")
    for index, text in enumerate([CLICKBAIT, PLAIN, "Council approves budget for new tram line"]):
        inputs.nth(index).fill(text)
    page.locator("#rank").click()
    page.locator("#ranking .rank-card").nth(2).wait_for()
    page.locator("#copy-json").focus()
    page.locator("#headline").focus()

    audit = page.evaluate(CONTRAST_AUDIT)
    assert audit["checked"] > 50
    assert audit["failures"] == []

    page.locator("#headline-view mark.trigger").nth(1).hover()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / "readme.png"
    page.screenshot(path=str(shot), full_page=False)
    readme_shot = ROOT / "docs" / "screenshot.png"
    if (
        not readme_shot.exists() or os.environ.get("UPDATE_SCREENSHOTS") == "1"
    ):  # keep the tree clean otherwise
        shutil.copyfile(shot, readme_shot)
    console.assert_clean()


def test_api_key_problem_is_explained_and_the_key_field_works(browser, tiny_model, tiny_model_dir, console):
    from service.web.security import hash_key

    app = build_app(tiny_model, tiny_model_dir, api_key_hashes=(hash_key("s3cret-key"),))
    with serve(app) as url:
        context = browser.new_context(base_url=url)
        page = context.new_page()
        page.on("console", console.on_console)
        page.on("pageerror", console.on_page_error)
        try:
            page.goto("/")
            type_headline(page, PLAIN)
            error = page.locator("#headline-error")
            error.wait_for(state="visible")
            assert "Authorization: Bearer" in error.inner_text() and "API key" in error.inner_text()
            assert page.locator("#access").get_attribute("open") is not None
            page.locator("#api-key").fill("s3cret-key")
            page.locator("#api-key").press("Tab")
            wait_for_result(page, PLAIN)
            assert error.is_hidden()
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "api_key.png"), full_page=True)
        finally:
            context.close()
    console.assert_clean(allow=(r"Failed to load resource: the server responded with a status of 401",))
