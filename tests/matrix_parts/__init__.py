"""Each area's rows of the permission matrix: a module with MATRIX (same shape as the main
table) and fixtures(union) -> dict (merged into the fixtures the rows' kwargs receive)."""

import importlib
import pkgutil


def parts():
    return [importlib.import_module(f"{__name__}.{m.name}") for m in pkgutil.iter_modules(__path__)]
