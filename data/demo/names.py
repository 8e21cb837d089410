"""Draw Chinese place and person names that look real for the demo district."""

from __future__ import annotations

import random

# Stems of street (街道) and town (镇) names; common Zhejiang-style place words.
STREET_STEMS = tuple(
    "望江 观潮 长河 清波 湖滨 文昌 新湾 东渡 海月 春江 明珠 云栖 江南 浦阳".split()
)
TOWN_STEMS = tuple("临浦 义桥 河庄 新塘 云峰 衙前 楼塔 瓜沥".split())

# Stems of community (社区) names in the urban streets and in town seats.
COMMUNITY_STEMS = tuple(
    "翠苑 文鼎 嘉绿 古荡 华星 紫金 春晖 和睦 朝晖 景华 长庆 锦绣 星光 阳光 滨和 "
    "江锦 丹枫 湘云 钱江 东信 白马 月明 宝善 天水 望月 秋涛 彩虹 碧水 青枫 桂花 "
    "梅苑 兰亭 竹园 荷塘 凤凰 玉泉 金沙 银湖 新华 东园 南苑 西溪 北辰 中河 平安 "
    "康乐 福田 瑞祥 紫荆 海棠 樱花 晨光 明月 清风 华庭 江晖 听涛 雅苑 枫桥 映月".split()
)
# Stems of village (村) names in the towns.
VILLAGE_STEMS = tuple(
    "石桥 沈家 王家埭 前进 大树 新丰 双桥 杨汛 里山 湖头 上董 下洋 "
    "塘头 横山 枫林 桃源 梅里 茶坞 竹林 永兴 联合 民丰 东湖 南阳".split()
)

# Common surnames, the most frequent first and listed more than once for their weight.
SURNAMES = (
    "王王王李李李张张张刘刘陈陈杨杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹"
    "彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟"
    "熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤"
)
# Characters common in given names.
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文玉兰志红海燕晓婷斌鹏辉宇浩"
    "凯佳琳欣怡雪梅丹雯倩颖晨峰林波俊慧云春荣新利清飞彬富顺信子涵博睿萍卫东亮旭"
)


def street_names(rng: random.Random, streets: int, towns: int) -> tuple[list[str], list[str]]:
    """Return distinct street names (…街道) and town names (…镇)."""
    street = [stem + "街道" for stem in rng.sample(STREET_STEMS, streets)]
    town = [stem + "镇" for stem in rng.sample(TOWN_STEMS, towns)]
    return street, town


def community_names(
    rng: random.Random, communities: int, villages: int
) -> tuple[list[str], list[str]]:
    """Return distinct community names (…社区) and village names (…村) for a whole district."""
    community = [stem + "社区" for stem in rng.sample(COMMUNITY_STEMS, communities)]
    village = [stem + "村" for stem in rng.sample(VILLAGE_STEMS, villages)]
    return community, village


def person(rng: random.Random) -> str:
    """Return a plausible person name: a surname and a one- or two-character given name."""
    given = rng.choice(GIVEN_CHARS)
    # About a quarter of given names have a single character.
    if rng.random() > 0.25:
        given += rng.choice(GIVEN_CHARS)
    return rng.choice(SURNAMES) + given


def people(rng: random.Random, count: int) -> list[str]:
    """Return count distinct person names."""
    names: list[str] = []
    while len(names) < count:
        name = person(rng)
        if name not in names:
            names.append(name)
    return names
