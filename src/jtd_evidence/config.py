"""The configuration file: the defaults people would otherwise type on every command.

Where it is found, first match wins:

* ``JTD_CONFIG=FILE`` in the environment names the file (``JTD_CONFIG=`` empty: no file at all);
* else ``jtd-evidence.toml`` in the working folder or the nearest parent folder, or, in the same
  search, a ``pyproject.toml`` with a ``[tool.jtd-evidence]`` table (a ``jtd-evidence.toml`` beside
  it wins; a ``pyproject.toml`` without the table is passed over).

Which value is used: a command-line option, else the environment variable (for the keys that have
one), else the file, else the built-in default. Paths in the file are relative to the file's folder.

:class:`ConfigFile` is the one place that lists the keys: their types, built-in defaults and
environment variables. ``jtd-evidence config`` shows every value in effect and where it came from.

>>> ConfigFile.model_validate({"links": {"per-host": 4}}).links.per_host
4
>>> sorted(KEYS)[:3]
['bib', 'links.allow-hosts', 'links.allow-private']
"""

from __future__ import annotations

import difflib
import importlib
import json
import os
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic.config import JsonDict  # the type of Field(json_schema_extra=)
from pydantic.fields import FieldInfo

from jtd_evidence.exceptions import ConfigError

if TYPE_CHECKING:
    from jtd_evidence.links.options import CheckOptions

__all__ = [
    "FILE_NAME",
    "KEYS",
    "ConfigFile",
    "Setting",
    "Settings",
    "find_config",
    "load_settings",
    "shown_value",
]

FILE_NAME = "jtd-evidence.toml"
PYPROJECT_TABLE = ("tool", "jtd-evidence")


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Names = Annotated[list[str], BeforeValidator(_one_or_many)]
"""A list of strings; one string is taken as a list of one."""


def _key(
    default: Any = None,
    help: str = "",
    *,
    default_from: str | None = None,
    env: str | None = None,
    path: bool = False,
) -> Any:
    """A key of the file. ``default_from`` ("module:name[.attribute]") names where the built-in
    default lives, read only when it is needed; ``env`` the environment variable that overrides
    the file; ``path`` marks a path, taken relative to the file's folder."""
    extra: JsonDict = {"default_from": default_from, "env": env, "path": path}
    return Field(default, description=help, json_schema_extra=extra)


class _Table(BaseModel):
    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, alias_generator=lambda name: name.replace("_", "-")
    )


_CHECK = "jtd_evidence.links.options:CheckOptions."


class LinksConfig(_Table):
    """``[links]``: defaults of ``check-urls``."""

    exclude: Names | None = _key(
        help="URLs matching any of these regular expressions are not checked", default_from=_CHECK + "exclude"
    )
    allow_hosts: Names | None = _key(
        help="HOST or HOST:PORT allowed on a loopback or private address", default_from=_CHECK + "allow_hosts"
    )
    allow_private: bool | None = _key(
        help="allow every private address", default_from=_CHECK + "allow_private"
    )
    concurrency: int | None = _key(help="requests in flight at once", default_from=_CHECK + "concurrency")
    per_host: int | None = _key(help="requests in flight to one host", default_from=_CHECK + "per_host")
    timeout: float | None = _key(help="read timeout, seconds", default_from=_CHECK + "read_timeout")
    connect_timeout: float | None = _key(help="seconds", default_from=_CHECK + "connect_timeout")
    deadline: float | None = _key(help="total seconds for one URL", default_from=_CHECK + "deadline")
    retries: int | None = _key(
        help="retries for connection errors, 429, 5xx", default_from=_CHECK + "retries"
    )
    retry_after_cap: float | None = _key(
        help="longest Retry-After honoured, seconds", default_from=_CHECK + "retry_after_cap"
    )
    method: str | None = _key(help="auto, head or get", default_from=_CHECK + "method")
    check_fragments: bool | None = _key(
        help="check that #anchors exist", default_from=_CHECK + "check_fragments"
    )
    suggest_archive: bool | None = _key(
        help="look up Internet Archive snapshots", default_from=_CHECK + "suggest_archive"
    )
    soft_404: bool | None = _key(
        help="look for 'not found' pages behind 200s", default_from=_CHECK + "detect_soft_404"
    )
    fail_on: Names | None = _key(
        help="classes that exit 1, or ['all'] / ['none']",
        default_from="jtd_evidence.links.types:DEFAULT_FAIL_ON",
    )
    cache: str | None = _key(
        help="results cache file", default_from="jtd_evidence.links.options:default_cache_path", path=True
    )
    cache_ttl: float = _key(24.0, "cache lifetime, hours")


class VerifyConfig(_Table):
    """``[verify]``: defaults of ``verify``."""

    mailto: str | None = _key(
        help="your e-mail address, sent to the registries (their polite pool)", env="JTD_MAILTO"
    )


class ConfigFile(_Table):
    """The whole file (or ``[tool.jtd-evidence]``): top-level keys, then one table per command."""

    bib: str | None = _key(
        help="the .bib every command reads and writes (unset: the shipped evidence base to read, "
        "bib/joining-the-dots.bib of the checkout here to write)",
        path=True,
    )
    style: Names | None = _key(
        help="citation styles of reading lists",
        default_from="jtd_evidence.reading_lists.build:DEFAULT_STYLES",
    )
    locale: Names | None = _key(
        help="locales of reading lists", default_from="jtd_evidence.reading_lists.build:DEFAULT_LOCALES"
    )
    out: str = _key("out/reading-lists", "folder the reading lists are built in", path=True)
    links: LinksConfig = LinksConfig()
    verify: VerifyConfig = VerifyConfig()


def _keys(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, tuple[str, ...], FieldInfo]]:
    for name, info in model.model_fields.items():
        alias = info.alias or name
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, _Table):
            yield from (
                (key, (name, *attrs), sub) for key, attrs, sub in _keys(annotation, f"{prefix}{alias}.")
            )
        else:
            yield f"{prefix}{alias}", (name,), info


KEYS: dict[str, tuple[tuple[str, ...], FieldInfo]] = {
    key: (attrs, info) for key, attrs, info in _keys(ConfigFile)
}
"""Every key, dotted as written in the file ("links.per-host"), with its attribute path and field."""
SECTIONS = frozenset(key.split(".")[0] for key in KEYS if "." in key)


def _extra(key: str) -> dict[str, Any]:
    extra = KEYS[key][1].json_schema_extra
    return extra if isinstance(extra, dict) else {}


@dataclass(frozen=True)
class Setting:
    """One value in effect and where it came from: "option", "env NAME", "FILE:LINE" or "default"."""

    key: str
    value: Any
    source: str


class Settings:
    """The values in effect: the file (if any) over the built-in defaults, environment variables over both."""

    def __init__(
        self, parsed: ConfigFile, file: Path | None, lines: Mapping[str, int], env: Mapping[str, str]
    ) -> None:
        self.file = file
        self._parsed = parsed
        self._lines = lines
        self._env = env
        self._set = {key for key, (attrs, _) in KEYS.items() if _is_set(parsed, attrs)}

    def __getitem__(self, key: str) -> Setting:
        if key not in KEYS:
            raise ConfigError(f"no configuration key {key!r}{_closest(key, KEYS)}")
        extra = _extra(key)
        name = extra.get("env")
        if name and self._env.get(name):
            return Setting(key, self._env[name], f"env {name}")
        attrs = KEYS[key][0]
        value: Any = self._parsed
        for attr in attrs:
            value = getattr(value, attr)
        if key in self._set:
            assert self.file is not None
            if extra.get("path"):
                value = self.file.parent / Path(value).expanduser()
            line = self._lines.get(key)
            return Setting(key, value, f"{self.file}:{line}" if line else str(self.file))
        if value is None and extra.get("default_from"):
            value = _builtin(extra["default_from"])
        elif extra.get("path") and value is not None:
            value = Path(value)
        return Setting(key, value, "default")

    def value(self, key: str) -> Any:
        return self[key].value

    def check_options(self, **given: Any) -> CheckOptions:
        """The link checker's :class:`~jtd_evidence.links.options.CheckOptions` from the ``[links]``
        keys in effect, ``given`` (CheckOptions fields, e.g. from options) over them. A value out of
        range is a :class:`ConfigError` naming where it came from."""
        from jtd_evidence.links.errors import LinkOptionsError
        from jtd_evidence.links.options import CheckOptions

        fields = {}
        for key in KEYS:
            field = (_extra(key).get("default_from") or "").removeprefix(_CHECK)
            if key.startswith("links.") and field and "." not in field and ":" not in field:
                fields[field] = key
        values = {field: self.value(key) for field, key in fields.items()}
        try:
            return CheckOptions(**(values | given))
        except LinkOptionsError as error:
            bad = fields.get(error.option)
            if bad is None or error.option in given:
                raise
            setting = self[bad]
            raise ConfigError(
                f"{setting.source}: {bad} = {shown_value(setting.value)} is not allowed: {error.expected}"
            ) from None

    def __iter__(self) -> Iterator[Setting]:
        return (self[key] for key in KEYS)


def shown_value(value: Any) -> str:
    """A value as it would be written in the file ("(not set)" for none)."""
    if value is None:
        return "(not set)"
    return json.dumps(str(value) if isinstance(value, Path) else value, ensure_ascii=False)


def _is_set(model: BaseModel, attrs: tuple[str, ...]) -> bool:
    for attr in attrs[:-1]:
        if attr not in model.model_fields_set:
            return False
        model = getattr(model, attr)
    return attrs[-1] in model.model_fields_set


def _builtin(where: str) -> Any:
    module, _, name = where.partition(":")
    value: Any = importlib.import_module(module)
    for part in name.split("."):
        value = getattr(value, part)
    if callable(value) and not isinstance(value, type):
        value = value()
    if isinstance(value, frozenset | set):
        value = sorted(getattr(v, "value", v) for v in value)
    elif isinstance(value, tuple):
        value = list(value)
    return value


def find_config(start: Path | None = None, env: Mapping[str, str] | None = None) -> Path | None:
    """The configuration file in effect (see the module's docstring), or None."""
    env = os.environ if env is None else env
    if "JTD_CONFIG" in env:
        named = env["JTD_CONFIG"]
        if not named:
            return None
        path = Path(named).expanduser()
        if not path.is_file():
            raise ConfigError(
                f"JTD_CONFIG={named}: no such file; name an existing jtd-evidence.toml, or unset JTD_CONFIG"
            )
        return path
    here = (start or Path.cwd()).absolute()
    for folder in (here, *here.parents):
        candidate = folder / FILE_NAME
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and _has_table(candidate):
            return candidate
    return None


def _has_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    if "jtd-evidence" not in text:
        return False  # cheap: most pyproject.toml files are not ours to parse
    return PYPROJECT_TABLE[1] in _parse(pyproject, text).get(PYPROJECT_TABLE[0], {})


def _parse(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error}); fix the file or remove it") from None


def load_settings(start: Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """The settings in effect in ``start`` (the working folder): raises :class:`ConfigError` for a
    file that cannot be read, an unknown table or key, or a value of the wrong type."""
    env = dict(os.environ if env is None else env)
    path = find_config(start, env)
    if path is None:
        return Settings(ConfigFile(), None, {}, env)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    data = _parse(path, text)
    prefix: tuple[str, ...] = ()
    if path.name == "pyproject.toml":
        prefix = PYPROJECT_TABLE
        data = data.get("tool", {}).get("jtd-evidence", {})
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: [tool.jtd-evidence] must be a table of settings")
    lines = _key_lines(text, prefix)
    _check_known(data, path, lines)
    try:
        parsed = ConfigFile.model_validate(data)
    except ValidationError as error:
        raise _config_error(error, path, lines) from None
    return Settings(parsed, path, lines, env)


def _check_known(data: dict[str, Any], path: Path, lines: Mapping[str, int]) -> None:
    for name, value in data.items():
        if name in SECTIONS:
            if not isinstance(value, dict):
                raise ConfigError(f"{_where(path, lines, name)}: {name} must be a table, [{name}]")
            keys = [f"{name}.{sub}" for sub in value]
        elif isinstance(value, dict) and name not in KEYS:
            raise ConfigError(
                f"{_where(path, lines, name)}: unknown table [{name}]"
                f"{_closest(name, sorted(SECTIONS), 'table')}; the tables are "
                + ", ".join(f"[{s}]" for s in sorted(SECTIONS))
            )
        else:
            keys = [name]
        for key in keys:
            if key not in KEYS:
                raise ConfigError(f"{_where(path, lines, key)}: unknown key {key!r}{_closest(key, KEYS)}")


def _closest(key: str, known: Any, kind: str = "key") -> str:
    match = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    if not match:  # a known key in the wrong table: links.timeout written at the top
        leaf = key.rpartition(".")[2]
        match = [k for k in known if k.rpartition(".")[2] == leaf][:1]
    return f" (closest known {kind}: {match[0]!r})" if match else " (run 'jtd-evidence config' to list them)"


def _config_error(error: ValidationError, path: Path, lines: Mapping[str, int]) -> ConfigError:
    problem = error.errors()[0]
    loc = [str(part) for part in problem["loc"] if not isinstance(part, int)]
    key = ".".join(loc)
    expected = problem["msg"].removeprefix("Input should be ").removeprefix("input should be ")
    return ConfigError(
        f"{_where(path, lines, key)}: {key} = {json.dumps(problem['input'], default=str)} is not allowed: "
        f"expected {expected}"
    )


def _where(path: Path, lines: Mapping[str, int], key: str) -> str:
    while key:
        if key in lines:
            return f"{path}:{lines[key]}"
        key = key.rpartition(".")[0]
    return str(path)


_TABLE = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_ASSIGN = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)


def _dotted(text: str) -> tuple[str, ...]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", text)
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in parts)


def _key_lines(text: str, prefix: tuple[str, ...]) -> dict[str, int]:
    """The line each table and key is written on, by its dotted name below ``prefix``. Tomllib keeps
    no positions, so the text is scanned: tables, plain and dotted keys (not keys inside inline
    tables or multi-line values, which point at their table's line)."""
    lines: dict[str, int] = {}
    table: tuple[str, ...] = ()
    depth = 0  # inside a multi-line array or string nothing looks like a key
    for number, line in enumerate(text.splitlines(), 1):
        if depth == 0 and (match := _TABLE.match(line)):
            table = _dotted(match.group(1))
            full = table
        elif depth == 0 and (match := _ASSIGN.match(line)):
            full = (*table, *_dotted(match.group(1)))
        else:
            full = ()
        if full[: len(prefix)] == prefix and len(full) > len(prefix):
            lines.setdefault(".".join(full[len(prefix) :]), number)
        depth = max(0, depth + _opened(line))
    return lines


def _opened(line: str) -> int:
    """Brackets opened minus closed on a line, outside strings and comments (enough to skip the
    inside of a multi-line array)."""
    code = re.sub(r"""'[^']*'|"(?:[^"\\]|\\.)*\"""", "", line).split("#", 1)[0]
    return code.count("[") - code.count("]") + code.count("{") - code.count("}")
