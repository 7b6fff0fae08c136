"""Fatebook's CSV export ("Export all your questions" on fatebook.io).

The format is defined by `lib/web/export.ts` (`questionsToCsv`, `jsonToCsv`, `printForCsv`) and
the date format by `getDateTimeYYYYMMDDHHMMSS` in `lib/_utils_common.ts`, both in the
repository Sage-Future/fatebook; the resolutions are the `Resolution` enum of
`prisma/schema.prisma` there. One row per forecast (anyone's, on every question the user
created, forecast on or was shared), with the columns:

    Question title, Multiple choice option, Forecast created by, Forecast (scale = 0-1),
    Forecast created at, Question created by, Question created at, Question resolve by,
    Resolution, Resolved at, Your Brier score for this question, Your relative Brier score
    for this question, Question notes, Question shared with, Question shared publicly,
    Question comments, Question tags

Its traps: dates are written in the server's local time (`--timezone`, default UTC) as
`YYYY-MM-DD HH:MM:S`, with the seconds not padded (`14:05:7`); a multi-valued cell (tags,
people shared with, comments) is joined with `"; "`; text cells are quoted, numbers and
booleans not, and an absent value is an empty cell. The export holds no question id: a
forecast is known by its question's title and creation time, the option, and its own time.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from .._records import Author, Verdict
from .common import Forecast, bad_row, choose_user, refuse
from .csvfile import read_csv, read_text

__all__ = ["read_forecasts"]

DISPLAY = "Fatebook"
HOMEPAGE = "https://fatebook.io"

TITLE = "Question title"
OPTION = "Multiple choice option"
BY = "Forecast created by"
FORECAST = "Forecast (scale = 0-1)"
AT = "Forecast created at"
QUESTION_AT = "Question created at"
RESOLVE_BY = "Question resolve by"
RESOLUTION = "Resolution"
RESOLVED_AT = "Resolved at"
TAGS = "Question tags"
REQUIRED = (TITLE, BY, FORECAST, AT, QUESTION_AT, RESOLVE_BY, RESOLUTION, RESOLVED_AT)

_VERDICTS = {"YES": Verdict.TRUE, "NO": Verdict.FALSE, "AMBIGUOUS": Verdict.AMBIGUOUS}
_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{1,2})")


def parse_time(text: str, zone: dt.tzinfo) -> dt.datetime:
    """`2024-03-01 14:05:7` in the server's zone; `ValueError` if it is not that form."""
    match = _TIME.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a date and time as Fatebook writes them")
    year, month, day, hour, minute, second = (int(part) for part in match.groups())
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=zone)


def read_forecasts(
    path: Path, *, author: Author, user: str | None, timezone: str = "UTC"
) -> list[Forecast]:
    name = path.name
    zone = ZoneInfo(timezone)
    rows = list(read_csv(read_text(path), name, REQUIRED))
    chosen = choose_user((row[BY] for _, row in rows if row.get(BY)), user, author, "forecasts")
    forecasts = []
    problems = []
    for line, row in rows:
        if row.get(BY) != chosen:
            continue
        try:
            forecasts.append(_forecast(line, row, zone))
        except ValueError as error:
            problems.append(bad_row(name, line, str(error)))
    refuse(problems)
    return forecasts


def _forecast(line: int, row: dict[str, str], zone: dt.tzinfo) -> Forecast:
    title = row[TITLE].strip()
    if not title:
        raise ValueError(f"the column {TITLE!r} is empty")
    try:
        probability = float(row[FORECAST])
    except ValueError:
        raise ValueError(f"{FORECAST!r} is {row[FORECAST]!r}, not a number") from None
    if not 0.0 <= probability <= 1.0:
        raise ValueError(f"{FORECAST!r} is {row[FORECAST]}, outside [0, 1]")
    made_at = parse_time(row[AT], zone)
    question_at = row[QUESTION_AT].strip()
    parse_time(question_at, zone)
    option = row.get(OPTION, "").strip()
    closes = parse_time(row[RESOLVE_BY], zone).date() if row[RESOLVE_BY].strip() else None
    word = row[RESOLUTION].strip()
    verdict = None
    resolved_on = None
    if word:
        verdict = _VERDICTS.get(word)
        if verdict is None:
            raise ValueError(f"{RESOLUTION!r} is {word!r}; Fatebook writes YES, NO or AMBIGUOUS")
        if not row[RESOLVED_AT].strip():
            raise ValueError(f"resolved {word} but {RESOLVED_AT!r} is empty")
        resolved = parse_time(row[RESOLVED_AT], zone)
        if resolved < made_at:
            raise ValueError(
                f"the forecast ({row[AT]}) was made after the question was resolved "
                f"({row[RESOLVED_AT]})"
            )
        resolved_on = resolved.date()
    tags = tuple(tag.strip() for tag in row.get(TAGS, "").split("; ") if tag.strip())
    return Forecast(
        key="\x1f".join((title, question_at, option, row[AT].strip())),
        title=f"{title} [{option}]" if option else title,
        made_at=made_at,
        probability=probability,
        row=line,
        original={key: value for key, value in row.items() if value != ""},
        closes=closes,
        tags=tags,
        verdict=verdict,
        resolved_on=resolved_on,
        resolution=word or None,
    )
