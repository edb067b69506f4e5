"""Each questionnaire's token becomes a private link with the same token, so that the links
already sent keep working; their end is set from their rally's dates."""

from typing import Any

from django.db import migrations
from django.db.models import Max

from rallye.evaluation.private_links import link_expiry


def tokens_to_links(apps: Any, schema_editor: Any) -> None:
    Questionnaire = apps.get_model("evaluation", "Questionnaire")
    PrivateLink = apps.get_model("links", "PrivateLink")
    Session = apps.get_model("rallies", "Session")
    last_days = dict(Session.objects.values("rally_id").annotate(last=Max("date")).values_list("rally_id", "last"))
    PrivateLink.objects.bulk_create(
        [
            PrivateLink(
                token=questionnaire.token,
                purpose="questionnaire",
                questionnaire_id=questionnaire.pk,
                structure_id=questionnaire.rally.structure_id,
                expires_at=link_expiry(last_days.get(questionnaire.rally_id)),
            )
            for questionnaire in Questionnaire.objects.select_related("rally").iterator()
        ],
        batch_size=500,
    )


def links_to_tokens(apps: Any, schema_editor: Any) -> None:
    PrivateLink = apps.get_model("links", "PrivateLink")
    Questionnaire = apps.get_model("evaluation", "Questionnaire")
    for link in PrivateLink.objects.filter(purpose="questionnaire").order_by("created_at", "pk"):
        Questionnaire.objects.filter(pk=link.questionnaire_id).update(token=link.token)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0001_initial"),
        ("links", "0001_private_links"),
        ("rallies", "0001_initial"),
    ]

    operations = [migrations.RunPython(tokens_to_links, links_to_tokens)]
