"""Blocks that read through the generation memo instead of querying for every post body."""

from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

from core.cache.memo import image_memo


def load_images(ids: list) -> dict:
    """Images by id, with their renditions, in one query (two if an image has none yet).

    The renditions are read with their image joined in, and each image gets them where
    Wagtail's own ``prefetch_renditions()`` puts them (``prefetched_renditions``); that
    reads the images, then their renditions, a query each.
    """
    image_model = get_image_model()
    renditions = image_model.get_rendition_model().objects.filter(image_id__in=ids)
    images: dict = {}
    for rendition in renditions.select_related("image"):
        image = images.setdefault(rendition.image_id, rendition.image)
        if not hasattr(image, "prefetched_renditions"):
            image.prefetched_renditions = []
        rendition.image = image
        image.prefetched_renditions.append(rendition)
    missing = [pk for pk in ids if pk not in images]
    if missing:
        images.update(image_model.objects.prefetch_renditions().in_bulk(missing))
    return images


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
