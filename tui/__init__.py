"""cyberread: read news accounts side by side and see where they agree, differ and leave things out."""

__version__ = "0.1.0"
