"""A params file's YAML, read as data only (:mod:`helpers.report.params` checks what it holds).

PyYAML's safe loader, refusing anchors and aliases before any node is built (an alias bomb never
expands) and a key written twice (the second would silently win); each key path's line kept for
the messages; PyYAML's errors said in the analyst's language with file, line and column.
"""

from __future__ import annotations

from typing import Any

import yaml

from helpers.report.params_messages import YAML_FALLBACK, YAML_HINTS, ParamsError, Where

__all__ = ["parse_yaml", "where_in"]


class _Refused(Exception):
    """Raised inside the YAML loader, where only the mark is known; the caller adds the file."""

    def __init__(self, code: str, mark: yaml.Mark, **fields: Any) -> None:
        super().__init__(code)
        self.code, self.mark, self.fields = code, mark, fields


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing anchors and aliases before a node is built (an alias bomb
    never expands) and a key written twice (the second would silently win)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused("yaml_anchor", event.start_mark, sign="*", name=event.anchor)
        if getattr(event, "anchor", None) is not None:
            raise _Refused("yaml_anchor", event.start_mark, sign="&", name=event.anchor)
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    raise _Refused("yaml_duplicate", key_node.start_mark, key=key_node.value)
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)


def where_in(source: str, line: int | None = None, column: int | None = None) -> Where:
    """Where in a params file (line and column when known).

    Kept as parts, so the refusal says "baris" or "line" in whichever language it is read."""
    return source, line, column


def _yaml_error(exc: yaml.YAMLError, text: str, source: str, lang: str) -> ParamsError:
    """PyYAML's error as the analyst reads it: file, line and column, what is wrong in their
    language (PyYAML's own words kept in brackets for whoever helps them)."""
    if isinstance(exc, yaml.reader.ReaderError):  # a control character, before any parsing
        pos = exc.position
        line, column = text.count("\n", 0, pos) + 1, pos - text.rfind("\n", 0, pos)
        problem, said = f"#x{exc.character:04x}", f"{exc.reason} #x{exc.character:04x}"
    else:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        said = " ".join(str(getattr(exc, a, None) or "") for a in ("context", "problem")).strip()
        problem = str(getattr(exc, "problem", None) or said or exc).strip()
    hint = next((h for h in YAML_HINTS if h[0] in said), (None, *YAML_FALLBACK))
    return ParamsError("yaml_syntax", lang=lang, where=where_in(source, line, column),
                       problem=problem, hint=hint[1], hint_en=hint[2])


def parse_yaml(text: str, source: str, lang: str) -> tuple[Any, dict[str, int]]:
    """The document and the line of every key path (``narrative.highlights`` → 9)."""
    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        lines: dict[str, int] = {}
        _key_lines(node, "", lines)
        return (loader.construct_document(node) if node is not None else None), lines
    except _Refused as exc:
        where = where_in(source, exc.mark.line + 1, exc.mark.column + 1)
        raise ParamsError(exc.code, lang=lang, where=where, **exc.fields) from None
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text, source, lang) from None
    except RecursionError:  # PyYAML composes nested brackets recursively: [[[[…
        raise ParamsError("too_deep", lang=lang, where=source) from None
    finally:
        if loader is not None:
            loader.dispose()


def _key_lines(node: Any, prefix: str, lines: dict[str, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                path = f"{prefix}{key_node.value}"
                lines[path] = key_node.start_mark.line + 1
                _key_lines(value_node, path + ".", lines)
