"""Files people upload: checked, and images re-encoded before anything is stored.

A phone photo carries EXIF and XMP: the phone's make and model, often the owner's name
(Artist, Copyright), the time and the GPS position. Sent on byte for byte, an anonymous
complaint's photo names its author to the handler. Every image is therefore decoded and
written anew from its pixels (turned upright first, since the orientation tag goes too),
and never stored as it came. Other files are checked by their first bytes, not only their
names.
"""

from __future__ import annotations

import io
import uuid
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")
DOCUMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".txt")
ALLOWED_SUFFIXES = IMAGE_SUFFIXES + DOCUMENT_SUFFIXES
# Office files and PDFs keep the author's name inside them; an anonymous person may attach
# only what is re-encoded here (images) or has no metadata (plain text).
ANONYMOUS_SUFFIXES = IMAGE_SUFFIXES + (".txt",)
LONGEST_SIDE = 2560
THUMBNAIL_SIDE = 480
# A 12-megapixel phone photo is 12 M pixels; anything past this is refused rather than
# decoded (a tiny file can claim a gigapixel image and exhaust the server's memory).
Image.MAX_IMAGE_PIXELS = 60_000_000

_MAGIC = {
    ".pdf": (b"%PDF",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
}


@dataclass(frozen=True)
class CleanFile:
    """What to store: the content (re-encoded if an image), the name shown, and a thumbnail."""

    content: ContentFile
    name: str
    size: int
    is_image: bool
    thumbnail: ContentFile | None = None


def is_image_name(name: str) -> bool:
    return name.lower().endswith(IMAGE_SUFFIXES)


def check_upload(upload, *, anonymous: bool = False) -> None:
    """The quick checks a form can make before anything is read: the kind of file and its size."""
    name = upload.name or ""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".heic":
        raise ValidationError(f"“{name}”是 HEIC 格式：请在手机相册中选择“最兼容”格式，或截图后上传")
    if suffix not in ALLOWED_SUFFIXES:
        raise ValidationError(f"“{name}”的格式不支持：请上传图片、PDF、Word、Excel 或文本文件")
    if anonymous and suffix not in ANONYMOUS_SUFFIXES:
        raise ValidationError(
            f"“{name}”：匿名提交只能附图片或文本文件（Word、Excel、PDF 文件内记有作者姓名，可能暴露您的身份）"
        )
    if upload.size > MAX_BYTES:
        raise ValidationError(f"“{name}”超过 10 MB")


def clean_upload(upload, *, anonymous_name: str | None = None) -> CleanFile:
    """Check the upload and return what may be stored. `anonymous_name` (附件1) replaces the
    person's own file name, which often carries their name or their phone's."""
    check_upload(upload, anonymous=anonymous_name is not None)
    suffix = PurePath(upload.name).suffix.lower()
    upload.seek(0)
    raw = upload.read()
    if suffix in IMAGE_SUFFIXES:
        content, suffix, thumbnail = _reencode(raw, upload.name)
        is_image = True
    else:
        magic = _MAGIC.get(suffix)
        if magic and not raw.startswith(magic):
            raise ValidationError(f"“{upload.name}”的内容与扩展名不符，请确认文件没有损坏")
        content, thumbnail, is_image = raw, None, False
    stem = anonymous_name if anonymous_name is not None else PurePath(upload.name).stem
    name = f"{stem[: 200 - len(suffix)]}{suffix}"
    return CleanFile(
        content=ContentFile(content, name=f"{uuid.uuid4().hex}{suffix}"),
        name=name,
        size=len(content),
        is_image=is_image,
        thumbnail=ContentFile(thumbnail, name=f"{uuid.uuid4().hex}.jpg") if thumbnail else None,
    )


def _reencode(raw: bytes, name: str) -> tuple[bytes, str, bytes]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(raw))
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(f"“{name}”不是能打开的图片，请换一张或截图后上传") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(f"“{name}”的像素过多，请缩小后上传") from None
    keeps_alpha = image.format == "PNG"
    image = ImageOps.exif_transpose(image)
    image.thumbnail((LONGEST_SIDE, LONGEST_SIDE), Image.Resampling.LANCZOS)
    # A fresh image from the pixels alone: nothing of the original's info (EXIF, XMP, ICC,
    # PNG text chunks, GIF comments) can be carried over by an encoder's defaults.
    mode = "RGBA" if keeps_alpha and image.mode in ("RGBA", "LA", "P") else "RGB"
    pixels = image.convert(mode)
    clean = Image.new(mode, pixels.size)
    clean.paste(pixels)
    out = io.BytesIO()
    if keeps_alpha:
        clean.save(out, "PNG", optimize=True)
        suffix = ".png"
    else:
        clean.save(out, "JPEG", quality=85, optimize=True)
        suffix = ".jpg"
    preview = clean.convert("RGB")
    preview.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    small = io.BytesIO()
    preview.save(small, "JPEG", quality=80)
    return out.getvalue(), suffix, small.getvalue()


INLINE_SUFFIXES = IMAGE_SUFFIXES + (".pdf",)


def file_response(request, *, file, name: str, thumbnail=None):
    """A stored file for a visitor already checked to see it: the thumbnail with ?size=thumb,
    images and PDFs shown in the browser, anything else downloaded under its shown name."""
    from django.http import FileResponse

    if request.GET.get("size") == "thumb" and thumbnail:
        response = FileResponse(thumbnail.open("rb"), content_type="image/jpeg")
    else:
        response = FileResponse(
            file.open("rb"), as_attachment=not name.lower().endswith(INLINE_SUFFIXES), filename=name
        )
    # Private: behind a login, so no shared proxy may keep it.
    response["Cache-Control"] = "private, max-age=3600"
    return response
