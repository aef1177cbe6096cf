"""Turning files and pages into clean articles: decoding, cleaning, metadata."""
