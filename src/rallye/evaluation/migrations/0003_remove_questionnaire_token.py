from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0002_questionnaire_tokens_to_private_links"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="questionnaire",
            name="token",
        ),
    ]
