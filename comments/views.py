"""Receiving a reader's comment: refuse it with the text kept, or save it for moderation."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from wagtail.models import Page

from . import forgery, spam
from .forms import CommentForm
from .models import Comment
from .moderation import comments_open, initial_status, notify_moderators

MAX_ID = 2**63 - 1


def render_post_with_form(
    request: HttpRequest, post: Page, form: CommentForm, status: int
) -> TemplateResponse:
    """The post page again, with the refused form (and the reader's text) in place."""
    request.is_preview = False
    context = post.get_context(request)
    context["comment_form"] = form
    return TemplateResponse(request, post.get_template(request), context, status=status)


# Exempt from the middleware's token check so that post pages can be shared by caches:
# forgery.is_forged() checks the request instead (see that module for how and why).
@csrf_exempt
@require_POST
def post_comment(request: HttpRequest, post_id: int) -> HttpResponse:
    if post_id > MAX_ID:  # SQLite cannot even look up a number this large
        raise Http404
    post = get_object_or_404(Page.objects.live().public(), pk=post_id).specific
    if not hasattr(post, "comments_enabled"):  # a page type that never takes comments
        raise Http404
    ip = spam.client_ip(request)
    form = CommentForm(request.POST, post=post, ip_address=ip)
    valid = form.is_valid()

    if forgery.is_forged(request):
        form.add_error(
            None,
            _(
                "Your browser did not confirm that this comment was sent from this site. "
                "Your text is kept below: please send it again."
            ),
        )
        return render_post_with_form(request, post, form, status=403)

    if not comments_open(post):
        form.add_error(None, _("Comments are closed on this post."))
        return render_post_with_form(request, post, form, status=403)
    if spam.is_rate_limited(ip):
        form.add_error(
            None,
            _(
                "You have sent several comments in a short time. Please wait a few minutes and try again."
            ),
        )
        return render_post_with_form(request, post, form, status=429)
    if not valid:
        return render_post_with_form(request, post, form, status=400)

    comment = form.save(commit=False)
    comment.post = post
    comment.parent = form.parent_comment
    comment.ip_address = ip
    comment.user_agent = request.META.get("HTTP_USER_AGENT", "")[:500]
    if request.user.is_authenticated:
        comment.user = request.user
    comment.status = initial_status(comment.author_email, request.user, post)
    comment.save()
    notify_moderators(comment)

    if comment.status == Comment.Status.APPROVED:
        messages.success(request, _("Thank you. Your comment has been published."))
        anchor = f"#comment-{comment.pk}"
    else:
        messages.success(
            request,
            _("Thank you. Your comment is awaiting moderation and will appear once approved."),
        )
        anchor = "#comments"
    return HttpResponseRedirect((post.get_url(request) or "/") + anchor)
