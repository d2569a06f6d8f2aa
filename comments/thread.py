"""Arranging a post's approved comments into threads for display."""

from collections import defaultdict

from .models import Comment


def build_thread(comments: list[Comment], max_depth: int) -> list[Comment]:
    """Top-level comments in order, each with ``thread_replies`` and ``thread_depth`` set.

    Replies nest up to ``max_depth`` levels; deeper replies (possible in imported data or
    after the setting is lowered) are shown after their ancestor at the deepest level.
    A reply whose parent is not shown (pending, spam) appears at the top level.
    """
    shown = {comment.pk for comment in comments}
    children: dict[int, list[Comment]] = defaultdict(list)
    roots = []
    for comment in comments:
        if comment.parent_id in shown and comment.parent_id != comment.pk:
            children[comment.parent_id].append(comment)
        else:
            roots.append(comment)

    def descendants(comment: Comment) -> list[Comment]:
        found = []
        for child in children[comment.pk]:
            found.append(child)
            found.extend(descendants(child))
        return found

    def layer(nodes: list[Comment], depth: int) -> list[Comment]:
        result = []
        for node in nodes:
            node.thread_depth = depth
            node.thread_replies = []
            result.append(node)
            if depth < max_depth:
                node.thread_replies = layer(children[node.pk], depth + 1)
            else:
                flattened = sorted(descendants(node), key=lambda c: (c.created_at, c.pk))
                for comment in flattened:
                    comment.thread_depth = depth
                    comment.thread_replies = []
                result.extend(flattened)
        return result

    return layer(roots, 1)
