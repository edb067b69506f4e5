"""``rallye init``: the federation and its first administrator, on a database without any.

The administrator then adds structures and invites their coordinators from the web
(« Ajouter une structure au réseau »), who invite their teams. Nothing is done on a database
that already has a federation: run it once, on a new installation."""

from __future__ import annotations

import getpass
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from rallye.challenges.services import load_starter
from rallye.organisations.models import Federation, Membership, Role, User

EXIT_OK = 0
EXIT_INVALID = 2


def read_password() -> str | None:
    """Asked twice on a terminal; one line of the standard input otherwise (a script)."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Mot de passe de l'administrateur : ")
    second = getpass.getpass("Le même mot de passe, encore une fois : ")
    if first != second:
        print("Les deux mots de passe sont différents : rien n'a été créé.", file=sys.stderr)
        return None
    return first


def init(federation: str, email: str, first_name: str = "", last_name: str = "") -> int:
    if Federation.objects.exists():
        names = ", ".join(Federation.objects.values_list("name", flat=True)[:3])
        print(
            f"Cette base a déjà une fédération ({names}) : rallye init ne sert que sur une base neuve. "
            "Ajoutez structures et comptes depuis l'espace web.",
            file=sys.stderr,
        )
        return EXIT_INVALID
    if not federation.strip():
        print("--federation : donnez le nom de la fédération.", file=sys.stderr)
        return EXIT_INVALID
    try:
        validate_email(email)
    except ValidationError:
        print(f"--email : « {email} » n'est pas une adresse e-mail.", file=sys.stderr)
        return EXIT_INVALID
    password = read_password()
    if password is None:
        return EXIT_INVALID
    user = User(email=User.objects.normalize_email(email), first_name=first_name, last_name=last_name)
    try:
        validate_password(password, user)
    except ValidationError as invalid:
        print("Mot de passe refusé : " + " ".join(invalid.messages), file=sys.stderr)
        return EXIT_INVALID
    with transaction.atomic():
        created = Federation.objects.create(name=federation.strip())
        user.is_staff = True
        user.set_password(password)
        user.save()
        Membership.objects.create(user=user, federation=created, role=Role.FEDERATION_ADMIN)
        challenges = load_starter(created)
    print(f"Fédération « {created.name} » créée ; administrateur : {user.email}.")
    print(f"Répertoire des défis du réseau : {challenges} défis de départ, à compléter et à modifier en ligne.")
    print("Connectez-vous à l'espace web, puis « Ajouter une structure au réseau » pour inviter les structures.")
    return EXIT_OK
