"""Checks on uploaded documents: size, and contents that match the file's name.

Images need no extra code: Wagtail reads each one with Willow (refusing anything that is not a
real image), and the size, pixel-count and extension limits are settings. Documents are stored
as they come, so this form refuses a file that is too large, whose contents do not match its
extension (an HTML page renamed ``report.pdf``), or that carries markup a browser could run.
"""

import re
import zipfile

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from wagtail.documents.forms import BaseDocumentForm

# How each binary format starts; text formats are checked for markup instead.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "rtf": (b"{\\rtf",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "zip": (b"PK\x03\x04", b"PK\x05\x06"),
}
ZIP_BASED = {"docx", "xlsx", "pptx", "odt", "zip"}
# Markup a browser would render or run if the file were ever served inline.
ACTIVE_MARKUP = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|script|svg|iframe|object|embed|meta|link|xml)\b",
    re.IGNORECASE,
)
SNIFF_BYTES = 64 * 1024

MESSAGES = {
    "too_large": _(
        "This file is too big (%(size)s). The largest document you can upload is %(limit)s."
    ),
    "mismatch": _(
        "This file is not a real %(extension)s file: its contents do not match its name. "
        "Save it again from the program that made it and upload that copy."
    ),
    "markup": _(
        "This file contains web page code (HTML, SVG or script), which a browser could run, "
        "so it cannot be uploaded. Upload a PDF or a plain document instead."
    ),
}


def max_document_size() -> int:
    return getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", 20 * 1024 * 1024)


def check_document(upload: UploadedFile) -> None:
    """Raise ``ValidationError`` with a reader-facing message if ``upload`` is unsafe to keep."""
    limit = max_document_size()
    if upload.size is not None and upload.size > limit:
        raise forms.ValidationError(
            MESSAGES["too_large"],
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    signatures = SIGNATURES.get(extension)
    if signatures is not None and not head.startswith(signatures):
        raise forms.ValidationError(
            MESSAGES["mismatch"], code="content_mismatch", params={"extension": extension.upper()}
        )
    if extension in ZIP_BASED:
        if not zipfile.is_zipfile(upload):
            raise forms.ValidationError(
                MESSAGES["mismatch"],
                code="content_mismatch",
                params={"extension": extension.upper()},
            )
        upload.seek(0)
    elif ACTIVE_MARKUP.search(head):
        raise forms.ValidationError(MESSAGES["markup"], code="active_content")


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form, refusing oversized, disguised and script-carrying files."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            check_document(upload)
        return upload
