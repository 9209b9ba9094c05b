from django.db import migrations


def create_moderators_group(apps, schema_editor):
    # Permissions are normally created after migrate; create ours now so the group can hold it.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="forum", model="thread")
    permission, _ = Permission.objects.get_or_create(
        codename="moderate_forum", content_type=content_type,
        defaults={"name": "Can moderate the forum"},
    )
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_moderators_group, migrations.RunPython.noop)]
