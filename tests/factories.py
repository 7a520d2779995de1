"""Builders for test data: real rows through the real models, no mocks."""

from __future__ import annotations

import itertools
from datetime import date

from gonghui.accounts.models import User
from gonghui.org.idcard import make_id_number
from gonghui.org.models import Employee, OrgUnit, RoleAssignment, UnitKind

PASSWORD = "Test-passw0rd"
_seq = itertools.count(1)


def make_root(name: str = "测试发电有限公司工会", code: str = "HQ") -> OrgUnit:
    return OrgUnit.objects.add_root({"name": name, "kind": UnitKind.COMPANY, "code": code})


def make_unit(parent: OrgUnit, name: str, kind: str, code: str | None = None) -> OrgUnit:
    parent.refresh_from_db()
    return OrgUnit.objects.add_child(parent, {"name": name, "kind": kind, "code": code or f"U{next(_seq):04d}"})


def make_employee(unit: OrgUnit, name: str, employee_no: str | None = None, **extra) -> Employee:
    n = next(_seq)
    birth = extra.pop("birth_date", date(1985, 1 + n % 12, 1 + n % 28))
    gender = extra.pop("gender", "M" if n % 2 else "F")
    defaults = dict(
        employee_no=employee_no or f"T{n:05d}",
        name=name,
        gender=gender,
        birth_date=birth,
        id_number=extra.pop("id_number", None) or make_id_number("110101", birth, n % 1000, gender),
        phone=f"139{n:08d}",
        unit=unit,
        is_member=True,
        member_since=date(2015, 3, 1),
    )
    defaults.update(extra)
    return Employee.objects.create(**defaults)


def make_user(employee: Employee | None = None, *roles: tuple[str, OrgUnit], username: str | None = None) -> User:
    user = User.objects.create_user(
        username=username or employee.employee_no, password=PASSWORD, employee=employee, must_change_password=False
    )
    for role, unit in roles:
        RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return user


def image_bytes(fmt: str = "JPEG", *, size=(64, 48), artist: str | None = None, gps: bool = False) -> bytes:
    """A real picture, optionally with the EXIF a phone writes: the owner's name, the phone, a position."""
    import io

    from PIL import Image

    image = Image.new("RGB", size, (200, 40, 40))
    exif = Image.Exif()
    if artist:
        exif[0x013B] = artist  # Artist
        exif[0x8298] = artist  # Copyright
        exif[0x010F] = "HUAWEI"  # Make
        exif[0x0110] = "Mate 60 Pro"  # Model
    if gps:
        exif[0x8825] = {1: "N", 2: (31.0, 12.0, 30.0), 3: "E", 4: (121.0, 28.0, 15.0)}
    out = io.BytesIO()
    kwargs = {"exif": exif} if (artist or gps) else {}
    if fmt == "JPEG" and artist:
        kwargs["xmp"] = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{artist}</dc:creator></x:xmpmeta>'.encode()
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def image_upload(name: str = "现场.jpg", **kwargs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fmt = "PNG" if name.lower().endswith(".png") else "JPEG"
    return SimpleUploadedFile(name, image_bytes(fmt, **kwargs), content_type=f"image/{fmt.lower()}")
