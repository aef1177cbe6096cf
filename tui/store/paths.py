"""Where cyberread keeps its data and config: platformdirs folders, or one folder named by CYBERREAD_HOME."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

import platformdirs

APP_NAME = "cyberread"
HOME_VARIABLE = "CYBERREAD_HOME"
LIBRARY_NAME = "library.sqlite3"


@dataclass(frozen=True)
class Locations:
    """The folders and files cyberread reads and writes."""

    data_dir: Path
    config_dir: Path
    library_name: str = LIBRARY_NAME

    @property
    def database(self) -> Path:
        return self.data_dir / self.library_name

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    def with_library_folder(self, folder: Path | None) -> Locations:
        """These locations with the library kept in `folder` (the config's choice), when one is given."""
        return self if folder is None else replace(self, data_dir=folder)

    def with_library_file(self, file: Path) -> Locations:
        """These locations with the library in `file`, whatever its name (a copy kept as a backup)."""
        return replace(self, data_dir=file.parent, library_name=file.name)


def locations(home: str | os.PathLike[str] | None = None) -> Locations:
    """The folders to use: `home` if given, else $CYBERREAD_HOME, else the platform's user folders.

    platformdirs honours XDG_DATA_HOME and XDG_CONFIG_HOME on Linux.
    """
    chosen = home if home is not None else os.environ.get(HOME_VARIABLE) or None
    if chosen:
        root = Path(chosen).expanduser()
        return Locations(data_dir=root, config_dir=root)
    return Locations(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )
