"""Admin hooks of the ground floor: bulk actions that change what readers see."""

from wagtail import hooks

from core.cache.signals import on_bulk_action

# Registered here rather than in signals.connect(), which may run again (the invalidation
# tests wire the rules afresh): a hook registered twice would run twice.
hooks.register("after_bulk_action", on_bulk_action)
