"""Fixtures for the WordPress importer: export files and a folder of uploads made on the fly."""

import io
from pathlib import Path

import pytest
from PIL import Image as PILImage

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def export_path():
    def path(name: str) -> Path:
        return FIXTURES / name

    return path


@pytest.fixture
def uploads(tmp_path) -> Path:
    """A copy of wp-content/uploads holding the harbour photo and the tide tables, not the chart."""
    folder = tmp_path / "uploads" / "2019" / "03"
    folder.mkdir(parents=True)
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), "#336699").save(buffer, format="JPEG")
    (folder / "harbour.jpg").write_bytes(buffer.getvalue())
    (folder / "tide-tables.pdf").write_bytes(b"%PDF-1.4\n% tide tables\n")
    return tmp_path / "uploads"


@pytest.fixture
def construct_uploads(uploads) -> Path:
    """The uploads of constructs.xml: two photos, a recording, a video and the tide tables."""
    folder = uploads / "2019" / "03"
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), "#996633").save(buffer, format="JPEG")
    (folder / "quay.jpg").write_bytes(buffer.getvalue())
    (folder / "interview.mp3").write_bytes(b"ID3\x03\x00\x00\x00\x00\x00\x00 an interview")
    (folder / "launch.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42 a launch")
    return uploads
