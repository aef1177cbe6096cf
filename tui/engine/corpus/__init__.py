"""Analysing the whole library: related accounts and, as they land, stories and talking points."""
