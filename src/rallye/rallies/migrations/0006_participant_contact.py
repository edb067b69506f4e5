from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rallies", "0005_company_coordinates_optional"),
    ]

    operations = [
        migrations.AddField(
            model_name="participant",
            name="contact_agreed",
            field=models.BooleanField(
                default=False,
                help_text="convocation, liens des questionnaires, rappels ; rien n'est envoyé sans cet accord",
                verbose_name="accepte de recevoir des messages de Rallye",
            ),
        ),
        migrations.AddField(
            model_name="participant",
            name="contact_channel",
            field=models.CharField(
                choices=[("email", "e-mail"), ("sms", "SMS")],
                default="email",
                max_length=5,
                verbose_name="préfère être contacté par",
            ),
        ),
        migrations.AddField(
            model_name="participant",
            name="contact_stopped_at",
            field=models.DateTimeField(
                blank=True,
                help_text="lien « ne plus recevoir » d'un message",
                null=True,
                verbose_name="ne veut plus de messages depuis le",
            ),
        ),
    ]
