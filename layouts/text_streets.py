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
}
