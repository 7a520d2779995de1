"""What every area's API shares: id and text types with the page forms' limits, the error
shape and the error response. Import these, never another area's module."""

from typing import Annotated

from ninja import Path, Schema
from ninja.responses import Status
from pydantic import Field, StringConstraints

from gonghui.core.params import MAX_ID

# Ids the databases can hold: a larger number is refused with a 422, never sent to SQLite.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]


def Text(max_length: int, *, required: bool = True):  # noqa: N802  a type, read like one
    """A string with the limits of the page's form field: trimmed, at most `max_length`, and
    without NUL characters (a form refuses them too; PostgreSQL would answer with an error)."""
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=1 if required else 0, max_length=max_length, pattern=r"^[^\x00]*$"
        ),
    ]


class Error(Schema):
    code: str = Field(description="稳定的英文错误码：invalid、unauthorized、forbidden、not_found、conflict 等")
    message: str = Field(description="中文说明")
    detail: str = Field(description="同 message（早期客户端读这个字段）")


def error_body(code: str, message: str) -> dict:
    return {"code": code, "message": message, "detail": message}


def error(status: int, message: str, code: str) -> Status:
    return Status(status, error_body(code, message))
