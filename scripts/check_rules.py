#!/usr/bin/env python3
"""`make lint`: who may do what is decided in the rules modules only.

Fails on a role or office test anywhere else: the scope functions that answer "is this person
office / does this person hold that role" may be called from `rules.py` (and the case and event
kinds' declarations, which are rules too) and `org/scopes.py`, which defines them; views, API
endpoints, services and selectors ask `can(user, "app.action", obj)` or list through
`Model.objects.visible_to(user)`. Views and endpoints also may not compare a role themselves.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "gonghui"
ROLE_TESTS = re.compile(r"\b(is_union_office|has_role|has_role_in_union|roles_of|is_office_somewhere)\(")
ROLE_COMPARISON = re.compile(r"\.role\s*(==|!=|\bin\b|\bnot in\b)|\bRole\.[A-Z_]+\s*(==|!=|\bin\b)")
RULES_MODULES = {"rules.py", "kind.py", "kinds.py"}
PAGES_AND_ENDPOINTS = re.compile(r"(^|_)views\.py$|^api\.py$|^context_processors\.py$")


def problems(root: Path = ROOT) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts or path.name in RULES_MODULES or path == root / "org" / "scopes.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#", 1)[0]
            where = f"{path.relative_to(root.parent)}:{number}"
            if ROLE_TESTS.search(code) and not code.lstrip().startswith(("def ", "from ", "import ")):
                found.append(f"{where}: 角色/办公室判断应写在 rules.py 中，这里改用 can(): {line.strip()}")
            elif PAGES_AND_ENDPOINTS.search(path.name) and ROLE_COMPARISON.search(code):
                found.append(f"{where}: 页面或接口不应自己比较角色，请在 rules.py 声明权限: {line.strip()}")
    return found


if __name__ == "__main__":
    if found := problems():
        print("\n".join(found))
        sys.exit(1)
    print("rules: every role and office test is in a rules module")
