"""The UI strings of the desks: the frame, the incidents list, the moves and the liaison's desk."""

from __future__ import annotations

DESKS: dict[str, dict[str, str]] = {
    "role_department": {"zh": "部门联络员", "en": "Department liaison"},
    # The frame's links and each page's title
    "page_wall": {"zh": "大屏", "en": "Wall"},
    "page_overview": {"zh": "总览", "en": "Overview"},
    "page_desk": {"zh": "部门工作台", "en": "Department desk"},
    "page_duty": {"zh": "值班台", "en": "Duty console"},
    "page_incidents": {"zh": "事件查询", "en": "Incidents"},
    "page_incident": {"zh": "事件详情", "en": "Incident"},
    "page_scorecards": {"zh": "考核排名", "en": "Scorecards"},
    "page_admin": {"zh": "系统管理", "en": "Administration"},
    "page_status": {"zh": "事件库状态", "en": "Store status"},
    "access_department_required": {"zh": "部门联络员须绑定一个部门",
                                   "en": "a department liaison needs a department"},
    "access_department_unknown": {"zh": "没有启用的部门 {department}",
                                  "en": "there is no active department {department}"},
    "access_department_unbound": {"zh": "只有部门联络员绑定部门",
                                  "en": "only a department liaison is bound to a department"},
}
