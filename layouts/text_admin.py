"""The UI strings of the administration pages' later parts: liaisons' departments, upload limits."""

from __future__ import annotations

ADMIN: dict[str, dict[str, str]] = {
    "admin_department": {"zh": "所属部门（部门联络员）", "en": "Department (a liaison's)"},
    "admin_col_department": {"zh": "部门", "en": "Department"},
    "admin_user_history": {"zh": "变更记录", "en": "History"},
    "admin_department_bound": {"zh": "用户 {username} 已绑定部门 {department}。",
                               "en": "{username} is now bound to department {department}."},
    "grids_dropped": {"zh": "文件中没有的网格：{deactivated} 个有事件引用，保留并停用；"
                            "{removed} 个删除。",
                      "en": "Grids the file no longer holds: {deactivated} kept inactive "
                            "(incidents refer to them), {removed} removed."},
    "admin_upload_too_large": {"zh": "未执行：文件 {size} 超过上限 {limit}",
                               "en": "Not done: the file ({size}) is over the limit of {limit}"},
}
