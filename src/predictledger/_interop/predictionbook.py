"""PredictionBook's JSON API, `GET /api/my_predictions` (its CSV leaves out the user's own
probability).

The format is defined in the repository tricycle/predictionbook by
`app/controllers/api/my_predictions_controller.rb` (the document: `{"user": {"user_id",
"name", "email"}, "predictions": [...]}`, newest first, one page of up to 1000), and by
`app/serializers/prediction_serializer.rb` and `app/serializers/response_serializer.rb` (each
prediction's fields: `id`, `uuid`, `description`, `deadline`, `created_at`, `updated_at`,
`outcome`, `withdrawn`, `mean_confidence`..., and its `responses`: `id`, `user_id`,
`user_label`, `confidence`, `comment`, `created_at`...); `db/schema.rb` gives the types.

Its traps: a confidence is an integer percentage, 0 to 100 (`70`, not `0.7`), and is `null` on
a response that is only a comment; `outcome` is `true`, `false` or `null` (unknown or not yet
judged); the API gives no judgement date, so an outcome is dated by the prediction's
`updated_at`, the latest date the record shows. Times are Rails' ISO 8601
(`2017-06-01T09:30:00.000Z`). Several pages may be given as a JSON array of such documents.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .._records import Author, Verdict
from .common import Forecast, bad_row, choose_user, refuse
from .csvfile import read_json, read_text

__all__ = ["read_forecasts"]

DISPLAY = "PredictionBook"
HOMEPAGE = "https://predictionbook.com"

_KEPT = ("id", "uuid", "description", "deadline", "created_at", "updated_at", "outcome")


def parse_time(value: Any) -> dt.datetime:
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a time")
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def read_forecasts(path: Path, *, author: Author, user: str | None) -> list[Forecast]:
    name = path.name
    document = read_json(read_text(path), name)
    pages = document if isinstance(document, list) else [document]
    problems = []
    entries: list[tuple[str, int, dict[str, Any]]] = []
    users: dict[str, Any] = {}
    for number, page in enumerate(pages, start=1):
        where = f"page {number}: " if len(pages) > 1 else ""
        if not isinstance(page, dict) or not isinstance(page.get("predictions"), list):
            problems.append(bad_row(name, 0, f"{where}no 'predictions' array: not my_predictions"))
            continue
        owner: dict[str, Any] = page["user"] if isinstance(page.get("user"), dict) else {}
        if owner.get("user_id") is not None:
            users[str(owner.get("name") or owner["user_id"])] = owner["user_id"]
        for index, prediction in enumerate(page["predictions"], start=1):
            entries.append((where, index, prediction))
    refuse(problems)
    chosen = choose_user(users, user, author, "predictions")
    user_id = users[chosen]
    forecasts = []
    for where, index, prediction in entries:
        try:
            forecasts.extend(_forecasts(index, prediction, user_id))
        except ValueError as error:
            problems.append(bad_row(name, index, f"{where}predictions[{index - 1}]: {error}"))
    refuse(problems)
    return forecasts


def _forecasts(index: int, prediction: Any, user_id: Any) -> list[Forecast]:
    if not isinstance(prediction, dict):
        raise ValueError("not an object")
    if prediction.get("withdrawn"):
        return []
    description = prediction.get("description")
    if not isinstance(description, str) or not description.strip():
        raise ValueError("no description")
    if prediction.get("id") is None:
        raise ValueError("no id")
    deadline = parse_time(prediction.get("deadline")).date() if prediction.get("deadline") else None
    outcome = prediction.get("outcome")
    if outcome not in (True, False, None):
        raise ValueError(f"outcome is {outcome!r}; PredictionBook writes true, false or null")
    verdict = None if outcome is None else (Verdict.TRUE if outcome else Verdict.FALSE)
    resolved_on = parse_time(prediction.get("updated_at")).date() if verdict else None
    responses = prediction.get("responses") or []
    if not isinstance(responses, list):
        raise ValueError("responses is not an array")
    forecasts = []
    for position, response in enumerate(responses):
        if not isinstance(response, dict) or response.get("user_id") != user_id:
            continue
        confidence = response.get("confidence")
        if confidence is None:
            continue  # a comment without a probability
        if type(confidence) is not int or not 0 <= confidence <= 100:
            raise ValueError(
                f"responses[{position}]: confidence {confidence!r} is not a whole percentage "
                "from 0 to 100"
            )
        made_at = parse_time(response.get("created_at"))
        forecasts.append(
            Forecast(
                key=f"{prediction['id']}/{response.get('id', position)}",
                title=description,
                made_at=made_at,
                probability=confidence / 100,
                row=index,
                original={
                    **{key: prediction.get(key) for key in _KEPT if key in prediction},
                    "response": {k: v for k, v in response.items() if k != "comment"},
                },
                closes=deadline,
                url=f"https://predictionbook.com/predictions/{prediction['id']}",
                verdict=verdict,
                resolved_on=max(resolved_on, made_at.date()) if resolved_on else None,
                resolution=None if outcome is None else ("right" if outcome else "wrong"),
            )
        )
    return forecasts
