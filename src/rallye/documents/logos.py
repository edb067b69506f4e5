"""A rally's logo, checked before it is kept: a PNG or JPEG image that Pillow can read, or an SVG
drawing that refers to nothing outside itself (no entity, script, external image or style).

The URL fetcher of :mod:`rallye.documents.rendering` refuses outside references anyway; refusing
them at upload tells the organiser why their logo would not print, and keeps such files out."""

from __future__ import annotations

import io
import re
from xml.etree.ElementTree import Element

import defusedxml.ElementTree  # type: ignore[import-untyped]
from defusedxml import DefusedXmlException
from PIL import Image, UnidentifiedImageError

LOGO_MAX_BYTES = 1_000_000
LOGO_MAX_PIXELS = 4000 * 4000
LOGO_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".svg": "SVG"}

_FORBIDDEN_TAGS = {"script", "foreignObject", "iframe", "object", "embed", "audio", "video", "animate", "set"}
_OUTSIDE_URL = re.compile(r"url\(\s*['\"]?(?!#)|@import", re.IGNORECASE)
_INSIDE_HREF = re.compile(r"^(#|data:image/(png|jpeg|gif);)", re.IGNORECASE)


class BadLogo(ValueError):
    """The file cannot be a logo; the message says why, in French."""


def check_logo(data: bytes, suffix: str) -> None:
    """Raise :class:`BadLogo` unless ``data`` is a logo Rallye may keep and print."""
    kind = LOGO_FORMATS.get(suffix.lower())
    if kind is None:
        raise BadLogo("Choisissez une image PNG, JPEG ou SVG pour le logo.")
    if len(data) > LOGO_MAX_BYTES:
        raise BadLogo("Le logo dépasse 1 Mo : choisissez une image plus légère.")
    if kind == "SVG":
        _check_svg(data)
    else:
        _check_image(data, kind)


def _check_image(data: bytes, kind: str) -> None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            found, (width, height) = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise BadLogo(f"Ce fichier n'est pas une image {kind} lisible : enregistrez le logo à nouveau.") from None
    if found != kind:
        raise BadLogo(f"Ce fichier est une image {found}, pas {kind} : renommez-le ou enregistrez-le à nouveau.")
    if width * height > LOGO_MAX_PIXELS:
        raise BadLogo("Ce logo est trop grand (plus de 4 000 × 4 000 points) : réduisez-le.")


def _check_svg(data: bytes) -> None:
    try:
        root = defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, SyntaxError, ValueError):
        raise BadLogo(
            "Ce fichier SVG est illisible ou contient des déclarations interdites : "
            "enregistrez le logo en PNG et envoyez-le à nouveau."
        ) from None
    if _local(root.tag) != "svg":
        raise BadLogo("Ce fichier n'est pas un dessin SVG : enregistrez le logo en PNG et envoyez-le à nouveau.")
    for element in root.iter():
        if _refers_outside(element):
            raise BadLogo(
                "Ce logo SVG fait appel à des fichiers ou des adresses extérieurs, qui ne seraient pas imprimés : "
                "enregistrez-le en PNG et envoyez-le à nouveau."
            )


def _refers_outside(element: Element) -> bool:
    if _local(element.tag) in _FORBIDDEN_TAGS:
        return True
    if _local(element.tag) == "style" and _OUTSIDE_URL.search(element.text or ""):
        return True
    for name, value in element.attrib.items():
        local = _local(name)
        if local == "href" and not _INSIDE_HREF.match(value.strip()):
            return True
        if local.startswith("on") or _OUTSIDE_URL.search(value):
            return True
    return False


def _local(name: str) -> str:
    """``{http://www.w3.org/2000/svg}image`` → ``image``."""
    return name.rsplit("}", 1)[-1]
