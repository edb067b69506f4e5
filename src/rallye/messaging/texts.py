"""The texts of the messages Rallye sends, one definition per kind: its variables (written
``{prenom}`` in the text), the default e-mail and SMS texts, and sample values for the preview.
A structure may rewrite them (``MessageText``); what it writes is checked: only the kind's
variables, and the « ne plus recevoir » link kept in every message to a participant."""

from __future__ import annotations

import string
from dataclasses import dataclass

from rallye.messaging.models import Channel, MessageText
from rallye.organisations.models import Structure

STOP = "arret"


@dataclass(frozen=True)
class TextKind:
    label: str
    variables: dict[str, str]
    """Name → what it becomes, in words."""
    email_subject: str
    email_body: str
    sms_body: str
    sample: dict[str, str]

    @property
    def to_participants(self) -> bool:
        return STOP in self.variables


COMMON = {
    "prenom": "le prénom de la personne",
    "rallye": "le nom du rallye",
    "structure": "le nom de votre structure",
    STOP: "le lien « ne plus recevoir de messages » (obligatoire)",
}
SAMPLE = {
    "prenom": "Amina",
    "rallye": "Rallye pour l'emploi — Annecy, mars 2027",
    "structure": "MIFE de Haute-Savoie",
    STOP: "https://rallye.example.org/arret/exemple/",
    "questionnaire": "avant le rallye",
    "lien": "https://rallye.example.org/q/exemple/",
    "quand": "Mardi 16 mars 2027, rendez-vous à 08:30 ; Mercredi 17 mars 2027, rendez-vous à 08:30",
    "lieu": "Maison de l'emploi, 2 rue de la Gare, 74000 Annecy",
    "contact": "Julie Martin",
    "prescripteur": "France Travail Annecy Nord",
    "date_limite": "lundi 15 mars 2027",
}
STOP_LINE = "\n--\nPour ne plus recevoir de messages de {structure} : {arret}\n"

KINDS: dict[str, TextKind] = {
    "questionnaire_link": TextKind(
        "Lien d'un questionnaire",
        {
            **COMMON,
            "questionnaire": "« avant le rallye » ou « après le rallye »",
            "lien": "le lien privé du questionnaire",
        },
        "{structure} : votre questionnaire {questionnaire}",
        "Bonjour {prenom},\n\n{structure} vous demande de répondre à un court questionnaire ({questionnaire}) "
        "sur le {rallye}.\nCela prend cinq minutes, sur votre téléphone ou votre ordinateur :\n\n{lien}\n\n"
        "Vos réponses aident à améliorer les prochains rallyes. Merci !\n" + STOP_LINE,
        "{structure} : merci de répondre au questionnaire {questionnaire} du rallye (5 min) : {lien}"
        " - Ne plus recevoir : {arret}",
        SAMPLE,
    ),
    "convocation": TextKind(
        "Convocation",
        {**COMMON, "quand": "les jours et heures de rendez-vous", "lieu": "le lieu de rendez-vous et son adresse"},
        "{structure} : votre convocation au {rallye}",
        "Bonjour {prenom},\n\nVous êtes convoqué·e au {rallye} : {quand}.\nLieu de rendez-vous : {lieu}.\n\n"
        "Votre convocation est jointe : elle dit qui vous accompagnera, le programme et ce qu'il faut\n"
        "apporter (pièce d'identité, CV, de quoi noter). Pensez à votre attestation d'assurance\n"
        "responsabilité civile : elle est nécessaire pour les visites d'entreprises.\n\n"
        "En cas d'empêchement, prévenez-nous au plus tôt.\n" + STOP_LINE,
        "{structure} : vous êtes convoqué·e au {rallye}. {quand}. Lieu : {lieu}. Apportez pièce d'identité, CV"
        " et attestation de responsabilité civile. Ne plus recevoir : {arret}",
        SAMPLE,
    ),
    "convocation_reminder": TextKind(
        "Rappel deux jours avant le rallye",
        {**COMMON, "quand": "les jours et heures de rendez-vous", "lieu": "le lieu de rendez-vous et son adresse"},
        "Rappel : {rallye} dans deux jours",
        "Bonjour {prenom},\n\nLe {rallye} commence dans deux jours : {quand}.\nLieu de rendez-vous : {lieu}.\n\n"
        "N'oubliez pas votre pièce d'identité, vos CV et votre attestation d'assurance responsabilité\n"
        "civile. En cas d'empêchement, prévenez-nous au plus tôt.\n" + STOP_LINE,
        "{structure} : rappel, le {rallye} commence dans 2 jours. {quand}. Lieu : {lieu}."
        " Pièce d'identité, CV, attestation de responsabilité civile. Ne plus recevoir : {arret}",
        SAMPLE,
    ),
    "team_link": TextKind(
        "Lien du jour J à l'accompagnateur d'une équipe",
        {
            "prenom": "le prénom de l'accompagnateur",
            "rallye": "le nom du rallye",
            "structure": "le nom de votre structure",
            "equipe": "le nom de l'équipe",
            "lien": "le lien privé de la page de l'équipe",
        },
        "{structure} : la page de votre équipe pour le {rallye}",
        "Bonjour {prenom},\n\nMerci d'accompagner l'équipe « {equipe} » au {rallye}.\n"
        "Voici la page de l'équipe, à ouvrir sur votre téléphone : la journée, l'itinéraire vers chaque\n"
        "entreprise, les numéros à appeler, et le pointage de l'arrivée et du départ à chaque visite.\n\n"
        "{lien}\n\nElle reste lisible sans réseau ; ce que vous saisissez sans réseau part quand il revient.\n"
        "Ce lien est personnel à votre équipe : ne le partagez pas.\n",
        "{structure} : la page de votre équipe « {equipe} » pour le {rallye} (journée, itinéraires, pointage) : {lien}",
        {**SAMPLE, "prenom": "Karim", "equipe": "Équipe 2", "lien": "https://rallye.example.org/equipe/exemple/"},
    ),
    "prescriber_link": TextKind(
        "Lien d'un prescripteur pour proposer des candidats",
        {
            "contact": "le nom du contact chez le prescripteur",
            "prescripteur": "le nom du prescripteur",
            "rallye": "le nom du rallye",
            "structure": "le nom de votre structure",
            "lien": "le lien privé où proposer des candidats",
            "date_limite": "le dernier jour pour proposer des candidats",
        },
        "{structure} : proposez des candidats pour le {rallye}",
        "Bonjour {contact},\n\n{structure} prépare le {rallye} : pendant deux ou trois jours, de petites équipes de "
        "personnes en recherche d'emploi découvrent des entreprises du territoire.\n\n"
        "Vous pouvez proposer les personnes que vous accompagnez ({prescripteur}) sur cette page, sans compte, "
        "avec leur accord :\n\n{lien}\n\nLes propositions sont ouvertes jusqu'au {date_limite}. "
        "Vous y verrez aussi si chaque candidature est retenue.\n\nMerci !\n{structure}\n",
        "{structure} : proposez des candidats pour le {rallye} (avec leur accord) : {lien}",
        SAMPLE,
    ),
    "info_session_invitation": TextKind(
        "Invitation d'un candidat à une information collective",
        {
            "prenom": "le prénom de la personne",
            "rallye": "le nom du rallye",
            "structure": "le nom de votre structure",
            "quand": "le jour et l'heure de l'information collective",
            "lieu": "le lieu de l'information collective",
        },
        "Information collective du {rallye}",
        "Bonjour {prenom},\n\nVous êtes invité(e) à l'information collective du {rallye} : {quand}, {lieu}.\n"
        "Nous y présentons le rallye : deux jours en petite équipe pour découvrir des entreprises du territoire "
        "et leurs métiers. Venez avec vos questions !\n\nSi vous ne pouvez pas venir, dites-le à la personne qui "
        "vous accompagne.\n\n{structure}\n",
        "{structure} : information collective du {rallye}, {quand}, {lieu}. Venez avec vos questions !",
        {**SAMPLE, "quand": "mardi 16 février 2027 à 09:30", "lieu": "MIFE, 2 rue de la Gare, Annecy"},
    ),
    "availability_request": TextKind(
        "Demande de disponibilités à une entreprise",
        {
            "contact": "le nom du contact de l'entreprise",
            "entreprise": "le nom de l'entreprise",
            "rallye": "le nom du rallye",
            "structure": "le nom de votre structure",
            "lien": "le lien privé où l'entreprise donne ses disponibilités",
        },
        "Vos disponibilités pour le {rallye}",
        "Bonjour {contact},\n\nMerci de recevoir des équipes du {rallye}, organisé par {structure}. Pour préparer "
        "les visites, dites-nous quand vous pouvez les recevoir, combien de personnes à la fois, et comment trouver "
        "votre site, sur cette page (sans compte, quelques minutes, depuis un téléphone ou un ordinateur) :\n\n"
        "{lien}\n\nVous pourrez y revenir pour changer votre réponse jusqu'à la fin du rallye.\n\n{structure}\n",
        "{structure} : merci de nous dire quand vous pouvez recevoir les équipes du {rallye} : {lien}",
        {
            "contact": "Mme Fournier",
            "entreprise": "Boulangerie Fournier",
            "rallye": SAMPLE["rallye"],
            "structure": SAMPLE["structure"],
            "lien": "https://rallye.example.org/disponibilites/exemple/",
        },
    ),
    "availability_confirmation": TextKind(
        "Confirmation des disponibilités d'une entreprise",
        {
            "contact": "le nom du contact de l'entreprise",
            "entreprise": "le nom de l'entreprise",
            "rallye": "le nom du rallye",
            "structure": "le nom de votre structure",
            "disponibilites": "les jours et heures où l'entreprise reçoit les équipes",
        },
        "{structure} : vos disponibilités pour le {rallye} sont confirmées",
        "Bonjour {contact},\n\nNous avons bien pris en compte les disponibilités que vous nous avez données pour "
        "le {rallye} : {disponibilites}.\nLe planning des visites en tient compte ; nous revenons vers vous avec les "
        "horaires des équipes que vous recevrez.\n\nMerci pour votre accueil,\n{structure}\n",
        "{structure} : vos disponibilités pour le {rallye} sont confirmées ({disponibilites}). Merci !",
        {
            "contact": "Mme Fournier",
            "entreprise": "Boulangerie Fournier",
            "rallye": SAMPLE["rallye"],
            "structure": SAMPLE["structure"],
            "disponibilites": "mardi 16 mars 2027, 09:00-12:15 ; mercredi 17 mars 2027, 08:30-12:30",
        },
    ),
}


class BadText(ValueError):
    """What is wrong with a text a structure wrote, in French."""


def check(kind: TextKind, text: str) -> None:
    """Only the kind's variables, written ``{nom}``; the stop link in messages to participants."""
    try:
        names = [name for _, name, spec, conversion in string.Formatter().parse(text) if name is not None]
    except ValueError as error:
        raise BadText(
            "une accolade { ou } est mal placée : les variables s'écrivent entre accolades, par exemple {prenom}"
        ) from error
    unknown = sorted({name for name in names if name not in kind.variables})
    if unknown:
        allowed = ", ".join("{" + name + "}" for name in kind.variables)
        raise BadText(f"variable inconnue : {', '.join('{' + n + '}' for n in unknown)} (possibles : {allowed})")


def check_body(kind: TextKind, text: str) -> None:
    check(kind, text)
    if kind.to_participants and "{" + STOP + "}" not in text:
        raise BadText("gardez {arret} : chaque message doit permettre de ne plus en recevoir")


def texts(structure: Structure, kind_name: str, channel: Channel) -> tuple[str, str]:
    """The (subject, body) templates the structure uses for this kind and channel."""
    kind = KINDS[kind_name]
    own = MessageText.objects.filter(structure=structure, kind=kind_name).first()
    if channel is Channel.SMS:
        return "", own.sms_body if own and own.sms_body else kind.sms_body
    subject = own.email_subject if own and own.email_subject else kind.email_subject
    body = own.email_body if own and own.email_body else kind.email_body
    return subject, body


def render(structure: Structure, kind_name: str, channel: Channel, values: dict[str, str]) -> tuple[str, str]:
    subject, body = texts(structure, kind_name, channel)
    return subject.format_map(values), body.format_map(values)
