"""The ground floor's only table: what the public forms' rate limits count (core.form_guard)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

ADDRESS_LENGTH = 64


class RateLimitHit(models.Model):
    """One counted use of a rate-limited action (a subscription, a counted search) by an address.

    Kept in the database so that every app-server worker, every machine and every restart
    counts the same hits; old rows are deleted as new ones are recorded.
    """

    name = models.CharField(_("limit"), max_length=64)
    address = models.CharField(_("address"), max_length=ADDRESS_LENGTH)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("rate-limit hit")
        verbose_name_plural = _("rate-limit hits")
        indexes = [
            # Counting one address's hits in the window.
            models.Index(fields=["name", "address", "at"], name="core_ratelimit_count"),
            # Deleting a limit's hits that have left the window, whatever the address.
            models.Index(fields=["name", "at"], name="core_ratelimit_prune"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.address} {self.at:%Y-%m-%d %H:%M:%S}"
