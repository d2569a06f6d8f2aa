"""Upload limits: size, pixels and type for images and documents, with a clear message each."""

import io
import os
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import pytest
from PIL import Image as PILImage

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>fetch('/admin/')</script></body></html>"


def png(width: int = 40, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    # Noise, so that the file's size grows with its pixels.
    PILImage.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document>Treaty notes</document>")
    return buffer.getvalue()


@pytest.fixture
def editor_client(client, admin_user, site_tree):
    client.force_login(admin_user)
    return client


def upload_image(client, name: str, content: bytes):
    return client.post(
        reverse("wagtailimages:add"),
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1},
    )


def upload_document(client, name: str, content: bytes):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1},
    )


def form_errors(response) -> str:
    assert response.status_code == 200, "the form should be shown again with its errors"
    return " ".join(str(error) for error in response.context["form"].errors.get("file", []))


@pytest.mark.django_db
def test_a_real_image_and_a_real_document_upload(editor_client):
    assert upload_image(editor_client, "harbour.png", png()).status_code == 302
    assert upload_document(editor_client, "notes.docx", docx()).status_code == 302
    assert (
        upload_document(editor_client, "minutes.pdf", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n").status_code
        == 302
    )
    assert (
        upload_document(editor_client, "figures.csv", "年,件数\n2024,3\n".encode()).status_code
        == 302
    )
    assert get_image_model().objects.count() == 1
    assert get_document_model().objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("drawing.svg", SVG, "Not a supported image format"),
        ("photo.png", HTML, "Not a valid"),
        ("photo.jpg", b"GIF89a" + b"\x00" * 10, "Not a valid"),
    ],
)
def test_images_that_are_not_images_are_refused(editor_client, settings, name, content, message):
    errors = form_errors(upload_image(editor_client, name, content))
    assert errors
    assert get_image_model().objects.count() == 0


@pytest.mark.django_db
def test_image_size_and_pixel_limits(editor_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 2_000
    big = png(400, 400)
    assert len(big) > 2_000
    assert "too big" in form_errors(upload_image(editor_client, "big.png", big))
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1_000
    assert "too many pixels" in form_errors(upload_image(editor_client, "wide.png", png(100, 100)))
    assert get_image_model().objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.html", HTML, "is not allowed"),
        ("drawing.svg", SVG, "is not allowed"),
        ("report.pdf", HTML, "not a real PDF file"),
        ("notes.docx", b"MZ\x90\x00 a Windows program", "not a real DOCX file"),
        ("archive.zip", b"PK\x03\x04 not really a zip", "not a real ZIP file"),
        ("readme.txt", HTML, "web page code"),
        ("data.csv", b"name,link\nx,<script src=//evil.test/x.js></script>\n", "web page code"),
        ("letter.rtf", SVG, "not a real RTF file"),
    ],
)
def test_disguised_and_active_documents_are_refused_with_a_clear_message(
    editor_client, name, content, message
):
    assert message in form_errors(upload_document(editor_client, name, content))
    assert get_document_model().objects.count() == 0


@pytest.mark.django_db
def test_document_size_limit(editor_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1_000
    assert "too big" in form_errors(upload_document(editor_client, "long.txt", b"treaty " * 500))
    assert get_document_model().objects.count() == 0


@pytest.mark.django_db
def test_documents_other_than_pdf_download_as_attachments(editor_client, client):
    upload_document(editor_client, "figures.csv", b"year,count\n2024,3\n")
    upload_document(editor_client, "minutes.pdf", b"%PDF-1.7\n")
    csv_doc, pdf_doc = get_document_model().objects.order_by("title")
    csv_response = client.get(csv_doc.url)
    assert csv_response["Content-Disposition"].startswith("attachment")
    assert csv_response["X-Content-Type-Options"] == "nosniff"
    pdf_response = client.get(pdf_doc.url)
    assert pdf_response["Content-Disposition"].startswith("inline")


@pytest.mark.django_db
def test_a_huge_request_body_is_refused_before_it_is_read(client, site_tree):
    response = client.generic(
        "POST",
        "/search/",
        b"x",
        CONTENT_TYPE="application/octet-stream",
        CONTENT_LENGTH=str(10**10),
    )
    assert response.status_code == 413
    assert "too large" in response.content.decode()
