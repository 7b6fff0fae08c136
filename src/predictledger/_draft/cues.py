"""Cues: the signs that a sentence speaks about the future, with their weights.

French takes tense and mood from spaCy's tagger (`Tense=Fut`, `Mood=Cnd`) and adds rules for
what the tagger does not mark: « va / vont + infinitif » (French UD treats only être, avoir and
faire as auxiliaries, so « va corriger » is two plain verbs), the modal hedges « devrait /
pourrait », stance verbs (« je suis convaincu », « nous espérons », « je pense que »), intentions
(« nous voulons », « nous comptons »), and periods or years ahead of the publication date.
English uses rules only: will / would / going to / expect / likely, stance verbs ("I expect",
"I think"), intentions ("we plan to") and years ahead.

Each cue has a weight in [0, 1]; a sentence's confidence is 1 - the product of (1 - weight)
over its cues, lowered for signs that it is not a claim (advice, a wish, a reported past
prediction). The weights were set on the two bundled articles; see docs/drafting.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import attrs

from .french import Word

__all__ = ["WEIGHTS", "Cues", "english_cues", "frame_words", "french_cues"]

WEIGHTS: dict[str, float] = {
    "future": 0.55,
    "aller + infinitive": 0.55,
    "will": 0.55,
    "going to": 0.55,
    "devrait/pourrait": 0.45,
    "could/might/may": 0.3,
    "conditional": 0.4,
    "would": 0.25,
    "expect": 0.5,
    "likely": 0.45,
    "stance": 0.4,
    "intention": 0.45,
    "year ahead": 0.4,
    "period ahead": 0.4,
    "about to": 0.5,
    "emerging": 0.3,
    "hedge": 0.15,
    "stated probability": 0.45,
    "outlook section": 0.1,
    "outlook evaluation": 0.4,
    "outlook list item": 0.4,
}

Cues = list[str]

_A = "['\u2019]"  # either apostrophe

# French rules --------------------------------------------------------------------------------

_ALLER = re.compile(
    r"\b(?:vais|vas|va|allons|allez|vont)\s+"
    r"(?:(?:pas|plus|jamais|probablement|sans doute|bientôt|certainement|encore|bien|vraiment|"
    rf"peut-être|aussi|donc|enfin|tous|toutes|tout|y|en|se|s{_A}|nous|vous|les|le|la|l{_A}|lui|"
    rf"leur|me|m{_A}|te|t{_A}|ne|n{_A})\s*)*"
    r"(?P<inf>[a-zàâäçéèêëîïôöùûüÿœ]+(?:er|ir|re|oir))\b",
    re.IGNORECASE,
)
_FR_MODAL = re.compile(
    r"\b(?:devrai[st]?|devraient|devrions|devriez|pourrai[st]?|pourraient|pourrions|pourriez|"
    r"pourra|pourront|risquent? d|risquent? de)\b",
    re.IGNORECASE,
)
_FR_STANCE = re.compile(
    r"\b(?:je suis (?:convaincue?|certaine?|sûre?|persuadée?|optimiste|pessimiste|confiante?)"
    r"|nous sommes (?:convaincu|certain|sûr|persuadé|optimiste|pessimiste|confiant)e?s?"
    rf"|j{_A}ai la conviction|je pense qu|nous pensons qu|je crois qu|nous croyons qu"
    rf"|j{_A}estime qu"
    rf"|nous estimons qu|j{_A}espère|nous espérons|j{_A}espere|nous esperons|je m{_A}attends"
    rf"|nous nous attendons|nous attendons|je prévois|nous prévoyons|je parie|je table|"
    rf"selon moi|à mon avis|a mon avis|me semblen?t?|nous restons (?:\w+ )?(?:confiants|"
    r"optimistes|prudents|convaincus|positifs|vigilants)|je reste (?:\w+ )?(?:confiant|optimiste|"
    rf"prudent|convaincu)|j{_A}anticipe|nous anticipons|je mise|nous misons)",
    re.IGNORECASE,
)
_FR_INTENTION = re.compile(
    r"\b(?:nous voulons|je veux|nous comptons|je compte|nous prévoyons d|je prévois d"
    rf"|nous avons l{_A}intention|j{_A}ai l{_A}intention|nous envisageons|nous visons"
    r"|nous souhaitons"
    r"|nous continuerons|nous allons continuer|notre objectif est|notre but est)",
    re.IGNORECASE,
)
_FR_PERIOD = re.compile(
    rf"\b(?:à l{_A}avenir|a l{_A}avenir|dans le futur|à venir|a venir|à terme|bientôt"
    rf"|d{_A}ici|prochaine?s?|(?:à|sur le|dans le) (?:court|moyen|long) terme|(?:court|moyen|long)"
    r" terme|tôt ou tard|dans (?:\d+|deux|trois|quatre|cinq|six|dix) (?:à \d+ )?(?:ans|mois|"
    r"années|semaines)|les années qui viennent|demain)\b",
    re.IGNORECASE,
)
# Something about to happen, or beginning: « s'apprête à », « est sur le point de », « en passe
# de » (strong); « commence à », « se dessine », « se profile », « est en train de » (weak, it
# needs another cue).
_FR_ABOUT_TO = re.compile(
    rf"\b(?:s{_A}apprêten?t? à|(?:est|sont) sur le point d|en passe d|à l{_A}aube d)",
    re.IGNORECASE,
)
_FR_EMERGING = re.compile(
    r"\b(?:commencen?t? à|se dessinen?t?|se profilen?t?|(?:est|sont) en train d|émerge(?:nt)?)\b",
    re.IGNORECASE,
)
_FR_ADVICE = re.compile(
    r"\b(?:il faut|il faudra|il faudrait|doit|doivent|devons|devez|il convient|"
    r"n{_A}oubliez pas|soyez)\b".replace("{_A}", _A),
    re.IGNORECASE,
)
_FR_PAST_PREDICTION = re.compile(
    rf"\b(?:j{_A}avais (?:anticipé|prévu|prédit|pensé|cru)|nous avions (?:anticipé|prévu|prédit)"
    r"|j'ai toujours pensé|allai(?:t|ent) )",
    re.IGNORECASE,
)
_FR_ABSTENTION = re.compile(
    rf"\b(?:je n{_A}ai pas d{_A}opinion|je ne sais pas|on ne sait (?:donc )?pas|nul ne sait"
    r"|personne ne sait|je ne peux pas (?:le )?prédire|impossible (?:à|de) prédire"
    r"|difficile (?:à|de)"
    r" (?:dire|prédire|savoir)|reste à (?:voir|observer)|la réponse reste|je n.ai pas de vue claire"
    r"|il est trop tôt pour)",
    re.IGNORECASE,
)
# The article announcing its own content: « je n'entrerai pas dans les détails ici ».
_FR_ANNOUNCEMENT = re.compile(
    r"\b(?:je|nous)\b.{0,60}\b(?:ici|dans cet article|ci-dessous|plus loin|dans la suite)\b"
    r"|\b(?:cet article|cette partie|la suite) (?:se divise|présente|examine|abordera|portera)",
    re.IGNORECASE,
)
_FR_FIRST_PERSON = re.compile(rf"(?:^|\W)(?:je|j{_A}|nous)(?=\W)", re.IGNORECASE)
# Verbs in the first person future that say what the speaker will see, not do.
_FR_PERCEPTION = re.compile(
    r"\b(?:verrons|verrai|assisterons|constaterons|observerons|saurons|serons|aurons)\b",
    re.IGNORECASE,
)

# English rules -------------------------------------------------------------------------------

_EN_WILL = re.compile(r"\b(?:will|won['\u2019]t|shall)\b|\w['\u2019]ll\b", re.IGNORECASE)
_EN_WOULD = re.compile(
    r"\bwould(?:n['\u2019]t)?\b|\b(?:I|we|you|they|he|she|it)['\u2019]d\b", re.IGNORECASE
)
_EN_GOING_TO = re.compile(
    r"\b(?:am|is|are|['\u2019]re|['\u2019]m|['\u2019]s|not)\s+(?:\w+\s+)?(?:going to|gonna)\s+\w+",
    re.IGNORECASE,
)
_EN_EXPECT = re.compile(
    r"\b(?:I|we)\s+(?:\w+\s+)?(?:expect|anticipate|predict|forecast|bet|foresee|project)\b"
    r"|\b(?:expect(?:s|ed)?|anticipated?|predicted|projected|forecasted?|poised|set|on track|"
    r"slated|"
    r"bound|due|likely|unlikely|expected)\s+to\b|\b(?:my|our) (?:prediction|forecast|bet|"
    r"expectation)s?\b",
    re.IGNORECASE,
)
_EN_STANCE = re.compile(
    r"\b(?:I|we)\s+(?:\w+\s+)?(?:think|believe|suspect|doubt|hope|am confident|are confident|"
    r"am convinced|are convinced|am optimistic|are optimistic|am bullish|are bullish|am bearish|"
    r"are bearish)\b|\bin my (?:view|opinion)\b|\bif I had to bet\b",
    re.IGNORECASE,
)
_EN_LIKELY = re.compile(
    r"\b(?:likely|unlikely|probably|probable|chances? (?:are|is)|odds are|almost certainly|"
    r"certainly|inevitabl[ey])\b",
    re.IGNORECASE,
)
_EN_MODAL = re.compile(r"\b(?:could|might|may)\b", re.IGNORECASE)
_EN_INTENTION = re.compile(
    r"\b(?:I|we)\s+(?:\w+\s+)?(?:will|['\u2019]ll|plan to|intend to|want to|aim to|are planning|am"
    r" planning|are committed to|am committed to|are going to|am going to|hope to|are launching|"
    r"are hosting|will be launching)\b",
    re.IGNORECASE,
)
_EN_PERIOD = re.compile(
    r"\b(?:next (?:year|month|quarter|decade|cycle|few)|in the (?:coming|next|years ahead|months"
    r" ahead|future|long run|long term|short term|medium term|near term)|(?:short|medium|long|near)"
    r"[- ]term|soon|eventually|sooner or later|by the end of|over the next|within (?:the next )?"
    r"\d+|going forward|ahead|upcoming|down the road|tomorrow)\b",
    re.IGNORECASE,
)
_EN_ABOUT_TO = re.compile(r"\b(?:about to|on the verge of|on the cusp of|on the brink of)\b", re.I)
_EN_EMERGING = re.compile(
    r"\b(?:(?:is|are) (?:starting|beginning) to|(?:is|are) emerging|begins? to|starts? to)\b", re.I
)
_EN_ADVICE = re.compile(
    r"\b(?:should|must|need to|needs to|have to|has to|ought to|don['\u2019]t forget|make sure)\b",
    re.IGNORECASE,
)
_EN_WISH = re.compile(
    r"\b(?:I['\u2019]d|I would|we['\u2019]d|we would) (?:\w+ )?(?:like|love)\b", re.IGNORECASE
)
_EN_PAST_PREDICTION = re.compile(
    r"\b(?:I|we) (?:had |have )?(?:predicted|expected|thought|forecast|said)\b|\blast year\b",
    re.IGNORECASE,
)
_EN_ABSTENTION = re.compile(
    r"\b(?:I|we) (?:don['\u2019]t|do not|can['\u2019]t|cannot) (?:know|tell|say|predict)\b"
    r"|\bhard to "
    r"(?:say|tell|predict)\b|\bremains to be seen\b|\bwild ?cards?\b|\bno (?:strong )?(?:view|"
    r"opinion)\b|\btoo early to (?:say|tell)\b",
    re.IGNORECASE,
)
_EN_ANNOUNCEMENT = re.compile(
    r"\b(?:I|we)\b.{0,60}\b(?:in this (?:post|article|piece|essay)|later in this)\b"
    r"|\b(?:I|we)(?:['\u2019]ll| will) (?:cover|discuss|look at|explain|explore|dive|go through)\b"
    r"|\bthis (?:post|article|piece) (?:will|is going to)\b",
    re.IGNORECASE,
)
# « Voici mes prédictions pour 2025 », "Here are my predictions": an announcement.
_HERE_ARE = re.compile(
    r"\b(?:here are|here is|here['\u2019]s|voici|voilà)\b.{0,40}\b(?:predictions?|prédictions?|"
    r"forecasts?|bets?|paris|prévisions?|pronostics?|expectations|attentes)\b",
    re.IGNORECASE,
)
_EN_FIRST_PERSON = re.compile(r"\b(?:I|we|our|my)\b", re.IGNORECASE)
_EN_PERCEPTION = re.compile(
    r"\b(?:I|we)\s+(?:will|['\u2019]ll)\s+(?:likely |probably |also )?(?:see|be|find|know|witness|"
    r"have|get|start to see|continue to see)\b",
    re.IGNORECASE,
)

# Years and outlook frames --------------------------------------------------------------------

_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d{2}(?![\d])")

_FRAME_WORDS = re.compile(
    r"\b(?:perspectives?|prévisions?|prédictions?|predictions?|outlook|forecasts?|à surveiller|"
    r"a surveiller|surveiller|à venir|avenir|futur|future|ahead|what to watch|prochaine?s?|next|"
    r"privilégier|attentes|expectations|tendances? pour|trends? for|bets?|paris)\b",
    re.IGNORECASE,
)
_EVALUATION = re.compile(
    r"\b(?:prometteu\w*|opportunit\w*|excellente? nouvelle|bonne nouvelle|le moment d|"
    r"se distingue\w*|passionnant\w*|prudent\w*|optimist\w*|pessimist\w*|essor|boom|bulle|"
    r"émerg\w*|gagnant\w*|perdant\w*|leader\w*|promising|opportunit\w*|good news|great news|"
    r"time to|breakout|winners?|losers?|mainstream|bullish|bearish|cautious)",
    re.IGNORECASE,
)
LIST_ITEM = re.compile(r"^\s*(?:[-*•\u2013]|\d{1,2}[.)])\s+")


_PROBABILITY_WORDS = (
    r"(?:chances?|probabilit(?:y|é|e)|likelihood|confidence|confiance|odds|certainty|certitude)"
)
_STATED = re.compile(
    rf"(?P<a>\d{{1,3}}(?:[.,]\d+)?)\s?%\s*(?:de\s+|d['\u2019])?(?:\w+\s+)?{_PROBABILITY_WORDS}"
    rf"|{_PROBABILITY_WORDS}\s*(?:of|de|:|=|at|à)?\s*(?:~|about |environ )?"
    r"(?P<b>\d{1,3}(?:[.,]\d+)?)\s?%"
    r"|\b(?:p|P)\s?=\s?(?P<c>0?[.,]\d+)",
    re.IGNORECASE,
)


def stated_probability(sentence: str) -> tuple[int, int, float] | None:
    """A probability the author states (« 70 % de chances », "confidence: 80%", "p=0.7"):
    its offsets in `sentence` and its value, or `None`."""
    for m in _STATED.finditer(sentence):
        number = m["a"] or m["b"] or m["c"]
        value = float(number.replace(",", "."))
        if m["c"] is None:
            value /= 100
        if 0.0 <= value <= 1.0:
            return m.start(), m.end(), value
    return None


def years_ahead(sentence: str, published: dt.date | None) -> bool:
    """Whether `sentence` names a year after the publication date's year (or the same year,
    for an article published in its first half)."""
    if published is None:
        return False
    for m in _YEAR.finditer(sentence):
        year = int(m.group())
        if year > published.year or (year == published.year and published.month <= 6):
            return True
    return False


def frame_words(heading: str, published: dt.date | None) -> bool:
    """Whether a heading announces an outlook: « Que faut-il surveiller en 2024 ? »."""
    return bool(_FRAME_WORDS.search(heading)) or years_ahead(heading, published)


# The small French model misses some futures and conditionals (« nous n'investirons » read as
# a noun, « générerait » as an imperfect): a verb's ending after a subject or object pronoun,
# or on a word the tagger calls a verb, is read as well.
_FUTURE_ENDING = re.compile(r"\w{2,}(?:rai|ras|ra|rons|rez|ront)$")
_CONDITIONAL_ENDING = re.compile(r"\w{2,}(?:rais|rait|rions|riez|raient)$")
_NOT_VERBS = frozenset(
    [
        "vrai",
        "frais",
        "marais",
        "portrait",
        "retrait",
        "trait",
        "attrait",
        "extrait",
        "abstrait",
        "distrait",
        "environs",
        "front",
        "affront",
        "bras",
        "gras",
        "extra",
        "opéra",
        "caméra",
        "mantra",
        "tiara",
        "sahara",
        "marrons",
        "patrons",
        "citrons",
        "quatre-vingts",
    ]
)
_PRONOUNS = frozenset(
    [
        "je",
        "j'",
        "tu",
        "il",
        "elle",
        "on",
        "nous",
        "vous",
        "ils",
        "elles",
        "n'",
        "ne",
        "y",
        "en",
        "se",
        "s'",
        "le",
        "la",
        "les",
        "lui",
        "leur",
        "me",
        "m'",
        "te",
        "t'",
    ]
)


# Where the tagger gave another tense, only endings that no present or imperfect shares:
# « finirons », « générerait », « viendra », « pourrait », not « améliorons » or « espérait ».
_FUTURE_ONLY = re.compile(r"(?:er|ir|dr|rr)(?:ai|as|a|ons|ez|ont)$")
_CONDITIONAL_ONLY = re.compile(r"(?:er|ir|dr|rr)(?:ais|ait|ions|iez|aient)$")


def _ending(word: Word, previous: str, *, tagged: bool) -> tuple[str, str] | None:
    """Tense and mood read from a verb's ending where the tagger marks no future or
    conditional: any such ending on an untagged word after a pronoun, only unambiguous ones on
    a word the tagger gave another tense."""
    form = word.text.casefold()
    if form in _NOT_VERBS or not (word.pos in ("VERB", "AUX") or previous in _PRONOUNS):
        return None
    conditional, future = (
        (_CONDITIONAL_ONLY, _FUTURE_ONLY) if tagged else (_CONDITIONAL_ENDING, _FUTURE_ENDING)
    )
    if conditional.search(form):
        return "", "Cnd"
    if future.search(form):
        return "Fut", ""
    return None


_FIRST = frozenset({"je", "j'", "nous"})


def _readings(words: Sequence[Word]) -> list[tuple[Word, str, str]]:
    """Each verb with its tense and mood, the tagger's corrected by the verb's ending; a verb
    whose subject is « je » or « nous » (a few words before) gets Person 1."""
    found: list[tuple[Word, str, str]] = []
    previous = ""
    recent: list[str] = []
    for w in words:
        tense, mood = w.tense, w.mood
        if "Fut" not in tense and "Cnd" not in mood:
            tense, mood = _ending(w, previous, tagged=bool(tense or mood)) or (tense, mood)
        form = w.text.casefold()
        if w.pos in ("VERB", "AUX") or tense or mood:
            person = "1" if ("1" in w.person or _FIRST & set(recent[-3:])) else w.person
            found.append((_with_person(w, person), tense, mood))
        previous = form
        recent.append(form)
    return found


def _with_person(word: Word, person: str) -> Word:
    return word if person == word.person else attrs.evolve(word, person=person)


def french_cues(
    sentence: str, words: Sequence[Word], published: dt.date | None
) -> tuple[Cues, list[str]]:
    """The cues of a French sentence and its signs against being a claim ("advice", ...).
    `words` are the tagger's tokens of this sentence."""
    cues: Cues = []
    against: list[str] = []
    modal = _FR_MODAL.search(sentence)
    for _w, tense, mood in _readings(words):
        if "Fut" in tense and "future" not in cues:
            cues.append("future")
        if "Cnd" in mood and "conditional" not in cues and not modal:
            cues.append("conditional")
    if _ALLER.search(sentence):
        cues.append("aller + infinitive")
    if modal:
        cues.append("devrait/pourrait")
    if _FR_STANCE.search(sentence):
        cues.append("stance")
    if _FR_INTENTION.search(sentence):
        cues.append("intention")
    if years_ahead(sentence, published):
        cues.append("year ahead")
    if _FR_PERIOD.search(sentence):
        cues.append("period ahead")
    if _FR_ABOUT_TO.search(sentence):
        cues.append("about to")
    elif _FR_EMERGING.search(sentence):
        cues.append("emerging")
    if _FR_ADVICE.search(sentence):
        against.append("advice")
    if _FR_PAST_PREDICTION.search(sentence):
        against.append("past prediction")
    if _FR_ANNOUNCEMENT.search(sentence) or _HERE_ARE.search(sentence):
        against.append("announcement")
    return cues, against


_STRONG = frozenset(
    {"future", "aller + infinitive", "will", "going to", "devrait/pourrait", "expect", "likely"}
)


_BUT = re.compile(r"\b(?:mais|but|however|cependant|toutefois)\b", re.IGNORECASE)


def _abstains(pattern: re.Pattern[str], sentence: str, cues: Cues) -> bool:
    """An explicit refusal to call something, unless the sentence goes on to call it anyway
    (« je n'ai pas de vue claire…, mais je pense que le marché va corriger »)."""
    m = pattern.search(sentence)
    return m is not None and not (_STRONG & set(cues) and _BUT.search(sentence, m.end()))


def french_kind(sentence: str, words: Sequence[Word], cues: Cues) -> str:
    if _abstains(_FR_ABSTENTION, sentence, cues):
        return "abstention"
    first_person_future = any(
        ("Fut" in tense or w.text.casefold() in ("allons", "vais")) and "1" in w.person
        for w, tense, _mood in _readings(words)
    )
    if "intention" in cues or (
        first_person_future and not _FR_PERCEPTION.search(sentence) and "stance" not in cues
    ):
        return "commitment"
    return "forecast"


def english_cues(sentence: str, published: dt.date | None) -> tuple[Cues, list[str]]:
    cues: Cues = []
    against: list[str] = []
    if _EN_WILL.search(sentence):
        cues.append("will")
    if _EN_GOING_TO.search(sentence):
        cues.append("going to")
    if _EN_EXPECT.search(sentence):
        cues.append("expect")
    if _EN_LIKELY.search(sentence):
        cues.append("likely")
    if _EN_STANCE.search(sentence):
        cues.append("stance")
    if _EN_INTENTION.search(sentence):
        cues.append("intention")
    if _EN_WOULD.search(sentence):
        cues.append("would")
    if _EN_MODAL.search(sentence):
        cues.append("could/might/may")
    if years_ahead(sentence, published):
        cues.append("year ahead")
    if _EN_PERIOD.search(sentence):
        cues.append("period ahead")
    if _EN_ABOUT_TO.search(sentence):
        cues.append("about to")
    elif _EN_EMERGING.search(sentence):
        cues.append("emerging")
    if _EN_ADVICE.search(sentence):
        against.append("advice")
    if _EN_WISH.search(sentence):
        against.append("wish")
    if _EN_PAST_PREDICTION.search(sentence):
        against.append("past prediction")
    if _EN_ANNOUNCEMENT.search(sentence) or _HERE_ARE.search(sentence):
        against.append("announcement")
    return cues, against


def english_kind(sentence: str, cues: Cues) -> str:
    if _abstains(_EN_ABSTENTION, sentence, cues):
        return "abstention"
    if "intention" in cues and not _EN_PERCEPTION.search(sentence):
        return "commitment"
    return "forecast"


def outlook_cues(sentence: str, *, framed: bool, list_item: bool) -> Cues:
    """Cues that count only inside a section that announces an outlook."""
    if not framed:
        return []
    if list_item:
        return ["outlook list item"]
    if _EVALUATION.search(sentence):
        return ["outlook evaluation"]
    return ["outlook section"]


def first_person(sentence: str, language: str) -> bool:
    pattern = _FR_FIRST_PERSON if language == "fr" else _EN_FIRST_PERSON
    return bool(pattern.search(sentence))


def confidence(cues: Sequence[str], against: Sequence[str]) -> float:
    remaining = 1.0
    for cue in cues:
        remaining *= 1.0 - WEIGHTS.get(cue, 0.0)
    score = 1.0 - remaining
    if "announcement" in against:  # the article announcing its own content is never a claim
        return 0.0
    for _ in against:
        score *= 0.6
    return round(score, 2)
