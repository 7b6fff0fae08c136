"""From an author's words to numbers: hedge words to probabilities, phrases to date windows."""
