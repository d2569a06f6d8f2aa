"""What an import did, for the person who ran it: counts, warnings, and progress as it goes."""

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

from django.utils.translation import gettext as _


@dataclass
class Concern:
    item: str
    message: str

    def __str__(self) -> str:
        return f"{self.item}: {self.message}" if self.item else self.message


@dataclass
class ImportReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    warnings: list[Concern] = field(default_factory=list)
    dry_run: bool = False

    def warn(self, item: str, message: str) -> None:
        self.warnings.append(Concern(item, message))

    def messages_for(self, item: str) -> list[str]:
        return [warning.message for warning in self.warnings if warning.item == item]

    def render(self) -> str:
        lines = (
            [_("Dry run: nothing was written. This is what the import would do.")]
            if self.dry_run
            else []
        )
        kinds = sorted(set(self.created) | set(self.updated) | set(self.skipped))
        if kinds:
            width = max(len(kind) for kind in kinds)
            lines.append(f"{'':{width}}  {_('created'):>8} {_('updated'):>8} {_('skipped'):>8}")
            for kind in kinds:
                lines.append(
                    f"{kind:{width}}  {self.created[kind]:>8} {self.updated[kind]:>8} {self.skipped[kind]:>8}"
                )
        if self.warnings:
            lines.append(_("%(count)s warnings:") % {"count": len(self.warnings)})
            lines.extend(f"  - {warning}" for warning in self.warnings)
        else:
            lines.append(_("No warnings."))
        return "\n".join(lines)


class Progress:
    """A bar on a terminal; elsewhere (logs, CI) a plain line every tenth of the way."""

    def __init__(self, total: int, stream: TextIO | None, interactive: bool) -> None:
        self.total = max(total, 1)
        self.stream = stream
        self.interactive = interactive
        self.done = 0
        self._last_draw = 0.0
        self._last_step = -1

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.stream is None:
            return
        if self.interactive:
            now = time.monotonic()
            if now - self._last_draw >= 0.1 or self.done >= self.total:
                self._last_draw = now
                filled = int(30 * self.done / self.total)
                self.stream.write(
                    f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} "
                    f"({100 * self.done // self.total}%)"
                )
                self.stream.flush()
        else:
            step = 10 * self.done // self.total
            if step != self._last_step:
                self._last_step = step
                self.stream.write(
                    _("Imported %(done)s of %(total)s items")
                    % {"done": self.done, "total": self.total}
                    + "\n"
                )

    def finish(self) -> None:
        if self.stream is not None and self.interactive:
            self.stream.write("\n")
            self.stream.flush()
