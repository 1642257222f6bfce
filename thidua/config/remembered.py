"""config.yaml validated once and remembered: a command that finds the same file (the same bytes, read from
the same folder by the same code) takes the validated Config from the user's cache instead of parsing the
YAML and building and running pydantic's validators again. At 1.000 returns that was 0,04–0,05 s of a 0,43 s
re-run; a 600 KB config (336 units) took 0,09 s.

Pickle, because rebuilding the models from JSON is the validation this avoids; so the cache is the user's
own folder (~/.cache/thidua; %LOCALAPPDATA%\\thidua\\cache on Windows), created private, never a shared
temporary folder: a pickle runs code as it loads, and only the user can write there. The key holds
everything the validated config is made of: the file's bytes, the folder its relative paths are resolved
against (and the working folder when that folder is relative), the config package's code, the package's
default wording, Python's and pydantic's versions. A cache entry that cannot be read is ignored and the file
validated as before; a cache that cannot be written is left unwritten; a config with a problem is never
remembered, so its message comes every time."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
import time
from pathlib import Path

from thidua.atomic import atomic_path
from thidua.config.load import WORDING_FILE, load_config
from thidua.config.model import Config

KEEP_DAYS = 30  # an entry nobody used for this long (an old config, an old release) is removed


def cache_folder() -> Path | None:
    """Where this user's caches go, as each system expects; None when there is no home to put it in."""
    try:
        if sys.platform == "win32":
            local = os.environ.get("LOCALAPPDATA")
            return Path(local) / "thidua" / "cache" if local else None
        if sys.platform == "darwin":
            return Path.home() / "Library" / "Caches" / "thidua"
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "thidua"
    except RuntimeError:  # no home directory (a service account without one)
        return None


@functools.cache
def _code() -> bytes:
    """What the loader is: the config package, the leaf modules it imports, the default wording."""
    import pydantic

    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(f"{sys.version}|{pydantic.VERSION}".encode())
    for source in sorted([*package.glob("*.py"), *(package / "config").glob("*.py"), WORDING_FILE]):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.digest()


def entry_name(path: Path, data: bytes) -> str:
    """The cache entry for config.yaml at `path` holding `data`."""
    where = str(path.parent) if path.is_absolute() else f"{os.getcwd()}\0{path.parent}"
    key = hashlib.sha256(_code() + where.encode("utf-8", "surrogateescape") + b"\0" + data).hexdigest()
    return f"config-{key[:40]}.pickle"


def remembered_config(path: Path, folder: Path | None) -> Config:
    """load_config(path), from `folder` (cache_folder()) when this very file was validated before."""
    try:
        data = path.read_bytes()
    except OSError:
        return load_config(path)  # its own message: missing, unreadable
    if folder is None:
        return load_config(path, data)
    entry = folder / entry_name(path, data)
    with contextlib.suppress(Exception):  # unreadable, truncated, from another version: validated afresh
        cfg = pickle.loads(entry.read_bytes())
        if isinstance(cfg, Config):
            with contextlib.suppress(OSError):
                os.utime(entry)  # in use: not removed as stale
            return cfg
    cfg = load_config(path, data)  # the same bytes the key was made of
    with contextlib.suppress(OSError, pickle.PicklingError):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with atomic_path(entry) as tmp:
            tmp.write_bytes(pickle.dumps(cfg, protocol=pickle.HIGHEST_PROTOCOL))
    return cfg


def stale_entries(folder: Path | None) -> list[Path]:
    """Entries nobody used for KEEP_DAYS (an old config, an old release): the CLI removes them."""
    limit = time.time() - KEEP_DAYS * 86400
    old = []
    for entry in folder.glob("config-*.pickle") if folder is not None and folder.is_dir() else ():
        with contextlib.suppress(OSError):
            if entry.stat().st_mtime < limit:
                old.append(entry)
    return old
