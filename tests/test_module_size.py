"""Small modules (style guide): no module in fazhi/ over about 500 lines, except migrations."""

from pathlib import Path

import fazhi

LIMIT = 520  # "about 500": a docstring or a test more does not force a split


def test_no_module_is_over_about_500_lines():
    root = Path(fazhi.__file__).parent
    sizes = {
        path.relative_to(root).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in root.rglob("*.py")
        if "migrations" not in path.parts
    }
    assert len(sizes) > 100
    assert {name: n for name, n in sizes.items() if n > LIMIT} == {}
