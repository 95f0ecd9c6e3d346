"""Safe YAML loading that remembers where each mapping came from, for file:line errors."""

from __future__ import annotations

import base64
import hashlib
import io
import pickle
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .cache import Store


class ConfigError(Exception):
    """Bad configuration, rule or model data; the CLI turns it into exit code 2."""

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        self.path, self.message, self.line = str(path), message, line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


class LineDict(dict):  # type: ignore[type-arg]
    """A mapping that knows the 1-based line of itself and of each of its keys."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _Loader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(None, None, "keys must be plain words", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[str(key)] = key_node.start_mark.line + 1
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


# Aliases let a few hundred bytes of YAML stand for gigabytes once walked ("billion laughs").
# Settings and front matter never need them; a rule file may name a few shared parts.
RULE_ALIASES = 20


def load_text(text: str, path: str | Path, max_aliases: int = 0) -> Any:
    try:
        # An alias needs a "*": without one, the text is parsed once, not twice.
        events = yaml.parse(text, Loader=_Loader) if "*" in text else ()
        aliases = [e for e in events if isinstance(e, yaml.AliasEvent)]
        if len(aliases) > max_aliases:
            where = aliases[max_aliases].start_mark.line + 1
            allowed = f"at most {max_aliases} are allowed here" if max_aliases else "they are not allowed here"
            raise ConfigError(
                path, f"YAML alias '*{aliases[max_aliases].anchor}': {allowed}; write the value out", where
            )
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(path, f"invalid YAML: {problem}", mark.line + 1 if mark else None) from None


def load_file(path: str | Path, max_aliases: int = 0) -> Any:
    """A YAML file's data. The rules and models are read at every start, and parsing them takes
    longer than reading them back from the on-disk cache, where they are kept by their text."""
    text = read_text(path)
    key = hashlib.sha256(f"{max_aliases}:{text}".encode()).hexdigest()
    stored = _store().get_many([key]).get(key)
    if stored is not None:
        try:
            return _Unpickler(io.BytesIO(base64.b64decode(stored))).load()
        except Exception:  # a damaged or foreign entry: parse the text again
            pass
    data = load_text(text, path, max_aliases)
    _store().put_many([(key, base64.b64encode(pickle.dumps(data, protocol=4)).decode())])
    return data


@cache
def _store() -> Store:
    return Store(f"yaml-{hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]}")


class _Unpickler(pickle.Unpickler):
    """Plain data and LineDicts only: nothing in the cache can make loading it run code."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == (__name__, "LineDict"):
            return LineDict
        raise pickle.UnpicklingError(f"{module}.{name} is not YAML data")


def read_text(path: str | Path) -> str:
    """A settings or rule file's text, or a ConfigError that says why not."""
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(path, "no such file") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(path, f"not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise ConfigError(path, f"cannot read: {exc.strerror or exc}") from None


def line_of(data: Any, key: str | None = None) -> int | None:
    if isinstance(data, LineDict):
        return data.line_of(key) if key else data.line
    return None
