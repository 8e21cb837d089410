"""The UI strings of the street walls and of the tokens bound to a street."""

from __future__ import annotations

STREETS: dict[str, dict[str, str]] = {
    "wall_communities": {"zh": "社区排名", "en": "Communities"},
    "wall_col_community": {"zh": "社区", "en": "Community"},
    "wall_street_only": {"zh": "{name} 的令牌只能打开街道 {street} 的大屏。",
                         "en": "The token of {name} opens the wall of street {street} only."},
    "wall_no_street_title": {"zh": "没有这个街道", "en": "No such street"},
    "wall_no_street": {"zh": "本区没有代码为 {street} 的街道，请核对大屏地址中的 street。",
                       "en": "The district has no street with the code {street}; check the "
                             "street in the wall's address."},
    "admin_token_street": {"zh": "绑定街道（可选）", "en": "Bound to a street (optional)"},
    "admin_token_district": {"zh": "全区大屏", "en": "The district's wall"},
    "admin_col_street": {"zh": "街道", "en": "Street"},
    "access_street_unknown": {"zh": "没有启用的街道 {street}",
                              "en": "no active street {street}"},
    "access_street_not_display": {"zh": "只有大屏令牌可以绑定街道",
                                  "en": "only a wall's token is bound to a street"},
    # Rotating walls (PRODUCT §7): the header says which view is up and what comes next.
    "wall_view_next": {"zh": "{n}/{total} · {seconds} 秒后：{next}",
                       "en": "{n}/{total} · {next} in {seconds} s"},
    "wall_view_district": {"zh": "全区", "en": "District"},
    "wall_rotation_only": {"zh": "{name} 的令牌只轮播 {views}，不含 {street}。",
                           "en": "The token of {name} rotates through {views} only, not "
                                 "{street}."},
    "wall_rotate_bad_title": {"zh": "轮播间隔有误", "en": "Bad rotation interval"},
    "wall_rotate_bad": {"zh": "轮播间隔 rotate 须为 {shortest}–{longest} 的整数秒。",
                        "en": "rotate: whole seconds from {shortest} to {longest}."},
    "admin_token_rotate": {"zh": "轮播视图（可选，如 district,S01,S02）",
                           "en": "Rotate through (optional, e.g. district,S01,S02)"},
    "admin_token_every": {"zh": "轮播间隔秒数（可选）", "en": "Seconds per view (optional)"},
    "admin_col_rotation": {"zh": "轮播", "en": "Rotation"},
    "admin_rotation_all": {"zh": "全区及各街道，每 {seconds} 秒",
                           "en": "district and every street, every {seconds} s"},
    "admin_rotation_listed": {"zh": "{views}，每 {seconds} 秒",
                              "en": "{views}, every {seconds} s"},
    "access_rotation_not_display": {"zh": "只有大屏令牌可以轮播",
                                    "en": "only a wall's token rotates"},
    "access_rotation_street": {"zh": "绑定街道的令牌不轮播；请把该街道列入轮播视图",
                               "en": "a token bound to one street does not rotate; list the "
                                     "street among the views instead"},
    "access_rotation_seconds": {"zh": "轮播间隔须为 {shortest}–{longest} 的整数秒",
                                "en": "rotation interval: whole seconds from {shortest} to "
                                      "{longest}"},
    "access_rotation_views": {"zh": "轮播视图须为 2–{most} 个",
                              "en": "rotation views: from 2 to {most} views"},
    "access_rotation_twice": {"zh": "轮播视图重复：{views}",
                              "en": "rotation views listed twice: {views}"},
    "access_rotation_unknown": {"zh": "轮播视图中没有启用的街道：{views}（街道代码或 district）",
                                "en": "rotation views: no active street {views} (a street's "
                                      "code, or district)"},
}
