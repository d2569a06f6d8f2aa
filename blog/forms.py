"""The post editor's form: a publication date in the future schedules the post for that date."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm


class BlogPostForm(WagtailAdminPageForm):
    """Wagtail's page form, keeping a post from going live dated in the future.

    Publishing puts a page live at once unless its go-live time is in the future; the
    publication date alone would put a post at the top of the blog dated days ahead. A future
    date with no go-live time sets the go-live time to that date, so "Publish" schedules the
    post (Wagtail's message says so, and ``run_scheduler`` publishes it on time). A go-live
    time before the date is refused, naming both.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "date" in self.fields:
            # Said in the form, not the model, so that the model's field needs no migration.
            self.fields["date"].help_text = format_lazy(
                "{} {}",
                self.fields["date"].help_text,
                _("A date in the future schedules the post to go live then."),
            )

    def clean(self):
        cleaned_data = super().clean()
        date = cleaned_data.get("date")
        if date is None or date <= timezone.now() or "go_live_at" not in self.fields:
            return cleaned_data
        go_live_at = cleaned_data.get("go_live_at")
        if go_live_at is None:
            cleaned_data["go_live_at"] = date
        elif go_live_at < date:
            self.add_error(
                "date",
                ValidationError(
                    _(
                        "The publication date (%(date)s) is after the go-live time "
                        "(%(go_live_at)s): the post would be live dated in the future. Empty "
                        "the go-live time in the Settings tab to schedule the post for its "
                        "publication date, or choose an earlier publication date."
                    ),
                    params={
                        "date": date_format(timezone.localtime(date), "DATETIME_FORMAT"),
                        "go_live_at": date_format(
                            timezone.localtime(go_live_at), "DATETIME_FORMAT"
                        ),
                    },
                ),
            )
        return cleaned_data
