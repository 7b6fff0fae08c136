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
    "Horizon",
    "Kind",
    "Location",
    "Outcome",
    "PartialDate",
    "Participant",
    "Precision",
    "Prediction",
    "Probability",
    "RecordKind",
    "Role",
    "Sector",
    "Source",
    "Verdict",
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
    published: PartialDate
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

    phrase: str
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
    made_on: dt.date
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
    origin: Location | None = field(default=None, eq=False, repr=False)
    """Where the record was read from: bookkeeping, not data. It takes no part in equality,
    digests or serialisation, so a record built in Python equals the same record read."""

    @property
    def conditional(self) -> bool:
        return self.condition is not None


@frozen(kw_only=True)
class Outcome:
    """What happened to a prediction. Outcomes are only ever appended, never edited."""

    id: str
    prediction: str
    verdict: Verdict
    resolved_on: dt.date
    evidence: tuple[str, ...]
    """Citations: what happened, where it is documented."""
    digest: str
    """The prediction's digest when it was resolved: a later edit of the claim shows."""
    credit: float | None = None
    """For `partial` verdicts: the share of the claim that came true, in [0, 1]."""
    note: str | None = None
    supersedes: str | None = None
    """The id of the outcome this one corrects."""
    origin: Location | None = field(default=None, eq=False, repr=False)
    """Where the record was read from: bookkeeping, not data. It takes no part in equality,
    digests or serialisation, so a record built in Python equals the same record read."""


@frozen
class RecordKind:
    """One kind of record a ledger file holds: what every reader, writer and check of the
    five kinds iterates, so that the kinds are spelled out once."""

    name: str
    """The table's name in a file and the kind's name in problems: `prediction`."""
    type: type[Source | Author | Sector | Prediction | Outcome]
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
)
"""The kinds of record, in the order a ledger lists them (sources first)."""

KIND_NAMES: tuple[str, ...] = tuple(kind.name for kind in KINDS)
KIND_OF: dict[type, RecordKind] = {kind.type: kind for kind in KINDS}
"""The kind of each record type."""
