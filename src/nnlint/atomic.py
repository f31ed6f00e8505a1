"""Replacing a file in one step, so a reader never sees half of it and a crash loses nothing.

Used by the cache (entries other runs may read at the same moment) and by --fix (the user's
files). The bytes go to a temporary file in the same folder, which then replaces the target
with ``os.replace``, atomic on POSIX and Windows.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def replace_bytes(path: Path, data: bytes, mode: int, sync: bool = False) -> None:
    """Write ``data`` to ``path`` atomically, with permission bits ``mode``."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".nnlint-tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
