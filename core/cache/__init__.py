"""The page cache for anonymous readers: whole responses, keyed per language and URL.

Every cached entry is tagged with the cache *generation* current when its request started.
Any change to content a reader can see bumps the generation (see ``signals``), so every
entry made before the change stops matching at once: a page is never served stale, and
the rules for what a change touches cannot miss a page (a new post refreshes the home,
the index, its archives, feeds, the sitemap and search alike).
"""

from core.cache.store import bump_generation, current_generation, invalidate

__all__ = ["bump_generation", "current_generation", "invalidate"]
