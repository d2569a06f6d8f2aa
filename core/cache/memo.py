"""Objects every page shows (the header, locales, images), kept in each process between requests.

A memo empties itself whenever the page-cache generation changes, so it never outlives the
content it was read from; it costs one small file or cache read per use instead of queries.
"""

import weakref
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from core.cache.store import current_generation


class GenerationMemo:
    """A bounded dict of values valid for one generation of the site's content."""

    # Every memo of the process, so that a cold measurement can empty them all (clear_memos).
    instances: "weakref.WeakSet[GenerationMemo]" = weakref.WeakSet()

    def __init__(self, max_entries: int = 2000) -> None:
        self.max_entries = max_entries
        self.generation: str | None = None
        self.values: dict[Hashable, Any] = {}
        GenerationMemo.instances.add(self)

    def clear(self) -> None:
        self.values = {}
        self.generation = None

    def _current(self) -> dict[Hashable, Any]:
        generation = current_generation()
        if generation != self.generation or len(self.values) > self.max_entries:
            self.values = {}
            self.generation = generation
        return self.values

    def get(self, key: Hashable, build: Callable[[], Any]) -> Any:
        values = self._current()
        if key not in values:
            values[key] = build()
        return values[key]

    def get_many(self, keys: Iterable[Hashable], load: Callable[[list], dict]) -> dict:
        """The values for ``keys``, loading the missing ones with one call of ``load``."""
        values = self._current()
        keys = list(keys)
        missing = [key for key in keys if key not in values]
        if missing:
            values.update(load(missing))
        return {key: values[key] for key in keys if key in values}


def clear_memos() -> None:
    """Empty every memo of this process, as a new generation would (cold measurements, tests)."""
    for memo in list(GenerationMemo.instances):
        memo.clear()


site_memo = GenerationMemo()
image_memo = GenerationMemo()
