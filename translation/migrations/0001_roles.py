from django.db import migrations


def forwards(apps, schema_editor):
    from translation.roles import set_up_roles

    set_up_roles(apps)


def backwards(apps, schema_editor):
    from translation.roles import remove_roles

    remove_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("wagtail_localize", "0006_create_submit_translation_permission"),
        ("wagtailimages", "0023_add_choose_permissions"),
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("blog", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
