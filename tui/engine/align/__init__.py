"""Aligning two accounts: passages, candidate pairs, one consistent set of matches, word diffs."""
