"""District workbooks built in code, as a district would fill the template in."""

from __future__ import annotations

import copy
import io
from typing import Any

from openpyxl import Workbook

HEADINGS = {
    "区": ["代码", "名称", "时区", "办公时间"],
    "街道": ["代码", "名称"],
    "社区": ["代码", "名称"],
    "部门": ["代码", "名称", "简称"],
    "事项": ["类别", "代码", "名称", "主办部门", "响应时限", "响应单位", "办结时限", "办结单位"],
    "日历": ["日期", "类型"],
}
GOOD: dict[str, list[list[Any]]] = {
    "区": [["330100", "测试区", "Asia/Shanghai", "09:00-12:00,13:30-17:30"]],
    "街道": [["330100001", "望江街道"], ["330100002", "闸弄口街道"]],
    "社区": [["330100001001", "翠苑社区"], ["330100001002", "石桥社区"],
             ["330100002001", "天城社区"]],
    "部门": [["CG", "区城管局", "城管"], ["SJ", "区市场监管局", "市监"],
             ["YJ", "区应急管理局", "应急"]],
    "事项": [
        ["综合执法", "ZF01", "占道经营", "CG", 1, "工作时", 3, "工作日"],
        ["管理服务", "GL01", "道路不洁", "CG", 1, "小时", 5, "工作时"],
        ["应急处置", "YJ01", "燃气泄漏", "YJ", 0.5, "小时", 24, "小时"],
    ],
}


def tables(**changes: list[list[Any]]) -> dict[str, list[list[Any]]]:
    """The good workbook's rows by sheet, with some sheets replaced."""
    out = copy.deepcopy(GOOD)
    out.update(changes)
    return out


def build(sheets: dict[str, list[list[Any]]], headings: dict[str, list[str]] | None = None
          ) -> bytes:
    """An XLSX file of the given rows under each sheet's headings."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        page = book.create_sheet(name)
        page.append((headings or HEADINGS)[name])
        for row in rows:
            page.append(row)
            for cell in page[page.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # typed in as text, even when it starts with '='
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def grid_layer() -> dict[str, Any]:
    """Grids of the good workbook's communities, side by side along 120° E."""
    features = []
    for index, community in enumerate(("330100001001", "330100001002", "330100002001")):
        lon = 120.0 + index * 0.01
        ring = [[lon, 30.0], [lon + 0.01, 30.0], [lon + 0.01, 30.01], [lon, 30.01], [lon, 30.0]]
        features.append({"type": "Feature",
                         "geometry": {"type": "Polygon", "coordinates": [ring]},
                         "properties": {"code": f"{community}001", "name": f"第{index + 1}网格"}})
    return {"type": "FeatureCollection", "features": features}
