"""Template tags for the comments under a post and the comment count on listings."""

import datetime
import re

from django import forms, template
from django.forms import BoundField
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import (
    conditional_escape,
    escape,
    format_html,
    linebreaks,
    urlize,
)
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from comments import forgery, spam
from comments.conf import get_setting
from comments.forms import ID_RE, CommentForm
from comments.models import Comment
from comments.moderation import can_reply_to, closes_at, comments_open
from comments.thread import build_thread
from core.cache.values import cached_for_generation, reader_key
from core.form_rendering import attributes_html, input_html

register = template.Library()

# Django's urlize splits words on spaces only, so a URL followed by Japanese text with no
# space would swallow it. URLs are ASCII; non-ASCII runs are escaped apart from them.
NON_ASCII_RE = re.compile(r"([^\x00-\x7f]+)")


@register.filter
def comment_body(text: str) -> SafeString:
    """Plain text to HTML: everything escaped, paragraphs and line breaks kept, URLs linked
    with ``rel="nofollow ugc"``."""
    parts = []
    for index, part in enumerate(NON_ASCII_RE.split(text or "")):
        if index % 2:
            parts.append(escape(part))
        else:
            linked = urlize(part, nofollow=True, autoescape=True)
            parts.append(linked.replace(' rel="nofollow">', ' rel="nofollow ugc">'))
    # Already escaped above, so linebreaks must not escape again.
    return mark_safe(linebreaks("".join(parts), autoescape=False))  # noqa: S308


@register.simple_tag
def comment_time(value: datetime.datetime) -> SafeString:
    """A ``<time>`` in the site's zone, to the second (HTML allows at most milliseconds)."""
    local = timezone.localtime(value)
    return format_html(
        '<time datetime="{}">{}</time>',
        local.isoformat(timespec="seconds"),
        date_format(local, "DATETIME_FORMAT"),
    )


def approved_count(post) -> int:
    """The post's approved comments: the listing's annotation, else one query."""
    count = getattr(post, "approved_comment_count", None)
    if post.pk is None:  # the preview of a post not saved yet
        return 0
    if count is None:
        count = post.comments.approved().count()
    return count


@register.simple_tag(takes_context=True)
def comment_count_link(
    context: template.Context, post, url: str | None = None, site_id: int | None = None
) -> SafeString:
    """A link to the post's comments: "Leave a comment", "1 Comment", "3 Comments".

    A listing passes the post's ``url`` and, when it knows it, its ``site_id`` (whose
    settings say when comments close), which Wagtail would otherwise work out from the
    post's address: once per post for the link, once more for the site.
    """
    request = context.get("request")
    count = approved_count(post)
    if not count and not comments_open(post, request, site_id=site_id):
        return SafeString("")
    if url is None:
        url = post.get_url(request) or ""
    if count:
        label = ngettext("%(counter)s Comment", "%(counter)s Comments", count) % {"counter": count}
        return format_html('<a class="comment-count" href="{}#comments">{}</a>', url, label)
    return format_html(
        '<a class="comment-count" href="{}#respond">{}</a>', url, gettext("Leave a comment")
    )


def _reply_target(request: HttpRequest | None, post) -> Comment | None:
    raw = request.GET.get("replyto", "") if request else ""
    if not ID_RE.fullmatch(raw):
        return None
    parent = Comment.objects.filter(pk=int(raw)).first()
    return parent if parent and can_reply_to(parent, post.pk) else None


def approved_thread(post, open_: bool, max_depth: int) -> tuple[int, str]:
    """The number of approved comments under ``post`` and their threads as HTML."""
    comments = list(
        post.comments.approved()
        # Private fields stay in the database; status is read by the page cache's signals.
        .defer("author_email", "ip_address", "user_agent")
        .order_by("created_at", "pk")
    )
    items = [
        comment_item(comment, open_, max_depth) for comment in build_thread(comments, max_depth)
    ]
    return len(comments), format_html('<ol class="comment-list">\n{}</ol>', _joined(items))


# The approved comments are written here rather than by a template that includes itself once
# per comment: the same markup, at a fraction of the cost of a template render per comment.


def _joined(parts: list[SafeString]) -> SafeString:
    return mark_safe("".join(parts))  # noqa: S308 - each part made by format_html


def comment_item(comment: Comment, open_: bool, max_depth: int) -> SafeString:
    """One approved comment and its replies (``thread_depth`` and ``thread_replies`` set by
    ``build_thread``) as a list item."""
    kind = ""
    if comment.comment_type != "comment":
        kind = format_html(
            '<span class="comment-type">{}:</span>', comment.get_comment_type_display()
        )
    author = comment.author_name
    if comment.public_url:
        author = format_html(
            '<a href="{}" rel="nofollow ugc noopener">{}</a>', comment.public_url, author
        )
    reply = ""
    if open_ and comment.thread_depth < max_depth and comment.comment_type == "comment":
        # As {% blocktranslate %}: the translation is markup, the name is escaped into it.
        label = gettext('Reply<span class="visually-hidden"> to %(name)s</span>') % {
            "name": conditional_escape(comment.author_name)
        }
        reply = format_html(
            '        <p class="comment-reply"><a href="?replyto={}#respond">{}</a></p>\n',
            comment.pk,
            mark_safe(label),  # noqa: S308 - our catalogue's markup, the name escaped above
        )
    replies = ""
    if comment.thread_replies:
        replies = format_html(
            '    <ol class="comment-replies">\n{}    </ol>\n',
            _joined([comment_item(child, open_, max_depth) for child in comment.thread_replies]),
        )
    return format_html(
        '<li class="comment comment-depth-{depth}">\n'
        '    <article id="comment-{pk}" class="comment-{type}">\n'
        '        <p class="comment-meta">{kind}\n'
        '            <span class="comment-author">{author}</span>\n'
        '            <a class="comment-permalink" href="#comment-{pk}">{time}</a>\n'
        "        </p>\n"
        '        <div class="comment-body">{body}</div>\n'
        "{reply}"
        "    </article>\n"
        "{replies}"
        "</li>\n",
        depth=comment.thread_depth,
        pk=comment.pk,
        type=comment.comment_type,
        kind=kind,
        author=author,
        time=comment_time(comment.created_at),
        body=comment_body(comment.body),
        reply=reply,
        replies=replies,
    )


SECTION_TEMPLATE = "comments/comments_section.html"


@register.simple_tag(takes_context=True)
def comments_section(context: template.Context, post) -> SafeString:
    """The approved comments under ``post`` in threads, and the form when comments are open.

    A view that refused a comment puts the bound form in the context as ``comment_form``
    so the reader's text comes back with the errors. What an anonymous reader with nothing
    pending sees is the same for all of them (the form's signed timestamp is made afresh on
    every response by ``core.middleware.FreshFormTimestampMiddleware``): rendered once per content generation.
    """
    request = context.get("request")
    if post.pk is None:  # the preview of a post not saved yet has nowhere to send comments
        return SafeString("")
    if _is_shared(context, request):
        key = "comment-section:" + reader_key(request, post.pk)
        html = cached_for_generation(
            key, lambda: render_to_string(SECTION_TEMPLATE, _section(context, request, post))
        )
        return mark_safe(html)  # noqa: S308 - rendered by comments_section.html, escaped there
    return render_to_string(SECTION_TEMPLATE, _section(context, request, post), request=request)


def _is_shared(context: template.Context, request: HttpRequest | None) -> bool:
    """Whether this reader sees the section every anonymous reader sees."""
    if request is None or getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    return (
        context.get("comment_form") is None
        and "replyto" not in request.GET
        and not (user is not None and user.is_authenticated)
        and not context.get("messages")
    )


def _section(context: template.Context, request: HttpRequest | None, post) -> dict:
    max_depth = get_setting("MAX_DEPTH")
    open_ = comments_open(post, request)
    count, thread = approved_thread(post, open_, max_depth)
    form = context.get("comment_form")
    reply_to = None
    if form is None:
        reply_to = _reply_target(request, post)
        initial = {"parent": reply_to.pk if reply_to else None}
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            initial.update(
                author_name=user.get_full_name() or user.get_username(), author_email=user.email
            )
        form = CommentForm(post=post, initial=initial)
    else:
        reply_to = form.parent_comment
    return {
        "request": request,
        "post": post,
        "thread": thread,
        "count": count,
        "open": open_,
        "closes_at": closes_at(post, request),
        "max_depth": max_depth,
        "form": form.prepare_for_render(),
        "reply_to": reply_to,
        "timestamp": spam.sign_timestamp(post.pk),
        "needs_token": forgery.needs_token(request, form.is_bound),
        "messages": context.get("messages"),
    }


# The comment form's fields are written here rather than by Django's widget templates: the
# same markup (Django's input.html, textarea.html and attrs.html, and the label, help and
# error lines the form needs) at a fraction of a template render's cost, on every post page.


@register.simple_tag
def comment_widget(field: BoundField) -> SafeString:
    """The field's input or textarea, with the attributes Django's widget would give it."""
    widget = field.field.widget
    attrs = widget.build_attrs(widget.attrs, field.build_widget_attrs({}, widget))
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    attrs = {name: value for name, value in attrs.items() if value is not None}
    value = widget.format_value(field.value())
    if isinstance(widget, forms.Textarea):
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            field.html_name,
            attributes_html(attrs),
            value or "",
        )
    return input_html(
        {"type": widget.input_type, "name": field.html_name, "value": value, "attrs": attrs}
    )


@register.simple_tag
def comment_field(field: BoundField) -> SafeString:
    """A field with its label, help text and errors, tied to the input for screen readers."""
    errors = field.errors
    return format_html(
        '<div class="field{}">\n    <label for="{}">{}{}</label>\n{}{}    {}\n</div>',
        " field-invalid" if errors else "",
        field.id_for_label,
        field.label,
        mark_safe(' <span aria-hidden="true">*</span>') if field.field.required else "",
        format_html(
            '    <p class="field-help" id="{}_helptext">{}</p>\n', field.auto_id, field.help_text
        )
        if field.help_text
        else "",
        format_html(
            '    <p class="field-error" id="{}_error">{}</p>\n', field.auto_id, " ".join(errors)
        )
        if errors
        else "",
        comment_widget(field),
    )
