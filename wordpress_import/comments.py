"""Comments, replies, pingbacks and trackbacks into the comments model, threads kept."""

import html
import ipaddress
import re

from django.conf import settings
from django.utils.translation import gettext as _

from comments.models import Comment

from .parser import WxrComment

STATUS = {"1": Comment.Status.APPROVED, "0": Comment.Status.PENDING, "spam": Comment.Status.SPAM,
          "trash": Comment.Status.TRASH, "post-trashed": Comment.Status.TRASH}  # fmt: skip
TYPES = {"comment": Comment.Type.COMMENT, "pingback": Comment.Type.PINGBACK,
         "trackback": Comment.Type.TRACKBACK}  # fmt: skip
PINGBACK_POLICIES = ("keep", "pending", "skip")
_LINK = re.compile(r"<a\s[^>]*href\s*=\s*[\"']([^\"']+)[\"'][^>]*>(.*?)</a>", re.S | re.I)
_BREAK = re.compile(r"<br\s*/?>|</p>\s*<p[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")


def pingback_policy() -> str:
    """What happens to pingbacks and trackbacks: the ``BLOG_IMPORT_PINGBACKS`` setting.

    ``"keep"`` imports them with their WordPress status, ``"pending"`` holds them all
    for moderation, ``"skip"`` leaves them out.
    """
    policy = getattr(settings, "BLOG_IMPORT_PINGBACKS", "keep")
    return policy if policy in PINGBACK_POLICIES else "keep"


def plain_text(content: str) -> str:
    """A comment's HTML as the plain text the comments model stores; link targets kept in brackets."""

    def link(match: re.Match) -> str:
        href, text = match.group(1).strip(), _TAG.sub("", match.group(2)).strip()
        return text if not text or text == href else f"{text} ({href})"

    text = _LINK.sub(link, content.replace("\r\n", "\n"))
    text = _BREAK.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def valid_ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


class CommentWriter:
    def __init__(self, importer, pingbacks: str) -> None:
        self.report = importer.report
        self.update = importer.update
        self.pingbacks = pingbacks

    def build(self, post, source: WxrComment) -> Comment | None:
        comment_type = TYPES.get(source.comment_type, Comment.Type.COMMENT)
        status = STATUS.get(source.approved, Comment.Status.PENDING)
        if comment_type != Comment.Type.COMMENT:
            if self.pingbacks == "skip":
                return None
            if self.pingbacks == "pending" and status == Comment.Status.APPROVED:
                status = Comment.Status.PENDING
        comment = Comment(
            post=post,
            author_name=(source.author or _("Anonymous"))[:100],
            author_email=source.email[:254] if "@" in source.email else "",
            author_url=source.url[:500] if source.url.startswith(("http://", "https://")) else "",
            body=plain_text(source.content),
            status=status,
            comment_type=comment_type,
            ip_address=valid_ip(source.ip),
            user_agent=source.agent[:500],
            wordpress_id=int(source.comment_id) if source.comment_id.isdigit() else None,
        )
        if source.date is not None:
            comment.created_at = source.date
        return comment

    def write(self, post, comments: list[WxrComment], is_new_post: bool, item: str) -> None:
        if not comments:
            return
        existing: dict[int, Comment] = {}
        if not is_new_post:
            existing = {
                c.wordpress_id: c
                for c in Comment.objects.filter(post=post, wordpress_id__isnull=False)
            }
        new: list[Comment] = []
        changed: list[Comment] = []
        parents: dict[int, int] = {}
        for source in comments:
            comment = self.build(post, source)
            if comment is None:
                self.report.skipped["comment"] += 1
                continue
            if comment.wordpress_id is not None and source.parent_id not in ("", "0"):
                parents[comment.wordpress_id] = (
                    int(source.parent_id) if source.parent_id.isdigit() else 0
                )
            current = existing.get(comment.wordpress_id)
            if current is None:
                new.append(comment)
            elif self.update:
                # Moderation done here (approving, marking spam) survives unless --update says otherwise.
                comment.pk = current.pk
                comment.parent_id = current.parent_id
                changed.append(comment)
            else:
                self.report.skipped["comment"] += 1
        if new:
            Comment.objects.bulk_create(new)
            self.report.created["comment"] += len(new)
        if changed:
            fields = ["author_name", "author_email", "author_url", "body", "status", "comment_type",
                      "ip_address", "user_agent", "created_at"]  # fmt: skip
            Comment.objects.bulk_update(changed, fields)
            self.report.updated["comment"] += len(changed)
        if parents:
            self.thread(post, new, parents, existing, item)

    def thread(
        self, post, new: list[Comment], parents: dict[int, int], existing: dict, item: str
    ) -> None:
        if any(comment.pk is None for comment in new):
            # Databases that do not return ids from a bulk insert: read them back.
            by_id = {
                c.wordpress_id: c
                for c in Comment.objects.filter(post=post, wordpress_id__isnull=False)
            }
        else:
            by_id = {**existing, **{c.wordpress_id: c for c in new}}
        linked = []
        for child_id, parent_id in parents.items():
            child, parent = by_id.get(child_id), by_id.get(parent_id)
            if child is None or child.parent_id is not None:
                continue
            if parent is None:
                self.report.warn(
                    item,
                    _(
                        "Comment %(id)s replies to a comment missing from the export; shown as a new thread."
                    )
                    % {"id": child_id},
                )
                continue
            child.parent_id = parent.pk
            linked.append(child)
        if linked:
            Comment.objects.bulk_update(linked, ["parent"])
