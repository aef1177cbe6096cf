"""Rendering results: the terminal report and the Markdown, HTML, CSV and JSON exports."""
