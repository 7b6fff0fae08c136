"""Who says what: interview turns, narration, and people the author quotes.

An interview is recognised by its speaker labels, in either layout:

- turns written « Name : text » (or "Q: text" / "A: text") at the start of a line;
- the name on a line of its own (« David Hoffman » or « David Hoffman : »), the turn on the
  lines that follow.

A label counts as a speaker when it opens at least two turns (or when the caller names it).
The interviewer is the speaker whose turns are mostly questions (or the one the caller says);
every other speaker is an interviewee. In an interview, only interviewees' turns are drafted:
questions and narration (the journalist's introduction, section headings and the text under
them) never are, except the words an interviewee is quoted saying inside narration
(« Qiao Wang affirme : « Nous allons… » »). A turn runs until the next label or heading.

Outside interviews every line is the author's, except reported speech, which is marked as a
third party's: « selon X », « d'après X », "according to X", "X said", a quotation attributed to a
named person; also when X is a description rather than a name (« selon les analystes », « le
gouvernement prévoit », "analysts expect", « Pour le patron de X, … »), and when the attribution
follows the words (« …, estiment les économistes », « …, a-t-il déclaré », "…, he said").

Editors' lines are marked too, as a third party named "editor": an editor's note inside a
sentence (« (…, ndlr) », "(Editor's note: …)", a bracketed insertion « [ … ] » of four words or
more), and the title block of an article that is not an interview: the lines before the first
paragraph of the body (headline, standfirst, credits), unless they speak in the first person.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Mapping, Sequence

from attrs import frozen

from .sentences import Line, Span

__all__ = [
    "EDITOR",
    "Attribution",
    "Turn",
    "editor_asides",
    "is_heading",
    "quoted_speaker",
    "reported_by",
    "title_block",
    "turns",
]

EDITOR = "editor"
"""The speaker given to an editor's line: a headline, a standfirst, a note « ndlr »."""


class Attribution(enum.Enum):
    """Whose words a line holds."""

    AUTHOR = "author"
    """The article's author (no interview)."""
    INTERVIEWEE = "interviewee"
    INTERVIEWER = "interviewer"
    NARRATION = "narration"
    """In an interview: the journalist's own text, headings included."""
    THIRD_PARTY = "third party"
    """Someone the author quotes or reports."""


@frozen
class Turn:
    """A line with who speaks in it; `body` is the line without its speaker label."""

    line: Line
    body: Span
    speaker: str | None
    attribution: Attribution


_INLINE_LABEL = re.compile(
    r"(?P<name>[A-ZÀ-ÖØ-Þ][\w.'\u2019\-]*(?: [\w.'\u2019\-]+){0,3}|Q|A|R)\s?:\s+(?=\S)", re.UNICODE
)
_OWN_LINE_LABEL = re.compile(r"(?P<name>[A-ZÀ-ÖØ-Þ][\w.'\u2019\-]*(?: [\w.'\u2019\-]+){0,3})\s?:?")
_QUESTION_LABELS = {"q", "question", "questions"}
_ANSWER_LABELS = {"a", "r", "réponse", "reponse", "answer"}
# Labels that credit a text rather than open a turn.
_CREDITS = {
    "interview", "interviews", "édition", "edition", "rédaction", "redaction", "auteur",
    "author", "by", "par", "source", "sources", "traduction", "translation", "translator",
    "traducteur", "compilation", "compiled by", "note", "ndlr", "photo", "crédit", "credit",
    "lien", "link", "titre", "title", "date", "publié", "published", "mise à jour", "updated",
}  # fmt: skip


def is_heading(text: str) -> bool:
    """A title or section heading: a short line with no closing mark of a sentence, or a
    numbered heading (« 3.2 L2 — Menaces internes et externes »)."""
    stripped = text.strip()
    words = stripped.split()
    if not words or len(words) > 16:
        return False
    if stripped.startswith("#"):
        return True
    if re.match(r"^\d+(?:\.\d+)+\.?\s", stripped):
        return True
    return not re.search(r"[.!…:;,\"»”)]$", stripped)


def _label(text: str, line: Line) -> tuple[str, int] | None:
    """A speaker label at the start of `line`: the name and where the turn's words start."""
    segment = text[line.start : line.end]
    m = _INLINE_LABEL.match(segment)
    if m and m["name"].casefold() not in _CREDITS:
        return m["name"], line.start + m.end()
    return None


def _own_line_label(text: str, line: Line) -> str | None:
    segment = text[line.start : line.end]
    m = _OWN_LINE_LABEL.fullmatch(segment)
    if m and m["name"].casefold() not in _CREDITS:
        return m["name"]
    return None


def _question_share(bodies: Sequence[str]) -> float:
    return sum(b.rstrip().endswith("?") for b in bodies) / max(1, len(bodies))


def turns(
    text: str, lines: Sequence[Line], speakers: Mapping[str, str] | None = None
) -> tuple[list[Turn], bool]:
    """Each line with its speaker, and whether the text is an interview.

    `speakers` maps a label to its role, "interviewer" or "interviewee"; labels not given are
    told apart by their share of questions.
    """
    given = {name.casefold(): role for name, role in (speakers or {}).items()}
    inline: dict[int, tuple[str, int]] = {}
    own: dict[int, str] = {}
    counts: Counter[str] = Counter()
    for i, line in enumerate(lines):
        if (found := _label(text, line)) is not None:
            inline[i] = found
            counts[found[0].casefold()] += 1
        elif (name := _own_line_label(text, line)) is not None:
            own[i] = name
            counts[name.casefold()] += 1
    names = {
        n
        for n, c in counts.items()
        if c >= 2 or n in given or n in _QUESTION_LABELS | _ANSWER_LABELS
    }
    if not names or (len(names) == 1 and not given and not (names & _QUESTION_LABELS)):
        names = set()
    interview = bool(names)
    if not interview:
        return [_outside(text, line) for line in lines], False

    # Each line's label, if any; then the words of each speaker, to find the interviewer.
    bodies: dict[str, list[str]] = {}
    answerers = {
        inline[i][0]
        for i in inline
        if inline[i][0].casefold() in names
        and (
            inline[i][0].casefold() in _ANSWER_LABELS
            or given.get(inline[i][0].casefold()) == "interviewee"
        )
    }
    current: str | None = None
    labelled: list[tuple[str | None, int]] = []
    for i, line in enumerate(lines):
        if i in inline and inline[i][0].casefold() in names:
            current = inline[i][0]
            labelled.append((current, inline[i][1]))
            bodies.setdefault(current.casefold(), []).append(text[inline[i][1] : line.end])
            continue
        if i in own and own[i].casefold() in names:
            current = own[i]
            labelled.append((None, -1))  # the label line itself is nobody's words
            continue
        if is_heading(text[line.start : line.end]):
            current = None
        elif current is not None and _asked(current, names, given, bodies):
            # After a question, an unlabelled line is the answer (the "Q:"-only layout).
            current = next(iter(answerers)) if len(answerers) == 1 else _ANSWER
        labelled.append((current, line.start))
        if current is not None:
            bodies.setdefault(current.casefold(), []).append(text[line.start : line.end])

    def role(name: str) -> Attribution:
        if name == _ANSWER:
            return Attribution.INTERVIEWEE
        key = name.casefold()
        if key in given:
            return (
                Attribution.INTERVIEWER if given[key] == "interviewer" else Attribution.INTERVIEWEE
            )
        if key in _QUESTION_LABELS:
            return Attribution.INTERVIEWER
        if key in _ANSWER_LABELS:
            return Attribution.INTERVIEWEE
        return (
            Attribution.INTERVIEWER
            if _question_share(bodies.get(key, [])) >= 0.5
            else Attribution.INTERVIEWEE
        )

    result: list[Turn] = []
    for line, (name, body_start) in zip(lines, labelled, strict=True):
        if body_start < 0:
            continue
        body = Span(body_start, line.end)
        if name == _ANSWER:
            result.append(Turn(line, body, None, Attribution.INTERVIEWEE))
        elif name is None:
            result.append(Turn(line, body, None, Attribution.NARRATION))
        else:
            result.append(Turn(line, body, name, role(name)))
    return result, True


_ANSWER = "\x00answer"
"""The unnamed interviewee of a layout that labels only the questions."""


def _asked(
    current: str, names: set[str], given: Mapping[str, str], bodies: Mapping[str, list[str]]
) -> bool:
    """Whether `current`, the speaker of the line before, asked a question there and is an
    interviewer (a "Q" label, or named so by the caller)."""
    key = current.casefold()
    said = bodies.get(key, [])
    interviewer = key in _QUESTION_LABELS or given.get(key) == "interviewer"
    return interviewer and bool(said) and said[-1].rstrip().endswith("?")


def _outside(text: str, line: Line) -> Turn:
    return Turn(line, Span(line.start, line.end), None, Attribution.AUTHOR)


# Reported speech

_NAME = (
    r"(?P<name>[A-ZÀ-ÖØ-Þ][\w.'\u2019\-]+"
    r"(?:\s+(?:de\s+|van\s+|von\s+|d[\u2019'])?[A-ZÀ-ÖØ-Þ][\w.'\u2019\-]+){0,3})"
)
_REPORTED = (
    re.compile(r"\b(?:[Ss]elon|[Dd]'après|[Dd]\u2019après|[Pp]our|[Aa]ccording to)\s+" + _NAME),
    re.compile(
        _NAME + r"(?:,[^,]{1,80},)?\s+(?:a\s+|avait\s+|has\s+|had\s+)?(?:déclaré|affirmé|affirme|"
        r"déclare|estime|a estimé|prévoit|prédit|explique|expliqué|souligne|souligné|ajoute|"
        r"ajouté|assure|assuré|annonce|annoncé|dit|publié|écrit|said|says|told|predicts|"
        r"predicted|expects|expected|believes|argued|argues|wrote|writes|tweeted|noted|added|"
        r"claims|claimed)\b"
    ),
    re.compile(r"[,«“\"]\s*(?:a\s+)?(?:dit|déclare|affirme|explique|ajoute|says|said)\s+" + _NAME),
)
_NOT_NAMES = {
    "il", "elle", "ils", "elles", "on", "nous", "je", "j", "he", "she", "they", "we", "i",
    "it", "this", "that", "cela", "ce", "ceci", "c", "moi", "me", "lui", "eux", "vous", "you",
    "la", "le", "les", "the", "un", "une", "a", "an", "certains", "some", "many", "beaucoup",
    "mais", "but", "et", "and", "donc", "so", "si", "if", "en", "in", "dans", "pour", "for",
}  # fmt: skip
# People and bodies whose views a text reports, named by what they are rather than who.
_ROLE = (
    r"(?:analystes?|économistes?|economistes?|experts?|spécialistes?|observateurs?|dirigeants?|"
    r"patrons?|PDG|présidente?s?|directeurs?|directrices?|fondateurs?|fondatrices?|ministres?|"
    r"gouvernements?|porte-parole|banques?|banquiers?|investisseurs?|stratèges?|stratégistes?|"
    r"prévisionnistes?|chercheurs?|chercheuses?|scientifiques?|rapports?|études?|enquêtes?|"
    r"sondages?|instituts?|agences?|autorités?|responsables?|syndicats?|traders?|"
    r"analysts?|economists?|executives?|CEOs?|founders?|chairman|chairwoman|president|"
    r"ministers?|government|officials?|spokes(?:man|woman|person)|bankers?|investors?|"
    r"strategists?|forecasters?|researchers?|scientists?|surveys?|polls?|regulators?|"
    r"insiders?|critics?|observers?)"
)
_DET = (
    r"(?:[Ll]es?|[Ll]a|[Ll][\u2019']|[Uu]ne?|[Dd]es|[Ss]on|[Ss]a|[Ss]es|[Ll]eurs?|[Cc]es|"
    r"[Pp]lusieurs|[Cc]ertain(?:e)?s|[Tt]he|[Ss]ome|[Mm]any|[Mm]ost|[Ss]everal|[Oo]ther)"
)
_DESCRIPTION = (
    rf"(?P<desc>{_DET}\s*(?:[\w\-\u2019']+\s+){{0,2}}?{_ROLE}\b(?:\s+[\w\u2019'\-]+){{0,5}}?)"
)
_VERB = (
    r"(?:dit|disent|déclare|déclarent|affirme|affirment|estime|estiment|pense|pensent|croit|"
    r"croient|prévoit|prévoient|prédit|prédisent|anticipe|anticipent|table|tablent|parie|parient|"
    r"s[\u2019']attend|s[\u2019']attendent|juge|jugent|explique|expliquent|souligne|soulignent|"
    r"assure|assurent|annonce|annoncent|indique|indiquent|avertit|avertissent|prévient|"
    r"préviennent|mise|misent|déclaré|affirmé|estimé|prévu|anticipé|tablé|parié|jugé|expliqué|"
    r"souligné|assuré|annoncé|indiqué|averti|prévenu|ajouté|ajoute|confié|"
    r"says|said|expects?|expected|predicts?|predicted|forecasts?|forecasted|estimates?|"
    r"estimated|believes?|believed|warns?|warned|projects?|projected|anticipates?|anticipated|"
    r"argues?|argued|claims?|claimed|notes?|noted|told|added)"
)
_AUX = r"(?:(?:a|ont|avait|avaient|has|have|had)\s+)?"
_PRONOUN = r"(?:il|elle|ils|elles|he|she|they)"
_REPORTED_MORE = (
    # « selon les analystes », "according to analysts"
    re.compile(
        r"\b(?:[Ss]elon|[Dd][\u2019']après|[Aa]ccording to)\s+(?:(?P<pron>lui|elle|eux|elles|him|"
        rf"her|them)\b|{_DESCRIPTION}(?=[\s,.;:]))"
    ),
    # « Pour le patron de ConsenSys, … »
    re.compile(rf"^\s*[Pp]our\s+{_DESCRIPTION},"),
    # « les économistes prévoient », "analysts expect"
    re.compile(rf"(?:^|[\s,;:(])(?:{_DESCRIPTION}|(?P<bare>[A-Z]?[a-zé]+(?:s)))\s+{_AUX}{_VERB}\b"),
    # « …, estiment les économistes », « …, a-t-il déclaré », "…, he said", "…, said the CEO"
    re.compile(
        r",\s*(?:a-t-|ont-|a\s+|ont\s+)?(?:(?P<pron2>il|elle|ils|elles|he|she|they)\s+)?"
        rf"{_VERB}(?:-t-{_PRONOUN}|-{_PRONOUN})?(?:\s+(?:{_DESCRIPTION}|"
        r"(?P<name2>[A-ZÀ-ÖØ-Þ][\w.\-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w.\-]+){0,3})))?\s*[.!»”\"]*\s*$"
    ),
)


def _described(sentence: str) -> str | None:
    """The person or body a sentence reports when it describes rather than names them."""
    for i, pattern in enumerate(_REPORTED_MORE):
        m = pattern.search(sentence)
        if m is None:
            continue
        groups = m.groupdict()
        if i == 2 and groups.get("desc") is None:
            bare = groups.get("bare") or ""
            if not re.fullmatch(_ROLE, bare, re.IGNORECASE):
                continue
            return bare
        named = groups.get("desc") or groups.get("name2") or groups.get("pron2")
        # « …, a-t-il déclaré »: with no subject after the verb, the pronoun is in it
        if i == 3 and not named and not re.search(rf"-t?-?{_PRONOUN}\b", m.group()):
            continue
        who = groups.get("desc") or groups.get("name2") or groups.get("bare")
        return who.strip() if who else "reported"
    return None


_EDITOR_NOTE = re.compile(
    r"\((?:[^()]*?[,;:]\s*)?(?:ndlr|NDLR|N\.D\.L\.R\.?|[Nn]ote de la rédaction|[Nn]ote du "
    r"(?:traducteur|transcripteur|retranscripteur|rédacteur)|[Ee]ditor[\u2019']?s note|"
    r"[Ee]d\.\s?note)\b[^()]*\)"
    r"|\[(?P<inserted>[^\[\]]+)\](?!\()"
)


def editor_asides(sentence: str) -> list[tuple[int, int]]:
    """An editor's notes inside a sentence, as offsets in it: « (…, ndlr) », "(Editor's note:
    …)", or a bracketed insertion of four words or more (not a Markdown link)."""
    found: list[tuple[int, int]] = []
    for m in _EDITOR_NOTE.finditer(sentence):
        if m["inserted"] is not None and len(m["inserted"].split()) < 4:
            continue
        found.append((m.start(), m.end()))
    return found


_FIRST_PERSON = re.compile(r"(?:^|\W)(?:je|j[\u2019']|nous|I|we|my|our|mes|mon|ma|notre)(?=\W)")
_BODY_WORDS = 25


def title_block(text: str, lines: Sequence[Line]) -> set[int]:
    """The indexes of the lines before the first paragraph of the body (a line of 25 words or
    more): the headline, standfirst and credits, which are the publisher's, less the lines that
    speak in the first person (the author's own introduction)."""
    block: set[int] = set()
    for i, line in enumerate(lines):
        words = text[line.start : line.end]
        if len(words.split()) >= _BODY_WORDS or words.lstrip().startswith(("---", "+++")):
            break
        if not _FIRST_PERSON.search(words):
            block.add(i)
    else:
        return set()  # no body: a short text, all the author's
    return block


_QUOTED = re.compile(r"«\s*(?P<a>[^«»]+?)\s*»|“(?P<b>[^“”]+?)”|\"(?P<c>[^\"]+?)\"")


def reported_by(sentence: str) -> str | None:
    """The person whose words or views `sentence` reports, if it names one."""
    for pattern in _REPORTED:
        for m in pattern.finditer(sentence):
            name = m["name"].rstrip(".")
            if name.split()[0].casefold().strip("\u2019'") not in _NOT_NAMES:
                return name
    return _described(sentence)


def quoted_speaker(sentence: str) -> tuple[int, int, str | None] | None:
    """The longest quotation of at least four words in `sentence`: its offsets in `sentence`
    and who is said to speak it (`None` when no name is given)."""
    best: tuple[int, int] | None = None
    for m in _QUOTED.finditer(sentence):
        group = next(g for g in ("a", "b", "c") if m[g] is not None)
        if len(m[group].split()) >= 4 and (
            best is None or m.end(group) - m.start(group) > best[1] - best[0]
        ):
            best = (m.start(group), m.end(group))
    if best is None:
        return None
    outside = sentence[: best[0]] + " " + sentence[best[1] :]
    return best[0], best[1], reported_by(outside)
