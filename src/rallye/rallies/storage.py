"""Where uploaded files of rallies (their logos) are kept: Django's file storage, under
``MEDIA_ROOT`` when the settings give one, else ``DATA_DIR/media``. The database holds the
file's name in the storage (``logos/rallye-12.png``), never a path of the server."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


def media_root() -> Path:
    configured = getattr(settings, "MEDIA_ROOT", "")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "media"


@deconstructible(path="rallye.rallies.storage.RallyFilesStorage")
class RallyFilesStorage(FileSystemStorage):
    """The file system storage, its folder read from the settings at each use (tests change it)."""

    @property
    def base_location(self) -> str:
        return str(media_root())

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


rally_files = RallyFilesStorage()


def logo_file(rally: Any) -> Path | None:
    """The rally's logo as a file to print, or ``None`` when it has none (or it is missing)."""
    if not rally.logo:
        return None
    path = Path(rally.logo.path)
    return path if path.exists() else None
