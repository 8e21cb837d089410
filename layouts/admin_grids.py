"""The grid layer (/admin/grids): upload GeoJSON, see its refusals or a preview, import it."""

from __future__ import annotations

from dash import dcc, html

from layouts import admin, admin_district, charts, ids
from layouts.text import t

PREVIEW_CONFIG = {"displayModeBar": False, "scrollZoom": False}


def layout(lang: str = "zh") -> html.Div:
    """The page: the drop zone, what the layer would do, its preview and the import button."""
    return admin.frame("/admin/grids", lang, [
        dcc.Store(id=ids.GRIDS_LANG, data=lang),
        dcc.Store(id=ids.GRIDS_PENDING),
        html.Section(className="admin-section", children=[
            html.H2(t("grids_title", lang)),
            admin_district.upload(ids.GRIDS_UPLOAD, t("grids_upload", lang),
                                  ".geojson,.json"),
            html.Div(id=ids.GRIDS_RESULT, className="admin-message"),
            dcc.Graph(id=ids.GRIDS_PREVIEW, figure=charts.blank(), config=PREVIEW_CONFIG,
                      className="admin-preview-map", style={"height": "420px"}),
            html.Div(className="admin-form", children=[
                html.Button(t("grids_apply", lang), id=ids.GRIDS_APPLY, disabled=True)]),
            html.Div(id=ids.GRIDS_MESSAGE, className="admin-message"),
        ]),
    ])
