"""Where cyberread keeps things: the article library, notes and settings. Never imports textual."""
