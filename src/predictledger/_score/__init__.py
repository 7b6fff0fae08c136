"""Scoring: each prediction's status, exact mergeable tallies, and the scorecard."""
