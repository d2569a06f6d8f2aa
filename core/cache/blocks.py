"""Blocks that read through the generation memo instead of querying for every post body."""

from collections.abc import Collection, Iterable, Mapping

from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.images.models import Filter

from core.cache.memo import image_memo


def renditions(*specs: str) -> frozenset[str]:
    """The rendition filter specs a ``{% picture %}`` tag with these arguments shows.

    ``renditions("format-{avif,webp,jpeg}", "width-{480,800}")`` is the six specs of
    ``{% picture image format-{avif,webp,jpeg} width-{480,800} %}``.
    """
    return frozenset(Filter.expand_spec(list(specs)))


def load_images(ids: list, specs: Collection[str] | None = None) -> dict:
    """Images by id, with their renditions, in one query (two if an image has none yet).

    The renditions are read with their image joined in, and each image gets them where
    Wagtail's own ``prefetch_renditions()`` puts them (``prefetched_renditions``); that
    reads the images, then their renditions, a query each.

    With ``specs``, only the renditions of those filter specs are read (an image has one
    for every size of every picture it appears in: a post page shows few of them). Wagtail
    takes the prefetched renditions as all there are, so a spec left out of ``specs`` but
    shown all the same is read, or made, by Wagtail with a query of its own: never wrong,
    only slower.
    """
    image_model = get_image_model()
    renditions = image_model.get_rendition_model().objects.filter(image_id__in=ids)
    if specs is not None:
        renditions = renditions.filter(filter_spec__in=sorted(specs))
    images: dict = {}
    for rendition in renditions.select_related("image"):
        image = images.setdefault(rendition.image_id, rendition.image)
        if not hasattr(image, "prefetched_renditions"):
            image.prefetched_renditions = []
        rendition.image = image
        image.prefetched_renditions.append(rendition)
    missing = [pk for pk in ids if pk not in images]
    if missing and specs is None:
        images.update(image_model.objects.prefetch_renditions().in_bulk(missing))
    elif missing:
        # None of their renditions of these specs exists: the first query said so.
        for pk, image in image_model.objects.in_bulk(missing).items():
            image.prefetched_renditions = []
            images[pk] = image
    return images


def read_images(wanted: Mapping[frozenset[str], Iterable[int]]) -> dict[frozenset[str], dict]:
    """Images with the renditions each use of them shows, from the memo, the rest in one query.

    Args:
        wanted: image ids by the rendition specs they are shown with (``renditions()``).

    Returns:
        The images found, by the same specs and then by id. An image wanted with two sets
        of specs is read once, with both.
    """
    keys = [(specs, pk) for specs, ids in wanted.items() for pk in ids if pk]
    found = image_memo.get_many(keys, _load_for_keys)
    result: dict[frozenset[str], dict] = {specs: {} for specs in wanted}
    for (specs, pk), image in found.items():
        result[specs][pk] = image
    return result


def _load_for_keys(keys: list[tuple[frozenset[str], int]]) -> dict:
    specs = frozenset().union(*(key_specs for key_specs, _pk in keys))
    images = load_images(sorted({pk for _specs, pk in keys}), specs)
    return {(key_specs, pk): images[pk] for key_specs, pk in keys if pk in images}


class MemoImageChooserBlock(ImageChooserBlock):
    """An image chooser whose images come from the memo: a listing of posts with pictures in
    their excerpts makes no query per post.

    ``renditions`` (the specs its template shows, see ``renditions()``) limits the renditions
    read with each image. It deconstructs as Wagtail's ``ImageChooserBlock``, so migrations
    do not change.
    """

    def __init__(self, *args, renditions: frozenset[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.renditions = renditions

    def bulk_to_python(self, values: list) -> list:
        ids = [value for value in values if isinstance(value, int)]
        if len(ids) != len(values):
            return super().bulk_to_python(values)

        if self.renditions is None:
            images = image_memo.get_many(ids, load_images)
        else:
            images = read_images({self.renditions: ids})[self.renditions]
        return [images.get(value) for value in values]

    def deconstruct(self) -> tuple:
        _path, args, kwargs = super().deconstruct()
        # A copy: the kwargs are the block's own record of how it was made.
        kwargs = {name: value for name, value in kwargs.items() if name != "renditions"}
        return "wagtail.images.blocks.ImageChooserBlock", args, kwargs
