"""The UI strings of the administration pages' later parts: liaisons' departments, upload
limits, the webhooks' log."""

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
    "admin_nav_webhooks": {"zh": "数据推送", "en": "Webhooks"},
    "page_admin_webhooks": {"zh": "数据推送", "en": "Webhooks"},
    "hooks_title": {"zh": "各来源系统的推送地址", "en": "Each source's webhook"},
    "hooks_none": {"zh": "尚无来源系统登记推送地址。", "en": "No source has a webhook."},
    "hooks_deliveries": {"zh": "最近的推送", "en": "Latest deliveries"},
    "hooks_no_deliveries": {"zh": "尚无推送。", "en": "No deliveries yet."},
    "hooks_col_source": {"zh": "来源系统", "en": "Source"},
    "hooks_col_url": {"zh": "地址", "en": "URL"},
    "hooks_col_topics": {"zh": "订阅", "en": "Topics"},
    "hooks_col_last": {"zh": "最近一次", "en": "Last delivery"},
    "hooks_col_failures": {"zh": "失败 / 重试中", "en": "Failed / retrying"},
    "hooks_col_id": {"zh": "编号", "en": "Delivery"},
    "hooks_col_time": {"zh": "时间", "en": "Time"},
    "hooks_col_event": {"zh": "事件", "en": "Event"},
    "hooks_col_status": {"zh": "状态", "en": "Status"},
    "hooks_col_answer": {"zh": "对方应答", "en": "Answer"},
    "hooks_col_attempts": {"zh": "尝试次数", "en": "Attempts"},
    "hooks_col_next": {"zh": "下次尝试", "en": "Next try"},
    "hooks_col_resend": {"zh": "重新推送", "en": "Resend"},
    "hooks_status_pending": {"zh": "待发送", "en": "pending"},
    "hooks_status_delivered": {"zh": "已送达", "en": "delivered"},
    "hooks_status_failed": {"zh": "已放弃", "en": "failed"},
    "hooks_resend": {"zh": "重新推送", "en": "Resend"},
    "hooks_resent_by": {"zh": "{by} 于 {at} 重推", "en": "resent by {by} at {at}"},
    "hooks_resent": {"zh": "推送 {id} 已重新排队，立即发送。",
                     "en": "Delivery {id} is due again and goes out at once."},
    "hooks_gone": {"zh": "未执行：推送 {id} 已不存在（其推送地址已删除）。",
                   "en": "Not done: delivery {id} no longer exists (its webhook was removed)."},
    "admin_upload_too_large": {"zh": "未执行：文件 {size} 超过上限 {limit}",
                               "en": "Not done: the file ({size}) is over the limit of {limit}"},
}
