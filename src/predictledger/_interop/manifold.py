"""Manifold: a user's bets (`GET /v0/bets?userId=...`), with the markets they were placed on
(`GET /v0/market/{id}` or `/v0/markets`, saved as one JSON array or object).

The formats are defined in the repository manifoldmarkets/manifold: a bet by the `Bet` type of
`common/src/bet.ts` (`id`, `userId`, `contractId`, `createdTime`, `amount`, `outcome`,
`shares`, `probBefore`, `probAfter`, `isRedemption`, limit orders' `limitProb`,
`isCancelled`, `isFilled`...), a market by `LiteMarket` and `toLiteMarket` in
`common/src/api/market-types.ts` (`id`, `question`, `url`, `outcomeType`, `createdTime`,
`closeTime`, `isResolved`, `resolution`, `resolutionTime`, `resolutionProbability`...), and
the resolutions by `RESOLUTIONS` in `common/src/contract.ts` (`YES`, `NO`, `MKT`, `CANCEL`).

Its traps: every time is in milliseconds since the epoch (UTC); `MKT` resolves a binary
market to a probability, `resolutionProbability`, which the ledger records as a `partial`
verdict with that credit (it is scored as o = p); `CANCEL` (N/A) is `void`. Only binary
markets are imported. A bet's forecast is the market's probability of YES after it
(`probAfter`), the price the bettor moved it to, as Manifold's own calibration chart reads it;
sales (negative amounts), redemptions and cancelled or unfilled limit orders say nothing about
the bettor's belief and are skipped.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

from .._records import Author, Verdict
from ..errors import RequestError
from .common import Forecast, bad_row, choose_user, refuse
from .csvfile import read_json, read_text

__all__ = ["read_forecasts"]

DISPLAY = "Manifold"
HOMEPAGE = "https://manifold.markets"

_VERDICTS = {
    "YES": Verdict.TRUE,
    "NO": Verdict.FALSE,
    "MKT": Verdict.PARTIAL,
    "CANCEL": Verdict.VOID,
}
_BET_KEPT = (
    "id",
    "contractId",
    "createdTime",
    "amount",
    "outcome",
    "shares",
    "probBefore",
    "probAfter",
)
_MARKET_KEPT = (
    "question",
    "url",
    "closeTime",
    "resolution",
    "resolutionTime",
    "resolutionProbability",
)


def from_millis(value: Any) -> dt.datetime:
    if type(value) not in (int, float) or not math.isfinite(value):
        raise ValueError(f"{value!r} is not a time in milliseconds since the epoch")
    try:
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"{value!r} is not a time in milliseconds since the epoch") from None


def read_markets(path: Path) -> dict[str, dict[str, Any]]:
    document = read_json(read_text(path), path.name)
    markets = document if isinstance(document, list) else [document]
    found = {}
    for index, market in enumerate(markets, start=1):
        if not isinstance(market, dict) or not isinstance(market.get("id"), str):
            raise RequestError(f"{path.name}:{index}: market {index} has no 'id': not a market")
        found[market["id"]] = market
    return found


def read_forecasts(
    path: Path, *, author: Author, user: str | None, markets: Path | None
) -> list[Forecast]:
    if markets is None:
        raise RequestError("a Manifold import needs the markets' JSON too: --markets FILE")
    name = path.name
    by_id = read_markets(markets)
    bets = read_json(read_text(path), name)
    if not isinstance(bets, list):
        raise RequestError(f"{name}: not a JSON array of bets")
    users = (bet.get("userId") for bet in bets if isinstance(bet, dict))
    chosen = choose_user((u for u in users if isinstance(u, str)), user, author, "bets")
    forecasts = []
    problems = []
    for index, bet in enumerate(bets, start=1):
        if not isinstance(bet, dict) or bet.get("userId") != chosen:
            continue
        try:
            forecast = _forecast(index, bet, by_id)
        except ValueError as error:
            problems.append(bad_row(name, index, f"bet {index}: {error}"))
            continue
        if forecast is not None:
            forecasts.append(forecast)
    refuse(problems)
    return forecasts


def _probability(value: Any, what: str) -> float:
    if type(value) not in (int, float) or not 0 <= value <= 1:
        raise ValueError(f"{what} is {value!r}, not a probability in [0, 1]")
    return float(value)


def _forecast(index: int, bet: dict[str, Any], markets: dict[str, Any]) -> Forecast | None:
    if not isinstance(bet.get("id"), str):
        raise ValueError("no 'id'")
    market = markets.get(bet.get("contractId"))  # type: ignore[arg-type]
    if market is None:
        raise ValueError(f"market {bet.get('contractId')!r} is not in the markets' file")
    if market.get("outcomeType") != "BINARY":
        return None
    amount = bet.get("amount")
    if not isinstance(amount, (int, float)) or isinstance(amount, bool):
        raise ValueError(f"amount is {amount!r}, not a number")
    if amount <= 0 or bet.get("isRedemption") or bet.get("outcome") not in ("YES", "NO"):
        return None
    if bet.get("isCancelled") and not bet.get("shares"):
        return None
    if "limitProb" in bet and not bet.get("shares"):
        return None  # an open limit order that nothing filled
    probability = _probability(bet.get("probAfter"), "probAfter")
    made_at = from_millis(bet.get("createdTime"))
    title = market.get("question")
    if not isinstance(title, str) or not title.strip():
        raise ValueError(f"market {market['id']!r} has no question")
    closes = from_millis(market["closeTime"]).date() if market.get("closeTime") else None
    verdict = None
    credit = None
    resolved_on = None
    word = market.get("resolution") if market.get("isResolved") else None
    if word is not None:
        verdict = _VERDICTS.get(word)
        if verdict is None:
            raise ValueError(f"market resolution {word!r}; expected YES, NO, MKT or CANCEL")
        if verdict is Verdict.PARTIAL:
            credit = _probability(market.get("resolutionProbability"), "resolutionProbability")
        resolved = from_millis(market.get("resolutionTime"))
        if resolved < made_at:
            raise ValueError("the bet was placed after the market resolved")
        resolved_on = resolved.date()
    return Forecast(
        key=f"{market['id']}/{bet['id']}",
        title=title,
        made_at=made_at,
        probability=probability,
        row=index,
        original={
            **{key: bet[key] for key in _BET_KEPT if key in bet},
            "market": {key: market[key] for key in _MARKET_KEPT if key in market},
        },
        closes=closes,
        url=market.get("url") if isinstance(market.get("url"), str) else None,
        verdict=verdict,
        credit=credit,
        resolved_on=resolved_on,
        resolution=word,
    )
