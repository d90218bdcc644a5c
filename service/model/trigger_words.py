"""The word and phrase lists behind the sensationalism triggers (data only, hand-written).

``service/model/triggers.py`` finds the spans; the lists live here so the matching code stays
short. Each list names one kind of device an editor reads as sensational; the model's own
lexicons (Chakraborty et al.'s phrases, the hyperbolic words) are added at run time.
"""

from __future__ import annotations

__all__ = [
    "ABSOLUTES",
    "CAUSAL_PHRASES",
    "CAUSAL_VERBS",
    "CAUSAL_EFFECTS",
    "CAUSAL_EFFECT_STOPPERS",
    "RESEARCH_FRAME",
    "CLICKBAIT_PHRASES",
    "DRAMATIC",
    "FUNCTION_WORDS",
    "INTENSIFIERS",
    "URGENCY",
    "URGENCY_PHRASES",
]


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


INTENSIFIERS = _word_set(
    """
    very extremely incredibly totally absolutely utterly insanely seriously literally really truly
    super ultra mega completely entirely downright wildly hugely massively ridiculously unbelievably
    shockingly so
    """
)
ABSOLUTES = _word_set(
    "everyone everybody everything everywhere nobody nothing nowhere never always forever ever every all none"
)
URGENCY = _word_set(
    """
    breaking urgent alert warning now emergency crisis panic chaos catastrophe danger dangerous
    deadly threat terrifying terror doomsday apocalypse apocalyptic imminent immediately meltdown
    """
)
# Hype and drama words of news headlines that VADER does not rate as loaded: combat verbs for
# criticism ("slams"), motion verbs for prices and polls ("soars"), and hype adjectives. The rubric's
# examples of "clearly sensational" (heartbreaking, thrilling, epic, slams, destroys, nightmare) are
# of these kinds.
DRAMATIC = _word_set(
    """
    slam slams slammed slamming blast blasts blasted rip rips ripped torch torches torched eviscerate
    eviscerates eviscerated obliterate obliterates obliterated annihilate annihilates demolish demolishes
    demolished destroy destroys destroyed crush crushes crushed trash trashes trashed lambast lambasts
    lambasted savage savages savaged skewer skewers skewered roast roasts roasted shred shreds shredded
    hammer hammers hammered soar soars soared skyrocket skyrockets skyrocketed plunge plunges plunged
    plummet plummets plummeted tumble tumbles tumbled nosedive nosedives explode explodes exploded erupt
    erupts erupted rock rocks rocked stun stuns stunned shock shocks shocked
    heartbreaking heartbroken heartwarming thrilling shocking stunning epic sensational dramatic
    explosive bombshell firestorm frenzy mayhem carnage bloodbath meltdown nightmare nightmarish miracle
    miraculous staggering whopping incredible unbelievable insane outrageous spectacular breathtaking
    extraordinary unprecedented historic monumental colossal massive huge enormous gigantic
    jeopardize jeopardise jeopardizes jeopardises cripple cripples crippling devastate devastates doomed
    exposes
    """
)
URGENCY_PHRASES = (
    "before it's too late",
    "act now",
    "don't miss",
    "right now",
    "last chance",
    "just in",
    "red alert",
    "time is running out",
    "must read",
    "must see",
    "must watch",
)
# Stock clickbait and sensational phrases (hand-written; the model adds Chakraborty et al.'s MIT list).
# A phrase may hold ``*``: one to three words of any kind ("only * will remember").
CLICKBAIT_PHRASES = (
    "best kept secret",
    "everyone is talking about",
    "everybody is talking about",
    "you won't believe",
    "you will never believe",
    "you'll never believe",
    "you wont believe",
    "will blow your mind",
    "blow your mind",
    "blow you away",
    "will blow you away",
    "mind blowing",
    "jaw dropping",
    "what happened next",
    "what happens next",
    "what happened after",
    "shocking truth",
    "the truth about",
    "they don't want you to know",
    "doctors hate",
    "one weird trick",
    "goes viral",
    "going viral",
    "broke the internet",
    "breaks the internet",
    "will change your life",
    "change your life forever",
    "nothing could prepare",
    "you need to know",
    "need to see",
    "of all time",
    "once in a lifetime",
    "game changer",
    "only * will remember",
    "only * will understand",
    "only * will get",
    "only * can relate",
    "will make you cry",
    "will restore your faith",
    "faith in humanity",
    "left everyone speechless",
    "will leave you speechless",
    "can't stop laughing",
    "you'll never guess",
    "you will never guess",
    "wait till you see",
    "wait until you see",
    "the reason why will",
    "never * the same again",
    "will shock you",
    "is insane",
    "will give you chills",
    "melt your heart",
    "the internet is losing",
    "took the internet by storm",
)
# Verbs of overstated study claims ("Coffee cures cancer"). Not "kills": "Earthquake kills 12" is a
# neutral report; not "destroys": that is drama (see DRAMATIC).
CAUSAL_VERBS = _word_set(
    """
    causes cause caused causing cures cure cured prevents prevent prevented reverses reverse reversed
    eliminates eliminate triggers trigger
    triggered doubles halves slashes boosts boost increases reduces lowers raises makes guarantees
    proves proven proof ruins ruin ruined wipes fixes saves stops
    """
)
CAUSAL_PHRASES = (
    "leads to",
    "lead to",
    "led to",
    "results in",
    "responsible for",
    "is the reason",
    "will make you",
)
# The verbs above are everyday news verbs too ("Central bank raises rates", "Court reverses ruling",
# "Storm causes damage"): a causal claim is one about an effect on health, body, mind or learning,
# the claims studies are overstated in. So a causal verb or phrase counts only where one of these
# words follows it closely ("Coffee raises cancer risk") or the headline is framed as research.
CAUSAL_EFFECTS = _word_set(
    """
    risk risks odds chance chances likelihood danger mortality death deaths dying survival lifespan
    longevity cancer cancers tumour tumours tumor tumors dementia alzheimer alzheimer's alzheimers
    autism disease diseases illness infection infections heart stroke strokes diabetes obesity weight
    fat cholesterol blood memory brain depression anxiety stress symptoms pain inflammation immunity
    fertility pregnancy miscarriage sleep insomnia addiction asthma allergy allergies arthritis
    complications relapse recovery mood happiness wellbeing well-being health healthier iq intelligence
    smarter learning grades aging ageing appetite metabolism hormone hormones testosterone
    virus bacteria acne wrinkles
    """
)
# Words that make an effect word a count, not an outcome: "Sri Lanka lowers death toll".
CAUSAL_EFFECT_STOPPERS = frozenset(["toll", "tolls", "row", "threat", "threats"])
# A headline framed as research or medicine: any causal verb in it makes a claim of the kind studies
# support or not ("Drug halves relapse in patients").
RESEARCH_FRAME = _word_set(
    """
    study studies research researchers scientists scientist trial trials experiment clinical patients
    patient mice rats cells gene genes genetic protein proteins drug drugs therapy therapies treatment
    treatments vaccine vaccines diet diets exercise supplement supplements vitamin vitamins surgery
    medication medications dose doses
    """
)
FUNCTION_WORDS = frozenset(
    [
        "a",
        "the",
        "of",
        "in",
        "on",
        "at",
        "for",
        "is",
        "are",
        "you",
        "do",
        "can",
        "to",
        "that",
        "from",
        "about",
        "what",
        "how",
        "many",
        "these",
        "who",
        "will",
        "make",
        "know",
        "people",
        "this",
        "here",
        "it",
        "it's",
        "be",
        "your",
        "we",
        "with",
        "and",
        "by",
        "an",
        "when",
        "why",
        "has",
        "have",
        "was",
        "or",
        "as",
        "one",
        "that's",
        "they",
        "i",
        "my",
        "single",
        "based",
    ]
)
