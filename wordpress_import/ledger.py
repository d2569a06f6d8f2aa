"""The import's memory: which WordPress object became which object here (``ImportedObject``)."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from wordpress_import.models import ImportedObject


class Ledger:
    """Loads every record of one source blog once, and writes new ones in batches."""

    BATCH = 500

    def __init__(self, source: str) -> None:
        self.source = source
        self.records: dict[tuple[str, str], ImportedObject] = {
            (record.kind, record.wordpress_id): record
            for record in ImportedObject.objects.filter(source=source)
        }
        self._new: list[ImportedObject] = []
        self._content_types: dict[type, ContentType] = {}

    def get(self, kind: str, wordpress_id: str) -> ImportedObject | None:
        return self.records.get((kind, wordpress_id))

    def resolve(self, kind: str, wordpress_id: str, model: type[models.Model]):
        """The object an earlier import made for this WordPress id, if it still exists."""
        record = self.get(kind, wordpress_id)
        if record is None:
            return None
        return model.objects.filter(pk=record.object_id).first()

    def remember(
        self,
        kind: str,
        wordpress_id: str,
        obj: models.Model,
        source_hash: str = "",
        revision_id: int | None = None,
    ) -> None:
        model = type(obj)
        if model not in self._content_types:
            self._content_types[model] = ContentType.objects.get_for_model(
                model, for_concrete_model=False
            )
        record = self.records.get((kind, wordpress_id))
        if record is None:
            record = ImportedObject(source=self.source, kind=kind, wordpress_id=wordpress_id)
            self.records[(kind, wordpress_id)] = record
            self._new.append(record)
        record.content_type = self._content_types[model]
        record.object_id = obj.pk
        record.source_hash = source_hash
        record.revision_id = revision_id
        if record.pk is not None:
            record.save()
        elif len(self._new) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        ImportedObject.objects.bulk_create(self._new)
        self._new = []
