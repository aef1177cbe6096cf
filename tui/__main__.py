"""`python -m cyberread` runs the same command line as `cyberread`."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
