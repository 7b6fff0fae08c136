"""The ledger's records: plain, frozen values with no behaviour beyond their own invariants.

Every record is an attrs class that is frozen, slotted and keyword-only, with tuples where a
field holds several values. Closed sets of values are enums whose values are the words used in
the TOML files. Records never do I/O; reading and writing them is the job of other modules.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum

from attrs import field, frozen

__all__ = [
    "KINDS",
    "Author",
    "Basis",
    "Dating",
    "Horizon",
    "Kind",
    "Location",
    "Match",
    "Outcome",
    "PartialDate",
    "Participant",
    "Precision",
    "Prediction",
    "Probability",
    "Question",
    "RecordKind",
    "Reference",
    "ReferenceKind",
    "Role",
    "Sector",
    "Source",
    "Verdict",
    "claim_dating",
]


class Precision(enum.Enum):
    """How much of a date is known: many articles carry only a month or a year."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class Role(enum.Enum):
    """The part a person plays in a source."""

    AUTHOR = "author"
    INTERVIEWER = "interviewer"
    INTERVIEWEE = "interviewee"
    TRANSLATOR = "translator"


class Kind(enum.Enum):
    """What sort of forward-looking statement a prediction records."""

    FORECAST = "forecast"
    """A claim about what the world will be."""
    COMMITMENT = "commitment"
    """The author's claim about their own future actions."""
    ABSTENTION = "abstention"
    """An explicit refusal to forecast: kept for the record, never scored."""
    STANCE = "stance"
    """A position, advice or observation of the author, not a forecast: kept for the record,
    never scored (counted with the abstentions)."""

    @property
    def scored(self) -> bool:
        """Whether claims of this kind are resolved and scored."""
        return self not in (Kind.ABSTENTION, Kind.STANCE)


class Basis(enum.Enum):
    """Where a prediction's probability comes from."""

    STATED = "stated"
    """The author gave the number."""
    HEDGE = "hedge"
    """Implied by a hedge word, mapped through a published scale."""
    JUDGEMENT = "judgement"
    """The ledger keeper's reading, explained in the probability's note."""


class Verdict(enum.Enum):
    """What happened to a prediction."""

    TRUE = "true"
    FALSE = "false"
    PARTIAL = "partial"
    """Partly right: the outcome's credit says how much, in [0, 1]."""
    VOID = "void"
    """The condition failed or the claim was withdrawn: never scored."""
    AMBIGUOUS = "ambiguous"
    """The facts do not settle it: never scored."""


class ReferenceKind(enum.Enum):
    """What a reference probability is."""

    MARKET = "market"
    """A prediction market's price (Polymarket, Kalshi, Manifold...)."""
    BOOKMAKER = "bookmaker"
    """Bookmaker odds, normalised for the overround: the reference gives its `odds`."""
    CONSENSUS = "consensus"
    """A published consensus: a survey of forecasters, a poll of analysts."""
    BASE_RATE = "base-rate"
    """A stated base rate."""


class Match(enum.Enum):
    """How closely a reference prices the claim's event."""

    EXACT = "exact"
    """The reference prices the claim's event itself."""
    PROXY = "proxy"
    """A close but different event."""


@frozen(kw_only=True)
class Location:
    """Where a record or a problem stands: a path relative to the ledger root and a line."""

    path: str
    line: int = 0
    column: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@frozen(kw_only=True)
class PartialDate:
    """A calendar date known to the day, the month or only the year."""

    year: int
    month: int | None = None
    day: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        # Let the calendar reject impossible dates such as 2024-02-30.
        try:
            dt.date(self.year, self.month or 1, self.day or 1)
        except OverflowError:  # beyond a C int: out of range like any year past 9999
            raise ValueError(f"year {self.year} is out of range") from None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def earliest(self) -> dt.date:
        """The first day this date can stand for."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        """The last day this date can stand for."""
        if self.day is not None and self.month is not None:
            return dt.date(self.year, self.month, self.day)
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        return cls(year=value.year, month=value.month, day=value.day)

    def __str__(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


@frozen(kw_only=True)
class Dating:
    """What is known of when something happened: from `earliest` to `latest`, both included.

    Three forms, told apart by what they hold:

    * one day: `earliest == latest`, no `reason` (written `2025-04-03`);
    * a month or a year: its first and last days, no `reason` (written `"2025-04"`, `"2025"`);
    * a range: any two days, with the `reason` that bounds them (written as a table
      `{ earliest = 2025-04-03, latest = 2025-04-30, reason = "..." }`).
    """

    earliest: dt.date
    latest: dt.date
    reason: str | None = None
    """Why the range has these bounds: required for a range, absent otherwise."""

    def __attrs_post_init__(self) -> None:
        if self.latest < self.earliest:
            raise ValueError(f"its latest day {self.latest} is before its earliest {self.earliest}")
        if self.reason is None and self.written is None:
            raise ValueError(
                f"{self.earliest}..{self.latest} is neither a day, a month nor a year: "
                "a range needs its reason"
            )
        if self.reason is not None and not self.reason.strip():
            raise ValueError("a range needs its reason: say what bounds it")

    @property
    def is_range(self) -> bool:
        """True for a range with its reason (as opposed to a day, a month or a year)."""
        return self.reason is not None

    @property
    def day(self) -> dt.date | None:
        """The day, when exactly one is known."""
        return self.earliest if self.earliest == self.latest else None

    @property
    def written(self) -> PartialDate | None:
        """The day, month or year this dating is, or None for a range that is none of these."""
        first, last = self.earliest, self.latest
        if first == last:
            return PartialDate.from_date(first)
        if first.day != 1 or first.year != last.year:
            return None
        partial = PartialDate(year=first.year, month=first.month)
        if (partial.earliest, partial.latest) == (first, last):
            return partial
        partial = PartialDate(year=first.year)
        if (partial.earliest, partial.latest) == (first, last):
            return partial
        return None

    @classmethod
    def of(cls, value: dt.date | PartialDate | Dating) -> Dating:
        """A day, a partial date or a dating as a dating."""
        if isinstance(value, Dating):
            return value
        if isinstance(value, PartialDate):
            return cls(earliest=value.earliest, latest=value.latest)
        if type(value) is dt.date:
            return cls(earliest=value, latest=value)
        raise TypeError(f"expected a date, a partial date or a dating, got {value!r}")

    def __str__(self) -> str:
        written = None if self.reason is not None else self.written
        if written is not None:
            return str(written)
        return f"{self.earliest.isoformat()}..{self.latest.isoformat()}"

    def in_words(self) -> str:
        """For a reader: the day, month or year as written, or "between DAY and DAY"."""
        written = None if self.reason is not None else self.written
        if written is not None:
            return str(written)
        return f"between {self.earliest.isoformat()} and {self.latest.isoformat()}"

    def iso(self) -> str:
        """An ISO 8601 date: the day, month or year as written, or the latest day of a range
        (when the thing had certainly happened)."""
        written = None if self.reason is not None else self.written
        return str(written) if written is not None else self.latest.isoformat()


def _to_dating(value: dt.date | PartialDate | Dating) -> Dating:
    return Dating.of(value)


def claim_dating(value: dt.date | PartialDate | Dating) -> Dating:
    """When a claim was made, from what a file says: a day, or a range with its reason.

    A month or a year stands for its last day, as a source's partial `published` date always
    has for the claims that take their date from it: a claim is on record by then. A keeper
    who knows more (or less) writes a range.
    """
    dating = Dating.of(value)
    if dating.reason is None and dating.earliest != dating.latest:
        return Dating(earliest=dating.latest, latest=dating.latest)
    return dating


@frozen(kw_only=True)
class Participant:
    """A person involved in a source; `author` links to the registry when they have claims."""

    role: Role
    name: str
    author: str | None = None


@frozen(kw_only=True)
class Source:
    """An article, interview or post whose full text the ledger keeps under `seeds/`."""

    id: str
    title: str
    publisher: str
    published: Dating = field(converter=_to_dating)
    """When it was published: a day, a month, a year or a range with its reason."""
    language: str
    text: str
    """Path of the full text, relative to the ledger root (for example `seeds/article.txt`)."""
    people: tuple[Participant, ...] = ()
    url: str | None = None
    republished_by: str | None = None
    note: str | None = None
    origin: Location | None = field(default=None, eq=False, repr=False)
    """Where the record was read from: bookkeeping, not data. It takes no part in equality,
    digests or serialisation, so a record built in Python equals the same record read."""


@frozen(kw_only=True)
class Author:
    """A person whose claims the ledger tracks."""

    id: str
    name: str
    affiliation: str | None = None
    aliases: tuple[str, ...] = ()
    origin: Location | None = field(default=None, eq=False, repr=False)
    """Where the record was read from: bookkeeping, not data. It takes no part in equality,
    digests or serialisation, so a record built in Python equals the same record read."""


@frozen(kw_only=True)
class Sector:
    """One entry of the ledger's controlled vocabulary of sectors."""

    id: str
    name: str
    description: str | None = None
    origin: Location | None = field(default=None, eq=False, repr=False)
    """Where the record was read from: bookkeeping, not data. It takes no part in equality,
    digests or serialisation, so a record built in Python equals the same record read."""


@frozen(kw_only=True)
class Horizon:
    """The window in which a prediction is due, with the phrase it was derived from."""

    phrase: str | None = None
    """The author's words for when, as written ("3-6 mois"); `None` when the text gives none."""
    start: dt.date
    end: dt.date | None = None
    """`None` means open-ended ("à long terme"): never due."""

    @property
    def open_ended(self) -> bool:
        return self.end is None


@frozen(kw_only=True)
class Probability:
    """How likely the author held the claim to be, and where that number comes from."""

    value: float
    basis: Basis
    hedge: str | None = None
    """The hedge word or phrase as it stands in the quote, for `basis = "hedge"`."""
    scale: str | None = None
    """Identifier of the published scale the hedge maps through (see `docs/hedges.md`)."""
    term: str | None = None
    """The term of that scale the hedge was matched to."""
    note: str | None = None


@frozen(kw_only=True)
class Prediction:
    """One forward-looking claim of one author in one source."""

    id: str
    source: str
    author: str
    made_on: Dating = field(converter=claim_dating)
    """When the claim was made: one day, or a range with its reason (see `claim_dating`)."""
    claim: str
    """One English sentence that a third party can resolve without the article."""
    quote: str
    """The author's words, verbatim from the source text, in the original language."""
    horizon: Horizon
    sector: str
    kind: Kind = Kind.FORECAST
    resolution: str | None = None
    """What would make the claim true or false."""
    probability: Probability | None = None
    condition: str | None = None
    """For "if X then Y" claims: X. When X does not happen the claim resolves as void."""
    tags: tuple[str, ...] = ()
    note: str | None = None
    question: str | None = None
    """The id of the shared question this claim is on: the question is resolved once, for
    every claim on it."""
    negates: bool = False
    """The claim says the question's event will NOT happen (only with `question`)."""
    origin: Location | None = field(default=None, eq=False, repr=False)
    """Where the record was read from: bookkeeping, not data. It takes no part in equality,
    digests or serialisation, so a record built in Python equals the same record read."""

    @property
    def conditional(self) -> bool:
        return self.condition is not None


@frozen(kw_only=True)
class Outcome:
    """What happened to a prediction or to a question. Outcomes are only ever appended, never
    edited."""

    id: str
    prediction: str | None = None
    """The prediction resolved; exactly one of `prediction` and `question` is set."""
    question: str | None = None
    """The question resolved, for every claim on it."""
    verdict: Verdict
    resolved_on: dt.date
    evidence: tuple[str, ...]
    """Citations: what happened, where it is documented."""
    digest: str
    """The digest of the prediction (or question) when it was resolved: a later edit of the
    claim shows."""
    credit: float | None = None
    """For `partial` verdicts: the share of the claim that came true, in [0, 1]."""
    note: str | None = None
    supersedes: str | None = None
    """The id of the outcome this one corrects."""
    origin: Location | None = field(default=None, eq=False, repr=False)
    """Where the record was read from: bookkeeping, not data. It takes no part in equality,
    digests or serialisation, so a record built in Python equals the same record read."""

    @property
    def target(self) -> str:
        """The id of what this outcome resolves: its prediction's or its question's."""
        if self.prediction is not None:
            return self.prediction
        return self.question if self.question is not None else ""


@frozen(kw_only=True)
class Question:
    """One event several claims point at (`Prediction.question`), resolved once for all."""

    id: str
    claim: str
    """One English sentence that a third party can resolve."""
    resolution: str
    """What would make the question's event true or false."""
    horizon: Horizon
    sector: str | None = None
    note: str | None = None
    origin: Location | None = field(default=None, eq=False, repr=False)
    """Where the record was read from: bookkeeping, not data. It takes no part in equality,
    digests or serialisation, so a record built in Python equals the same record read."""


@frozen(kw_only=True)
class Reference:
    """What the world gave an event before a claim on it was made: a market's price, a
    bookmaker's odds, a published consensus or a base rate. Only ever appended."""

    id: str
    prediction: str | None = None
    """The prediction priced; exactly one of `prediction` and `question` is set."""
    question: str | None = None
    """The question priced, for every claim on it."""
    kind: ReferenceKind
    probability: float
    """In (0, 1): the probability of the event as its target states it."""
    priced_at: dt.date | dt.datetime
    """When that price, consensus or rate held: before the claim, never the close."""
    match: Match
    evidence: tuple[str, ...]
    """Citations: where the number can be checked (at least one)."""
    platform: str | None = None
    """For a market or a bookmaker: "polymarket", "kalshi", "manifold"..."""
    market: str | None = None
    """The platform's id of the market."""
    url: str | None = None
    odds: tuple[float, ...] | None = None
    """For a bookmaker: the decimal odds of every outcome, the claim's side first."""
    note: str | None = None
    supersedes: str | None = None
    """The id of the reference this one corrects."""
    origin: Location | None = field(default=None, eq=False, repr=False)
    """Where the record was read from: bookkeeping, not data. It takes no part in equality,
    digests or serialisation, so a record built in Python equals the same record read."""

    @property
    def target(self) -> str:
        """The id of what this reference prices: its prediction's or its question's."""
        if self.prediction is not None:
            return self.prediction
        return self.question if self.question is not None else ""

    @property
    def day(self) -> dt.date:
        """The day of `priced_at` (as written: a date-time with an offset keeps its own day)."""
        value = self.priced_at
        return value.date() if isinstance(value, dt.datetime) else value


@frozen
class RecordKind:
    """One kind of record a ledger file holds: what every reader, writer and check of the
    seven kinds iterates, so that the kinds are spelled out once."""

    name: str
    """The table's name in a file and the kind's name in problems: `prediction`."""
    type: type[Source | Author | Sector | Prediction | Outcome | Question | Reference]
    plural: str
    """The field of `Ledger` (and of a file's records) holding records of this kind."""
    many: bool
    """True for an array of tables (`[[prediction]]`), false for the one `[source]` of a file."""

    @property
    def header(self) -> str:
        """The kind's table header as written in a file: `[source]`, `[[prediction]]`."""
        return f"[[{self.name}]]" if self.many else f"[{self.name}]"


KINDS: tuple[RecordKind, ...] = (
    RecordKind("source", Source, "sources", many=False),
    RecordKind("author", Author, "authors", many=True),
    RecordKind("sector", Sector, "sectors", many=True),
    RecordKind("prediction", Prediction, "predictions", many=True),
    RecordKind("outcome", Outcome, "outcomes", many=True),
    RecordKind("question", Question, "questions", many=True),
    RecordKind("reference", Reference, "references", many=True),
)
"""The kinds of record, in the order a ledger lists them (sources first)."""

KIND_NAMES: tuple[str, ...] = tuple(kind.name for kind in KINDS)
KIND_OF: dict[type, RecordKind] = {kind.type: kind for kind in KINDS}
"""The kind of each record type."""
