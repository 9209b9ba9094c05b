# The FAQ's Notification moved to the notifications app: its rows are copied there first
# (notifications.0002), then the old table goes.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('faq', '0002_feedback_client_address_hash'),
        ('notifications', '0002_copy_faq_notifications'),
    ]

    operations = [
        migrations.DeleteModel(
            name='Notification',
        ),
    ]
