"""Reading YAML safely, with the line of every key path kept for error messages.

Only safe construction is used (never arbitrary tags or code), the C loader when
PyYAML was built with libyaml, and a cap on the number of nodes so that alias
bombs and absurdly nested files end in a clean error instead of a hang.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml


class PureLoader(yaml.SafeLoader):
    """PyYAML's pure loader, reading a '?' inside a text in braces as libyaml does.

    ``{en: Why?, nl: Waarom?}`` is two texts for libyaml (and for YAML 1.2),
    but the pure scanner ends a plain text at any '?' in braces. So that a file
    is valid or not whatever the machine, this one scanner step is adapted from
    PyYAML's ``Scanner.scan_plain`` (MIT licence): only ',[]{}' end a text there.
    """

    def scan_plain(self) -> Any:
        chunks: list[str] = []
        start_mark = self.get_mark()
        end_mark = start_mark
        indent = self.indent + 1
        spaces: Any = []
        breaks = "\0 \t\r\n\x85\u2028\u2029"
        while True:
            length = 0
            if self.peek() == "#":
                break
            while True:
                ch = self.peek(length)
                after = self.peek(length + 1)
                if (
                    ch in breaks
                    or (ch == ":" and after in breaks + (",[]{}" if self.flow_level else ""))
                    or (self.flow_level and ch in ",[]{}")
                ):
                    break
                length += 1
            if length == 0:
                break
            self.allow_simple_key = False
            chunks.extend(spaces)
            chunks.append(self.prefix(length))
            self.forward(length)
            end_mark = self.get_mark()
            spaces = self.scan_plain_spaces(indent, start_mark)
            if not spaces or self.peek() == "#" or (not self.flow_level and self.column < indent):
                break
        return yaml.tokens.ScalarToken("".join(chunks), True, start_mark, end_mark)


try:  # libyaml is several times faster; both read every file the same way
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    SafeLoader = PureLoader  # type: ignore[assignment,misc]

# A questionnaire has a few thousand nodes at most; far beyond that is a mistake
# or an attack (an alias bomb expands exponentially when walked).
MAX_NODES = 200_000
MAX_DEPTH = 64

KeyPath = tuple[str | int, ...]


class YamlProblem(Exception):
    """The text is not YAML we can read. ``line`` is 1-based when known."""

    def __init__(self, kind: str, line: int | None = None, detail: str = "") -> None:
        super().__init__(kind)
        self.kind = kind
        self.line = line
        self.detail = detail


@dataclass
class LocatedDocument:
    """Plain data plus the 1-based line where each key path starts."""

    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line_of(self, path: KeyPath) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        probe = tuple(path)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get(())


def load_yaml_text(text: str) -> Any:
    """Parse trusted YAML (our own catalogues) quickly, without positions."""
    return yaml.load(text, Loader=SafeLoader)


def _problem_line(exc: yaml.MarkedYAMLError) -> int | None:
    mark = exc.problem_mark or exc.context_mark
    return mark.line + 1 if mark is not None else None


def _explained(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    """PyYAML's complaint in our words, at the line where the mistake is.

    The common slips of people writing YAML by hand get their own message and
    fix; anything else keeps PyYAML's wording as a detail.
    """
    context, problem = str(exc.context or ""), str(exc.problem or "")
    line = _problem_line(exc)
    if "quoted scalar" in context and exc.context_mark is not None:
        # An opening quote never closed ('s Ochtends): point at the quote, not the end.
        return YamlProblem("unclosed_quote", exc.context_mark.line + 1)
    here = _line(text, line) if line else ""
    if ("cannot start any token" in problem or "tab character" in problem) and "\t" in here:
        return YamlProblem("tab", line)
    if "mapping values are not allowed" in problem:
        return YamlProblem("colon_in_text", line)
    if "'?'" in problem or ("expected node content" in problem and "?" in here):
        return YamlProblem("question_mark", line)
    if line and re.match(r"\s*(-\s+)?[^:#]+:\s+[{\[][^}\]]*[}\]]\s*[^\s,}\]#]", _line(text, line)):
        # title: {question} first -- YAML reads {question} as braces, then stumbles.
        return YamlProblem("starts_with_brace", line)
    return YamlProblem("syntax", line, problem)


def _line(text: str, number: int) -> str:
    lines = text.splitlines()
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _compose(loader_class: Any, text: str) -> tuple[Any, Any]:
    try:
        loader = loader_class(text)
    except yaml.YAMLError as exc:  # the pure reader checks the characters at once
        raise YamlProblem("syntax", None, str(exc).splitlines()[0]) from None
    try:
        try:
            return loader, loader.get_single_node()
        except yaml.composer.ComposerError as exc:
            if "single document" in str(exc.context or ""):
                raise YamlProblem("multiple_documents", _problem_line(exc)) from None
            raise _explained(exc, text) from None
        except yaml.MarkedYAMLError as exc:
            raise _explained(exc, text) from None
        except yaml.YAMLError as exc:
            raise YamlProblem("syntax", None, str(exc)) from None
        except RecursionError:
            raise YamlProblem("too_deep") from None
    except BaseException:
        loader.dispose()
        raise


def load_located(text: str) -> LocatedDocument:
    """Parse untrusted YAML (or JSON) and remember where every key path is.

    Raises YamlProblem for syntax errors, duplicate keys, non-string keys,
    documents that are too large or too deep, and several documents in one file,
    and for two slips that YAML would silently misread: a decimal comma
    (``max: 4,5``) and a comma inside a text in braces (``{en: Hello, world}``).
    """
    if "\x00" in text:
        raise YamlProblem("binary")
    loader, node = _compose(SafeLoader, text)
    try:
        document = LocatedDocument(data=None)
        if node is None:
            return document
        walker = _Walker(loader, document.lines)
        try:
            document.data = walker.build(node, (), 0)
        except yaml.constructor.ConstructorError as exc:
            raise YamlProblem("syntax", _problem_line(exc), str(exc.problem or "")) from None
        return document
    finally:
        loader.dispose()


class _Walker:
    """Builds plain Python data from composed nodes, recording lines."""

    def __init__(self, loader: Any, lines: dict[KeyPath, int]) -> None:
        self.loader = loader
        self.lines = lines
        self.count = 0

    def build(self, node: yaml.Node, path: KeyPath, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlProblem("too_large", node.start_mark.line + 1)
        if depth > MAX_DEPTH:
            raise YamlProblem("too_deep", node.start_mark.line + 1)
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            self.loader.flatten_mapping(node)  # resolves `<<` merge keys
            result: dict[str, Any] = {}
            previous: yaml.Node | None = None
            for key_node, value_node in node.value:
                if node.flow_style:
                    _check_flow_item(previous, key_node, value_node)
                previous = value_node
                key = self.construct(key_node)
                if isinstance(key, bool) or not isinstance(key, (str, int, float)):
                    raise YamlProblem("bad_key", key_node.start_mark.line + 1, repr(key))
                key = str(key)
                if key in result:
                    where = format_path((*path, key))  # the key path, not just its last part
                    raise YamlProblem("duplicate_key", key_node.start_mark.line + 1, where)
                result[key] = self.build(value_node, (*path, key), depth + 1)
                self.lines[(*path, key)] = key_node.start_mark.line + 1
            return result
        if isinstance(node, yaml.SequenceNode):
            return [
                self.build(item, (*path, index), depth + 1) for index, item in enumerate(node.value)
            ]
        return self.construct(node)

    def construct(self, node: yaml.Node) -> Any:
        """A scalar's value; an integer too long for Python to read is a clean error."""
        try:
            return self.loader.construct_object(node, deep=True)
        except ValueError:  # e.g. more than 4300 digits (sys.get_int_max_str_digits)
            raise YamlProblem("syntax", node.start_mark.line + 1, "number too long") from None


def _is_empty(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.value == "" and not node.style


def _check_flow_item(previous: yaml.Node | None, key: yaml.Node, value: yaml.Node) -> None:
    """A key without a value inside {...} is nearly always a comma in the wrong place:
    ``{max: 4,5}`` (a decimal comma) or ``{en: Hello, world}`` (a text with a comma)."""
    if not (isinstance(key, yaml.ScalarNode) and _is_empty(value)) or key.style:
        return
    if value.start_mark.index != key.end_mark.index:
        return  # 'help: ,' has its colon: an empty value written on purpose
    line = key.start_mark.line + 1
    after_number = (
        isinstance(previous, yaml.ScalarNode)
        and not previous.style
        and previous.value.lstrip("-").isdigit()
        and key.value.isdigit()
        and previous.end_mark.index + 1 == key.start_mark.index
    )
    if after_number and previous is not None:
        raise YamlProblem("decimal_comma", line, f"{previous.value},{key.value}")
    raise YamlProblem("comma_in_braces", line, key.value)


def format_path(path: KeyPath) -> str:
    """``('questions', 3, 'scale')`` -> ``questions[3].scale``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
