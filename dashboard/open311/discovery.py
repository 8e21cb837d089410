"""Open311 service discovery: where this district's GeoReport v2 endpoint is, in what formats,
and how a client gets a key. Built from the request's own address, so it needs no network."""

from __future__ import annotations

from flask import Response, request

from dashboard.open311 import formats

# The specification by its name: the command hall is offline, so it names no outside address.
SPECIFICATION = "Open311 GeoReport v2"
# When the endpoint last changed what it answers (media_url kept and returned).
CHANGESET = "2026-12-07T00:00:00Z"
MEDIA = {"json": "application/json", "xml": "text/xml"}
CONTACT = ("The district command centre's administrator (区指挥中心系统管理员); the incident "
           "API's reference is at {root}api/v1/docs")
KEY_SERVICE = ("An api_key is a source system's token: ask the district's administrator, who "
               "creates the source on the administration screen or with "
               "`python -m dashboard create-source`")


def document(fmt: str, prefix: str) -> Response:
    """The discovery document: its changeset, contact, key service and the v2 endpoint."""
    root = request.host_url
    endpoint = {"specification": SPECIFICATION, "url": root + prefix.lstrip("/"),
                "changeset": CHANGESET, "type": "production",
                "formats": [MEDIA[each] for each in formats.FORMATS]}
    return formats.answer_one({"changeset": CHANGESET, "contact": CONTACT.format(root=root),
                               "key_service": KEY_SERVICE, "endpoints": [endpoint]},
                              fmt, "discovery")
