"""Attachments: WordPress uploads become Wagtail images and documents, from a local folder.

Nothing is fetched over the network. A file missing from ``--media-dir`` is reported, and
posts keep a link to the original address instead of the picture, or to where the file is
served now when ``--media-url-map OLD=NEW`` says so.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.files import File
from django.core.files.images import ImageFile
from django.utils.translation import gettext as _

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from PIL import Image as PILImage

from . import upstream
from .parser import WxrItem

IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp", "avif", "bmp", "tif", "tiff", "heic"}
_SIZE_SUFFIX = re.compile(r"-(?:\d+x\d+|scaled|rotated)(?=\.\w+$)")
_UPLOADS = re.compile(r"/(?:wp-content/uploads|files)/(.+)$")


def upload_key(url: str) -> str:
    """The part of an upload's address that names the file, without WordPress's size suffix.

    ``https://blog.example/wp-content/uploads/2019/03/harbour-300x200.jpg`` and the
    original ``…/harbour.jpg`` share the key ``2019/03/harbour.jpg``.
    """
    parts = urlsplit(url.strip())
    path = unquote(parts.path)
    match = _UPLOADS.search(path)
    if match:
        path = match.group(1)
    elif parts.netloc.endswith(".files.wordpress.com"):
        path = path.lstrip("/")
    else:
        path = path.rsplit("/", 1)[-1]
    return _SIZE_SUFFIX.sub("", path).lower()


@dataclass
class Attachment:
    post_id: str
    title: str
    url: str
    link: str
    relative_path: str
    alt: str
    caption: str
    parent_id: str
    label: str

    @property
    def extension(self) -> str:
        return self.relative_path.rsplit(".", 1)[-1].lower() if "." in self.relative_path else ""

    @property
    def is_image(self) -> bool:
        return self.extension in IMAGE_EXTENSIONS


class MediaLibrary:
    """Every attachment in the export, and the image or document each became here."""

    def __init__(
        self, media_dir: Path | None, url_map: list[tuple[str, str]] | None = None
    ) -> None:
        self.media_dir = media_dir
        # Longest prefix first, so a map for one folder wins over one for the whole site.
        self.url_map = sorted(url_map or [], key=lambda pair: len(pair[0]), reverse=True)
        self.attachments: dict[str, Attachment] = {}
        self.by_key: dict[str, str] = {}
        self.by_parent: dict[str, list[str]] = {}
        self.objects: dict[str, object] = {}  # attachment id -> Image or Document
        self.stored_files: list[tuple[object, str]] = []  # (storage, name), removed on rollback

    def add(self, item: WxrItem) -> None:
        url = item.attachment_url or item.guid
        relative = item.meta.get("_wp_attached_file", "").strip() or upload_key(url)
        attachment = Attachment(
            post_id=item.post_id,
            title=item.title.strip() or relative.rsplit("/", 1)[-1],
            url=url,
            link=item.link,
            relative_path=relative,
            alt=item.meta.get("_wp_attachment_image_alt", "").strip(),
            caption=item.excerpt.strip(),
            parent_id=item.parent_id,
            label=item.label,
        )
        self.attachments[item.post_id] = attachment
        self.by_key[upload_key(url)] = item.post_id
        self.by_key[_SIZE_SUFFIX.sub("", relative).lower()] = item.post_id
        if item.parent_id and item.parent_id != "0":
            self.by_parent.setdefault(item.parent_id, []).append(item.post_id)

    def find_file(self, attachment: Attachment) -> Path | None:
        if self.media_dir is None:
            return None
        candidates = [
            self.media_dir / attachment.relative_path,
            self.media_dir / upload_key(attachment.url),
        ]
        for candidate in candidates:
            try:
                resolved = candidate.resolve()
            except OSError:
                continue
            # A path in the export must not reach outside the folder it names (../../etc/passwd).
            if resolved.is_file() and resolved.is_relative_to(self.media_dir.resolve()):
                return resolved
        return None

    def create(self, attachment: Attachment) -> tuple[object | None, str | None]:
        """A new image or document for ``attachment``, or None and the reason it was not made."""
        path = self.find_file(attachment)
        if path is None:
            return None, _("File not found in the media folder: %(path)s") % {
                "path": attachment.relative_path
            }
        title = attachment.title[:255]
        if attachment.is_image:
            try:
                with PILImage.open(path) as picture:
                    picture.verify()
            except Exception:
                return self.create_document(path, title), _(
                    "Not a readable image; imported as a document: %(path)s"
                ) % {"path": attachment.relative_path}
            image_model = get_image_model()
            with path.open("rb") as stream:
                image = image_model(title=title, file=ImageFile(stream, name=path.name))
                upstream.fill_image_metadata(image)
                image.save()
            self.stored_files.append((image.file.storage, image.file.name))
            return image, None
        return self.create_document(path, title), None

    def create_document(self, path: Path, title: str):
        document_model = get_document_model()
        with path.open("rb") as stream:
            document = document_model(title=title, file=File(stream, name=path.name))
            upstream.fill_document_metadata(document)
            document.save()
        self.stored_files.append((document.file.storage, document.file.name))
        return document

    def discard_stored_files(self) -> None:
        """Removes the files saved so far, after the database work was rolled back."""
        for storage, name in self.stored_files:
            storage.delete(name)
        self.stored_files.clear()

    # Lookups used while converting post bodies.
    def image(self, src: str, attachment_id: str | None = None):
        candidates = [attachment_id] if attachment_id else []
        key = self.by_key.get(upload_key(src))
        if key:
            candidates.append(key)
        image_model = get_image_model()
        for candidate in candidates:
            found = self.objects.get(candidate)
            if isinstance(found, image_model):
                return found
        return None

    def document(self, src: str, attachment_id: str | None = None):
        """The document (not picture) an upload's address or attachment id became, if any."""
        candidates = [attachment_id] if attachment_id else []
        key = self.by_key.get(upload_key(src)) if src else None
        if key:
            candidates.append(key)
        image_model = get_image_model()
        for candidate in candidates:
            found = self.objects.get(candidate)
            if found is not None and not isinstance(found, image_model):
                return found
        return None

    def gallery(self, ids: list[str], parent_id: str = "") -> list[tuple]:
        """(image, alt text, caption) for each picture of a ``[gallery]``, in its order."""
        ids = ids or self.by_parent.get(parent_id, [])
        image_model = get_image_model()
        return [
            (self.objects[i], self.attachments[i].alt, self.attachments[i].caption)
            for i in ids
            if isinstance(self.objects.get(i), image_model) and i in self.attachments
        ]

    def file_url(self, url: str) -> str:
        """Where a file is served now: ``url`` with its ``--media-url-map`` prefix replaced."""
        for old, new in self.url_map:
            if url.startswith(old):
                return new + url[len(old) :]
        return url

    def url_of(self, attachment_id: str) -> str | None:
        found = self.objects.get(attachment_id)
        if found is None:
            return None
        return found.file.url if isinstance(found, get_image_model()) else found.url
