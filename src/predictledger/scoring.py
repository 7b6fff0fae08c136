"""Scoring a ledger by hand: exact, mergeable tallies and the scores derived from them.

`predictledger.scorecard` is the whole scoring in one call. These names are for callers who
tally themselves, for example a ledger too large for one machine, scored in shards:

    from predictledger.scoring import merge_groups, tally_groups

    parts = [tally_groups(shard, ("author",), as_of) for shard in shards]
    for key, tally in merge_groups(*parts).items():
        print(key, tally.hit_rate(), tally.scores().brier)

A `Tally` keeps only integers, exact fractions and a multiset of (probability, outcome) pairs,
so tallies merged in any order are equal (`==`) to the tally of the whole, and every score
derived from equal tallies is equal to the last bit. Records the engine cannot score, and
unknown groupings, raise `predictledger.errors.ScoringError`.
"""

from ._score.groups import DIMENSIONS, Dimension, group_key, merge_groups, tally_groups, tally_one
from ._score.status import Status, status_of
from ._score.tally import MIN_GRADED, CalibrationBin, Counts, ForecastCount, Murphy, Scores, Tally

__all__ = [
    "DIMENSIONS",
    "MIN_GRADED",
    "CalibrationBin",
    "Counts",
    "Dimension",
    "ForecastCount",
    "Murphy",
    "Scores",
    "Status",
    "Tally",
    "group_key",
    "merge_groups",
    "status_of",
    "tally_groups",
    "tally_one",
]
