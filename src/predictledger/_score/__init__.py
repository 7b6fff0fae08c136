"""Scoring, in the order of its pipeline: `status` (where a prediction stands on a date),
`measures` (what one record counts for), `tally` (exact, mergeable tallies and their scores),
`groups` (dimensions, and the tally of each group) and `scorecard` (plain numbers and ranks)."""
