"""Who may do what is asked in one place: the check `make lint` runs, on this tree and on a
planted role test."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _checker():
    spec = importlib.util.spec_from_file_location("check_rules", ROOT / "scripts" / "check_rules.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_tree_keeps_role_tests_in_rules_modules():
    assert _checker().problems() == []


def test_a_role_test_in_a_view_or_service_fails_the_check(tmp_path):
    package = tmp_path / "gonghui" / "things"
    package.mkdir(parents=True)
    (package / "rules.py").write_text("def x(user, obj):\n    return is_union_office(user, obj.path)\n")
    (package / "services.py").write_text(
        "def act(actor, obj):\n    if not is_union_office(actor, obj.path):\n        pass\n"
    )
    (package / "views.py").write_text(
        "def page(request):\n    if any(g.role == Role.CHAIR for g in grants(request.user)):\n        pass\n"
    )
    found = _checker().problems(tmp_path / "gonghui")
    assert len(found) == 2
    assert "things/services.py:2" in found[0] and "can()" in found[0]
    assert "things/views.py:2" in found[1]
