"""Metaculus's "download data": a zip of `question_data.csv` and `forecast_data.csv` (give the
zip, or `forecast_data.csv` with `question_data.csv` beside it).

The format is defined by `generate_data` (and `export_data_for_user`) in `utils/csv_utils.py`
of the repository Metaculus/metaculus, which also writes the README it puts in the zip; the
resolutions are `UnsuccessfulResolutionType` in `questions/constants.py`. A question row has
`Question ID`, `Question URL`, `Question Title`, `Question Type`, `Open Time`, `Scheduled
Close Time`, `Actual Close Time`, `Resolution`, `Resolution Known Time`...; a forecast row has
`Question ID`, `Forecaster ID`, `Forecaster Username`, `Is Bot`, `Start Time`, `End Time`,
`Probability Yes`... (aggregates have no `Forecaster ID`).

Its traps: times are Python's `str()` of aware datetimes (`2024-03-01 14:02:07.123456+00:00`);
a binary question resolves `yes` or `no`, or fails to: `ambiguous` (recorded as `ambiguous`)
or `annulled` (the question's premise was void: recorded as `void`); an empty cell is
Python's `None`. Only binary questions are imported; each forecast (each update) is one
prediction, due when the question is scheduled to close.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from .._records import Author, Verdict
from ..errors import RequestError
from .common import Forecast, bad_row, choose_user, refuse
from .csvfile import read_csv, read_text

__all__ = ["read_forecasts"]

DISPLAY = "Metaculus"
HOMEPAGE = "https://www.metaculus.com"

QUESTIONS = "question_data.csv"
FORECASTS = "forecast_data.csv"
_VERDICTS = {
    "yes": Verdict.TRUE,
    "no": Verdict.FALSE,
    "ambiguous": Verdict.AMBIGUOUS,
    "annulled": Verdict.VOID,
}
_QUESTION_COLUMNS = (
    "Question ID",
    "Question URL",
    "Question Title",
    "Question Type",
    "Scheduled Close Time",
    "Resolution",
    "Resolution Known Time",
)
_FORECAST_COLUMNS = (
    "Question ID",
    "Forecaster ID",
    "Forecaster Username",
    "Start Time",
    "Probability Yes",
)


def parse_time(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a time as Metaculus writes them") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _texts(path: Path) -> tuple[str, str, str]:
    """The forecast CSV's text, the question CSV's text, and the name to report rows by."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = {Path(info.filename).name: info.filename for info in archive.infolist()}
            try:
                forecasts = archive.read(names[FORECASTS]).decode("utf-8-sig")
                questions = archive.read(names[QUESTIONS]).decode("utf-8-sig")
            except KeyError:
                raise RequestError(
                    f"{path.name} holds no {FORECASTS} and {QUESTIONS}: not Metaculus data"
                ) from None
            except UnicodeDecodeError:
                raise RequestError(f"{path.name}: a CSV file in it is not UTF-8") from None
        return forecasts, questions, f"{path.name}/{FORECASTS}"
    beside = path.parent / QUESTIONS
    if not beside.is_file():
        raise RequestError(f"{QUESTIONS} is not beside {path.name}; give the zip, or both files")
    return read_text(path), read_text(beside), path.name


def read_forecasts(path: Path, *, author: Author, user: str | None) -> list[Forecast]:
    forecast_text, question_text, name = _texts(path)
    question_name = name.replace(FORECASTS, QUESTIONS) if FORECASTS in name else QUESTIONS
    questions = {
        row["Question ID"]: (line, row)
        for line, row in read_csv(question_text, question_name, _QUESTION_COLUMNS)
    }
    rows = [
        (line, row)
        for line, row in read_csv(forecast_text, name, _FORECAST_COLUMNS)
        if row["Forecaster ID"].strip()
    ]
    chosen = choose_user((row["Forecaster Username"] for _, row in rows), user, author, "forecasts")
    forecasts = []
    problems = []
    for line, row in rows:
        if row["Forecaster Username"] != chosen:
            continue
        try:
            found = questions.get(row["Question ID"])
            if found is None:
                raise ValueError(f"question {row['Question ID']!r} is not in {QUESTIONS}")
            forecast = _forecast(line, row, *found)
        except ValueError as error:
            problems.append(bad_row(name, line, str(error)))
            continue
        if forecast is not None:
            forecasts.append(forecast)
    refuse(problems)
    return forecasts


def _forecast(
    line: int, row: dict[str, str], question_line: int, question: dict[str, str]
) -> Forecast | None:
    if question["Question Type"] != "binary":
        return None
    try:
        probability = float(row["Probability Yes"])
    except ValueError:
        raise ValueError(f"'Probability Yes' is {row['Probability Yes']!r}, not a number") from None
    if not 0.0 <= probability <= 1.0:
        raise ValueError(f"'Probability Yes' is {probability}, outside [0, 1]")
    made_at = parse_time(row["Start Time"])
    close = question["Scheduled Close Time"].strip()
    word = question["Resolution"].strip()
    verdict = None
    resolved_on = None
    if word:
        verdict = _VERDICTS.get(word)
        if verdict is None:
            raise ValueError(
                f"question {question['Question ID']}: resolution {word!r}; a binary question "
                "resolves yes, no, ambiguous or annulled"
            )
        known = question["Resolution Known Time"].strip()
        if not known:
            raise ValueError(f"question {question['Question ID']} is resolved but has no time")
        resolved_on = max(parse_time(known), made_at).date()
    return Forecast(
        key=f"{question['Question ID']}/{row['Forecaster ID']}/{row['Start Time'].strip()}",
        title=question["Question Title"],
        made_at=made_at,
        probability=probability,
        row=line,
        original={
            **{key: value for key, value in row.items() if value != ""},
            "question": {
                key: question[key] for key in _QUESTION_COLUMNS if question.get(key, "") != ""
            },
        },
        closes=parse_time(close).date() if close else None,
        url=question["Question URL"] or None,
        verdict=verdict,
        resolved_on=resolved_on,
        resolution=word or None,
    )
