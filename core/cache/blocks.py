"""Blocks that read through the generation memo instead of querying for every post body."""

from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

from core.cache.memo import image_memo


def load_images(ids: list) -> dict:
    """Images by id, with their renditions, in two queries."""
    return get_image_model().objects.prefetch_renditions().in_bulk(ids)


class MemoImageChooserBlock(ImageChooserBlock):
    """An image chooser whose images come from the memo: a listing of posts with pictures in
    their excerpts makes no query per post.

    It deconstructs as Wagtail's ``ImageChooserBlock``, so migrations do not change.
    """

    def bulk_to_python(self, values: list) -> list:
        ids = [value for value in values if isinstance(value, int)]
        if len(ids) != len(values):
            return super().bulk_to_python(values)

        images = image_memo.get_many(ids, load_images)
        return [images.get(value) for value in values]

    def deconstruct(self) -> tuple:
        _path, args, kwargs = super().deconstruct()
        return "wagtail.images.blocks.ImageChooserBlock", args, kwargs
