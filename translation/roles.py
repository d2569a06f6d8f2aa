"""The editorial roles and the review workflow for translations.

Wagtail's page permissions follow the page tree, not the language, and each language has its
own home page at the top of the tree. So Editors and Moderators hold their permissions on the
root (both languages), while Translators hold theirs on each language's home page: on the
source-language home only "lock", which lets them browse the English pages and submit them for
translation without being able to edit, publish or delete them, and on every other language's
home the right to add and edit pages, which a Moderator then approves through the
"Translation review" workflow.

The functions take an app registry so that the data migration (historical models) and the
signal that runs when a new language's home page appears (real models) share one definition.
"""

from django.conf import settings
from django.utils.translation import gettext_noop

EDITORS = "Editors"
MODERATORS = "Moderators"
TRANSLATORS = "Translators"
# Stored in the database as they are; marked so that the admin can show them translated
# (``{% translate workflow.name %}``).
REVIEW_WORKFLOW = gettext_noop("Translation review")
REVIEW_TASK = gettext_noop("Translation review")

ROOT_PAGE_PERMISSIONS = {
    EDITORS: ["add", "change", "publish", "lock", "unlock", "bulk_delete"],
    MODERATORS: ["add", "change", "publish", "lock", "unlock"],
}
SOURCE_HOME_PERMISSIONS = {TRANSLATORS: ["lock"]}
TARGET_HOME_PERMISSIONS = {TRANSLATORS: ["add", "change", "lock"]}

# (app label, model, codename): the model permissions each role needs besides pages.
MODEL_PERMISSIONS = {
    EDITORS: [
        ("wagtailadmin", "admin", "access_admin"),
        ("wagtail_localize", "translation", "submit_translation"),
        ("blog", "tag", "add_tag"),
        ("blog", "tag", "change_tag"),
        ("blog", "tag", "delete_tag"),
        ("blog", "author", "add_author"),
        ("blog", "author", "change_author"),
        ("blog", "author", "delete_author"),
    ],
    MODERATORS: [
        ("wagtailadmin", "admin", "access_admin"),
        ("wagtail_localize", "translation", "submit_translation"),
    ],
    # Tags are snippets, which have no per-language permissions: translating a tag's name is
    # editing the tag.
    TRANSLATORS: [
        ("wagtailadmin", "admin", "access_admin"),
        ("wagtail_localize", "translation", "submit_translation"),
        ("blog", "tag", "change_tag"),
    ],
}


def _permission(apps, app_label: str, model: str, codename: str):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    # Django creates model permissions after migrating; creating them here first is harmless.
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {codename.replace('_', ' ')}"},
    )
    return permission


def _grant_page_permissions(apps, page, grants: dict[str, list[str]]) -> None:
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    for group_name, actions in grants.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for action in actions:
            permission = _permission(apps, "wagtailcore", "page", f"{action}_page")
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=page.pk, permission=permission
            )


def _grant_choosers(apps, group_name: str) -> None:
    """Let a group pick images and documents (to override them per language) in every collection."""
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    group, _ = Group.objects.get_or_create(name=group_name)
    for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
        permission = _permission(apps, app_label, model, f"choose_{model}")
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )


def review_workflow(apps):
    """The "Translation review" workflow, with one task approved by Moderators."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    workflow, created = Workflow.objects.get_or_create(
        name=REVIEW_WORKFLOW, defaults={"active": True}
    )
    if created:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=REVIEW_TASK, content_type=content_type, active=True
        )
        task.groups.set([Group.objects.get_or_create(name=MODERATORS)[0]])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def apply_home_roles(apps, page) -> None:
    """Grant the Translators' permissions on a language's home page (a page at depth 2).

    The default language's home is a source: Translators may only browse it. Any other
    language's home is a target: Translators write there, and its pages go through review.
    """
    Locale = apps.get_model("wagtailcore", "Locale")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    language = (
        Locale.objects.filter(pk=page.locale_id).values_list("language_code", flat=True).first()
    )
    if language is None:
        return
    if language == settings.LANGUAGE_CODE:
        _grant_page_permissions(apps, page, SOURCE_HOME_PERMISSIONS)
        return
    _grant_page_permissions(apps, page, TARGET_HOME_PERMISSIONS)
    WorkflowPage.objects.get_or_create(
        page_id=page.pk, defaults={"workflow": review_workflow(apps)}
    )


def set_up_roles(apps) -> None:
    """Create the groups, their permissions and the review workflow; idempotent."""
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    for group_name, permissions in MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*(_permission(apps, *spec) for spec in permissions))
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        _grant_page_permissions(apps, root, ROOT_PAGE_PERMISSIONS)
    _grant_choosers(apps, TRANSLATORS)
    review_workflow(apps)
    for home in Page.objects.filter(depth=2):
        apply_home_roles(apps, home)


def remove_roles(apps) -> None:
    """Undo what only this app adds: the Translators group and the review workflow."""
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Group.objects.filter(name=TRANSLATORS).delete()
    Workflow.objects.filter(name=REVIEW_WORKFLOW).delete()
    Task.objects.filter(name=REVIEW_TASK).delete()
