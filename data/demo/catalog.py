"""The demo district's departments and its whistle list (吹哨清单) with deadlines."""

from __future__ import annotations

from dataclasses import dataclass

from data.domain import ClassKind, LimitUnit


@dataclass(frozen=True)
class DepartmentPlan:
    """A department (职能部门) that incidents are dispatched to."""

    code: str
    name: str
    short_name: str


@dataclass(frozen=True)
class ItemClassPlan:
    """One of the three classes of the whistle list."""

    code: str
    kind: ClassKind
    name: str


@dataclass(frozen=True)
class ItemPlan:
    """An item of the whistle list: its lead department, limits and how often it is reported."""

    code: str
    name: str
    class_code: str
    lead_department: str
    response_amount: float
    response_unit: LimitUnit
    resolution_amount: float
    resolution_unit: LimitUnit
    weight: float


DEPARTMENTS = (
    DepartmentPlan("D01", "区城市管理局（区综合行政执法局）", "城管"),
    DepartmentPlan("D02", "区公安分局", "公安"),
    DepartmentPlan("D03", "区消防救援大队", "消防"),
    DepartmentPlan("D04", "区生态环境分局", "环保"),
    DepartmentPlan("D05", "区市场监督管理局", "市监"),
    DepartmentPlan("D06", "区住房和城乡建设局", "住建"),
    DepartmentPlan("D07", "区民政局", "民政"),
    DepartmentPlan("D08", "区卫生健康局", "卫健"),
    DepartmentPlan("D09", "区应急管理局", "应急"),
    DepartmentPlan("D10", "区水利局", "水利"),
    DepartmentPlan("D11", "区供电公司", "供电"),
    DepartmentPlan("D12", "区交通运输局", "交通"),
    DepartmentPlan("D13", "区自然资源和规划分局", "规划"),
    DepartmentPlan("D14", "区园林绿化管理中心", "园林"),
    DepartmentPlan("D15", "区燃气公司", "燃气"),
    DepartmentPlan("D16", "区自来水公司", "供水"),
    DepartmentPlan("D17", "区教育局", "教育"),
    DepartmentPlan("D18", "区人力资源和社会保障局", "人社"),
    DepartmentPlan("D19", "区司法局", "司法"),
    DepartmentPlan("D20", "区信访局", "信访"),
    DepartmentPlan("D21", "区住房保障和房产管理局", "房管"),
    DepartmentPlan("D22", "区农业农村局", "农业"),
    DepartmentPlan("D23", "区文化和旅游局", "文旅"),
    DepartmentPlan("D24", "区商务局", "商务"),
    DepartmentPlan("D25", "通信运营商联合服务中心", "通信"),
    DepartmentPlan("D26", "街道综合行政执法队", "街道执法"),
    DepartmentPlan("D27", "区公安分局交通警察大队", "交警"),
    DepartmentPlan("D28", "区环境卫生管理中心", "环卫"),
)

ITEM_CLASSES = (
    ItemClassPlan("ZF", ClassKind.ENFORCEMENT, "综合执法"),
    ItemClassPlan("GL", ClassKind.SERVICE, "管理服务"),
    ItemClassPlan("YJ", ClassKind.EMERGENCY, "应急处置"),
)

# Natural hours for what cannot wait, working hours for daily cleanliness, working days for
# the rest; the weights are relative report frequencies (rubbish is reported daily, fire rarely).
_H, _WH, _WD = LimitUnit.HOURS, LimitUnit.WORK_HOURS, LimitUnit.WORK_DAYS
ITEMS = (
    ItemPlan("ZF01", "违法建设", "ZF", "D01", 1.0, _WD, 15.0, _WD, 3.0),
    ItemPlan("ZF02", "占道经营", "ZF", "D26", 1.0, _WH, 1.0, _WD, 10.0),
    ItemPlan("ZF03", "乱堆物料", "ZF", "D26", 1.0, _WH, 2.0, _WD, 6.0),
    ItemPlan("ZF04", "油烟扰民", "ZF", "D04", 1.0, _WD, 5.0, _WD, 3.0),
    ItemPlan("ZF05", "噪音扰民", "ZF", "D02", 1.0, _WH, 3.0, _WD, 8.0),
    ItemPlan("ZF06", "渣土遗撒", "ZF", "D01", 1.0, _WH, 8.0, _WH, 3.0),
    ItemPlan("ZF07", "非法小广告", "ZF", "D26", 1.0, _WD, 3.0, _WD, 5.0),
    ItemPlan("ZF08", "群租房", "ZF", "D21", 1.0, _WD, 10.0, _WD, 2.0),
    ItemPlan("ZF09", "消防通道堵塞", "ZF", "D03", 1.0, _WH, 1.0, _WD, 4.0),
    ItemPlan("ZF10", "电动车楼道充电", "ZF", "D03", 1.0, _WH, 1.0, _WD, 5.0),
    ItemPlan("ZF11", "高空抛物", "ZF", "D02", 1.0, _WH, 3.0, _WD, 1.5),
    ItemPlan("ZF12", "违规停车", "ZF", "D27", 1.0, _WH, 4.0, _WH, 7.0),
    ItemPlan("ZF13", "违法占用耕地", "ZF", "D13", 1.0, _WD, 15.0, _WD, 0.5),
    ItemPlan("GL01", "道路不洁", "GL", "D28", 1.0, _WH, 5.0, _WH, 12.0),
    ItemPlan("GL02", "垃圾清运不及时", "GL", "D28", 1.0, _WH, 4.0, _WH, 14.0),
    ItemPlan("GL03", "道路破损", "GL", "D12", 1.0, _WD, 5.0, _WD, 4.0),
    ItemPlan("GL04", "路灯不亮", "GL", "D01", 1.0, _WD, 3.0, _WD, 5.0),
    ItemPlan("GL05", "井盖缺失", "GL", "D01", 1.0, _H, 8.0, _H, 1.5),
    ItemPlan("GL06", "绿化损毁", "GL", "D14", 1.0, _WD, 5.0, _WD, 3.0),
    ItemPlan("GL07", "供水故障", "GL", "D16", 1.0, _H, 24.0, _H, 2.0),
    ItemPlan("GL08", "停电", "GL", "D11", 0.5, _H, 12.0, _H, 1.0),
    ItemPlan("GL09", "下水道堵塞", "GL", "D01", 1.0, _WH, 2.0, _WD, 4.0),
    ItemPlan("GL10", "通信线缆凌乱", "GL", "D25", 1.0, _WD, 5.0, _WD, 3.0),
    ItemPlan("GL11", "共享单车乱停放", "GL", "D12", 1.0, _WH, 4.0, _WH, 6.0),
    ItemPlan("GL12", "邻里纠纷", "GL", "D19", 1.0, _WD, 5.0, _WD, 5.0),
    ItemPlan("GL13", "物业纠纷", "GL", "D21", 1.0, _WD, 5.0, _WD, 5.0),
    ItemPlan("GL14", "欠薪讨薪", "GL", "D18", 1.0, _WD, 5.0, _WD, 2.0),
    ItemPlan("GL15", "食品安全", "GL", "D05", 1.0, _WH, 3.0, _WD, 2.0),
    ItemPlan("YJ01", "火情", "YJ", "D03", 0.5, _H, 24.0, _H, 0.3),
    ItemPlan("YJ02", "燃气泄漏", "YJ", "D15", 0.5, _H, 12.0, _H, 0.2),
    ItemPlan("YJ03", "交通事故", "YJ", "D27", 0.5, _H, 24.0, _H, 1.2),
    ItemPlan("YJ04", "积水内涝", "YJ", "D10", 0.5, _H, 24.0, _H, 1.0),
    ItemPlan("YJ05", "树木倒伏", "YJ", "D14", 0.5, _H, 24.0, _H, 0.8),
    ItemPlan("YJ06", "危房隐患", "YJ", "D06", 0.5, _H, 24.0, _H, 0.3),
    ItemPlan("YJ07", "安全生产隐患", "YJ", "D09", 1.0, _H, 72.0, _H, 0.5),
    ItemPlan("YJ08", "群体性诉求", "YJ", "D20", 0.5, _H, 24.0, _H, 0.2),
)
