"""GET /admin/files/…: the district workbook, current or blank, for administrators only."""

from __future__ import annotations

import io

from flask import Blueprint, Flask, send_file
from flask.typing import ResponseReturnValue

from dashboard import auth, wiring
from data.domain import Role
from data.places import export
from layouts.admin_district import CURRENT_PATH, TEMPLATE_PATH

admin_files = Blueprint("admin_files", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@admin_files.get(CURRENT_PATH)
@auth.requires(Role.ADMIN)
def current_workbook() -> ResponseReturnValue:
    """The district as the store holds it now, fit to edit and upload again."""
    with wiring.current().sessions() as session:
        content = export.workbook(session)
    return send_file(io.BytesIO(content), mimetype=XLSX, as_attachment=True,
                     download_name="district.xlsx", max_age=0)


@admin_files.get(TEMPLATE_PATH)
@auth.requires(Role.ADMIN)
def template() -> ResponseReturnValue:
    """A blank district workbook with every sheet and heading."""
    return send_file(io.BytesIO(export.template()), mimetype=XLSX, as_attachment=True,
                     download_name="district-template.xlsx", max_age=0)


def init_app(server: Flask) -> None:
    """Serve the district workbook's files."""
    server.register_blueprint(admin_files)
