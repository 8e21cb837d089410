"""The product's vocabulary: states, sources, priorities, units and kinds."""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    """Where an incident stands in its life (PRODUCT §4)."""

    REPORTED = "reported"
    ACCEPTED = "accepted"  # 立案
    REJECTED = "rejected"
    DISPATCHED = "dispatched"  # 派遣 / 吹哨
    IN_PROGRESS = "in_progress"  # 签收 / 报到
    RESOLVED = "resolved"  # 处置完毕
    VERIFIED = "verified"  # 核查通过
    CLOSED = "closed"  # 结案
    PARKED = "parked"  # 挂账
    MERGED = "merged"  # 并入重复事件


# Still being handled: the problem is not yet fixed.
OPEN_STATES = frozenset({State.REPORTED, State.ACCEPTED, State.DISPATCHED, State.IN_PROGRESS})
# Nothing more can happen to these.
FINAL_STATES = frozenset({State.REJECTED, State.CLOSED, State.MERGED})
# The resolution clock runs in these (an incident can be overdue only here).
CLOCK_STATES = frozenset({State.DISPATCHED, State.IN_PROGRESS})


class Source(StrEnum):
    """How an incident reached the command centre."""

    PATROL = "patrol"  # 网格员巡查
    RESIDENT = "resident"  # 群众报事
    HOTLINE = "hotline"  # 12345 热线
    IOT = "iot"  # 智能感知
    DEPARTMENT = "department"  # 部门转办
    LEADER = "leader"  # 领导交办


class Priority(StrEnum):
    """How urgent an incident is; urgent and high shorten its limits."""

    URGENT = "urgent"
    HIGH = "high"
    NORMAL = "normal"


class LimitUnit(StrEnum):
    """The unit a response or resolution limit is counted in."""

    HOURS = "hours"  # natural hours
    WORK_HOURS = "work_hours"  # 工作时
    WORK_DAYS = "work_days"  # 工作日


class Level(StrEnum):
    """The level at which an incident was resolved."""

    GRID = "grid"
    COMMUNITY = "community"
    STREET = "street"
    DISTRICT = "district"


# 就地化解: resolved without leaving the grid or the community.
LOCAL_LEVELS = frozenset({Level.GRID, Level.COMMUNITY})


class Rating(StrEnum):
    """The reporter's rating at the callback (回访)."""

    SATISFIED = "satisfied"  # 满意
    BASIC = "basic"  # 基本满意
    DISSATISFIED = "dissatisfied"  # 不满意


class ClassKind(StrEnum):
    """The three classes of the whistle list (吹哨清单)."""

    ENFORCEMENT = "enforcement"  # 综合执法
    SERVICE = "service"  # 管理服务
    EMERGENCY = "emergency"  # 应急处置


class AlertKind(StrEnum):
    """What an alert warns of (PRODUCT §5)."""

    DUE_SOON = "due_soon"  # 黄色预警
    RESPONSE_OVERDUE = "response_overdue"
    OVERDUE = "overdue"  # 红色超期


class ActorKind(StrEnum):
    """Who made a move: a signed-in person or a source system."""

    PERSON = "person"
    SYSTEM = "system"


class Role(StrEnum):
    """What a signed-in user may do."""

    DISPLAY = "display"
    DEPARTMENT = "department"  # 部门联络员: bound to one department, its incidents only
    LEADER = "leader"
    DUTY = "duty"
    ADMIN = "admin"
