"""Long bodies split into pages at their page-break blocks, as WordPress's ``<!--nextpage-->`` did.

Page ``n`` of a post is at ``?part=n``; the first page is the post's own address. A part
that does not exist is a 404, so search engines never index an empty page.
"""

from dataclasses import dataclass

from django.http import Http404, HttpRequest

PART_PARAMETER = "part"


@dataclass
class BodyPart:
    """The blocks of one page of a body, and where the reader is among the pages."""

    number: int
    count: int
    blocks: list

    @property
    def numbers(self) -> range:
        return range(1, self.count + 1)

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None


def split_body(body) -> list[list]:
    """The body's blocks in pages: a new page after each page break (empty pages dropped)."""
    parts: list[list] = [[]]
    for child in body:
        if child.block_type == "page_break":
            parts.append([])
        else:
            parts[-1].append(child)
    return [part for part in parts if part] or [[]]


def body_part(body, request: HttpRequest | None) -> BodyPart:
    """The page of ``body`` the request asks for with ``?part=n`` (the first without it)."""
    parts = split_body(body)
    raw = request.GET.get(PART_PARAMETER, "1") if request is not None else "1"
    try:
        number = int(raw)
    except ValueError:
        raise Http404("No such part") from None
    if not 1 <= number <= len(parts):
        raise Http404("No such part")
    return BodyPart(number=number, count=len(parts), blocks=parts[number - 1])


class PagedBodyMixin:
    """Gives a page's template ``body_part``: the blocks of the page of the body asked for."""

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["body_part"] = body_part(self.body, request)
        return context
