"""The drafter's own wording: every fixed piece of text the first draft is written from (the
blueprint's headings, sentences and claims, part 三 and the district report's wording, the phrases
written before figures), cut at its placeholders. The report check leaves these out when it looks for
copies: two townships' fazhi drafts share them by design, not by copying."""

import ast
import inspect
import re
from functools import lru_cache

from fazhi.metrics import phrases

from . import blueprint, district_drafting, drafting, outputs, problems

_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
MIN_HAN = 4
# "{year}", "{f1}", "{n}" in templates; "{x}" and "{label}" in f-strings are cut the same way.
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _literals(module) -> list[str]:
    """The string literals of a module's source, f-strings cut at their expressions."""
    out: list[str] = []
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            out.append(node.value)
    return out


@lru_cache(maxsize=1)
def template_wording() -> tuple[str, ...]:
    """Distinct pieces of the drafter's wording that hold Chinese text, longest first."""
    texts = []
    for module in (blueprint, drafting, district_drafting, problems, outputs):
        texts += _literals(module)
    texts += [p.say for p in phrases.all_phrases() if p.say]
    # Docstrings and messages in English are not wording; a piece of a few characters ("全年") says
    # nothing about who wrote a sentence.
    pieces = {
        piece
        for text in texts
        if not _LATIN.search(_PLACEHOLDER.sub("", text))
        for piece in _PLACEHOLDER.split(text)
        if len(_HAN.findall(piece)) >= MIN_HAN
    }
    return tuple(sorted(pieces, key=lambda p: (-len(p), p)))
