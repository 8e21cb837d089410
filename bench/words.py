"""What the generated trail says: actors, notes and the events' JSON, built column-wise.

Strings are numpy object arrays, so `+` joins them row by row at C speed. The JSON is written
as `json.dumps` writes it (", " and ": " separators, ASCII only), as the moves store it.
"""

from __future__ import annotations

from functools import reduce
from operator import add

import numpy as np

from bench.trail import NULL

# The moves' fixed notes, as the demo history writes them.
NOTES = {
    "reject": "不属于受理范围，已告知来电人",
    "self_handle": "现场处置完毕",
    "send_back": "不属于本部门职责",
    "park": "需财政资金立项，纳入挂账管理",
    "resume": "资金已落实",
    "request_extension": "涉及多方协调，需延长办理时限",
    "refuse_extension": "可按期办结",
    "return": "核查发现问题未彻底解决",
    "verify": "现场核查已整改",
}


def objects(values: object) -> np.ndarray:
    """Any array or list of strings as an object array."""
    return np.asarray(values, dtype=object)


def iso(seconds: np.ndarray) -> np.ndarray:
    """Epoch seconds as datetime.isoformat() writes aware UTC times; NULL stays None."""
    text = np.datetime_as_string(seconds.astype("datetime64[s]"), unit="s").astype(object)
    text = text + "+00:00"
    text[seconds == NULL] = None
    return text


def string(values: np.ndarray) -> np.ndarray:
    """JSON strings (the values are plain ASCII codes and units)."""
    return '"' + objects(values) + '"'


def boolean(values: np.ndarray) -> np.ndarray:
    """JSON true/false."""
    return np.where(values, "true", "false").astype(object)


def nullable(values: np.ndarray) -> np.ndarray:
    """JSON strings, with null for None."""
    return objects(["null" if v is None else f'"{v}"' for v in values])


def number(values: np.ndarray) -> np.ndarray:
    """JSON integers."""
    return np.asarray(values, dtype=np.int64).astype(str).astype(object)


def document(**fields: np.ndarray) -> list[str]:
    """One JSON object per row, from columns of already-encoded values, in keyword order."""
    parts: list[object] = []
    for key, value in fields.items():
        parts += [", " if parts else "{", f'"{key}": ', value]
    return list(reduce(add, [*parts, "}"]))


def pick(rng: np.random.Generator, pool: list[str], count: int) -> np.ndarray:
    """`count` entries drawn from `pool`, as an object array."""
    return objects(pool)[rng.integers(0, len(pool), count)]
