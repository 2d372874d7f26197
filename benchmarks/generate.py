"""Write N synthetic, schema-valid platform data files, for timing kefu at GetHuman scale.

    python benchmarks/generate.py 10000 /tmp/kefu-10k
    KEFU_DATA_DIR=/tmp/kefu-10k kefu douyin 充值未到账

Every file is shaped like the bundled ones (5-7 channels, 5-7 categories with 20-40 keywords each,
sources, warnings, a domain, sometimes a disputed contact; about 8-10 KB) and passes
`kefu validate DIR`. Names are varied Chinese and Latin brand-like words, so the name index holds
realistic keys (pinyin, initials, collisions at the initials level), and ids and aliases are unique
and never shadow a bundled platform.

The data is synthetic and says so: every summary reads 合成测试数据, every source points at this
script, no channel carries a phone number (only reserved `.example` addresses), and all statuses
are "reported". Output is deterministic for a given N and --seed.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

SYNTHETIC = "合成测试数据"
DATE = "2026-01-01"

# Characters brand names are made of (two or three of them make a name).
NAME_CHARS = (
    "美团快手淘宝京东拼多飞猪携程去哪小红书知乎豆瓣网易云音乐酷狗喜马拉雅滴哈啰曹操高德百度腾讯微博盒叮咚买菜"
    "每日优鲜得物唯品会苏宁国当蘑菇街贝壳链家安居客瓜子二手车汽之懂帝猫狗鱼鹅鸭熊象虎狮龙凤星月光辰海山川河湖"
    "林森木花草叶果桃李橙柚莓茶咖啡奶糖蜜甜酸辣香味趣玩游戏学课读写画影视频播秀拍剪映图片相机萌宠萝卜青禾麦"
    "田园丰收金银铜铁钻石玉珠宇宙银河极速闪电雷风雨雪霜晴朗天地人和万象千帆百川九州四海八方五福六六七彩橘喵"
)
LATIN_SYLLABLES = (*(c + v for c in "bdfghjklmnprstvwxyz" for v in "aeiou"), "qu", "zh", "sh")
LATIN_ENDINGS = ("", "", "", "n", "x", "r", "l", "s", "m")
BRAND_SUFFIXES = ("", "", "", "", "go", "pay", "mall", "hub", "live", "tv", "yun")

CN_SUFFIXES = ("app", "商城", "极速版", "官方版", "平台", "直播", "钱包", "电商", "国际版", "助手")

CHANNEL_KINDS = (
    ("online_chat", "App 内在线客服"),
    ("phone", "客服热线"),
    ("email", "客服邮箱"),
    ("ticket", "工单系统"),
    ("feedback_form", "意见反馈表"),
    ("help_center", "帮助中心"),
    ("social", "官方社交账号"),
)

CATEGORIES = {
    "account": (
        "账号问题（登录、封禁、换绑、密码）",
        "账号 登录 登录异常 登不上 封号 封禁 解封 冻结 申诉 账号申诉 密码 找回密码 忘记密码 换绑手机号 解绑 "
        "实名认证 安全验证 注销账号 被盗号 异地登录 账号锁定 收不到验证码 改绑 换设备 昵称 头像 禁言 注册 "
        "注册失败 认证失败 两步验证 账号找回 被限制登录 账号异常 账号被冻结 login password banned account",
    ),
    "content": (
        "内容与社区（作品下架、违规申诉、举报、侵权）",
        "视频被删 作品下架 下架 违规 违规申诉 限流 审核 举报 侵权 版权 内容投诉 评论 私信骚扰 违法内容 "
        "审核不通过 弹幕 搬运 抄袭 原创保护 谣言 低俗 社区规范 笔记被删 帖子被删 直播被封 封面违规 标题违规 "
        "被误判 申诉失败 report copyright takedown harassment",
    ),
    "technical": (
        "技术故障（闪退、卡顿、发布失败）",
        "闪退 卡顿 卡死 打不开 无法登录 发布失败 上传失败 加载失败 黑屏 白屏 功能异常 没有声音 崩溃 转圈 "
        "网络错误 下载失败 播放失败 更新失败 安装失败 报错 错误代码 收不到通知 推送 同步失败 备份 耗电 发热 "
        "crash bug error freeze lag",
    ),
    "payment": (
        "支付与充值（退款、扣费、提现）",
        "充值 充值未到账 扣费 扣款 退款 支付 付款失败 提现 自动续费 订单 重复扣费 莫名扣费 取消续费 免密支付 "
        "余额 钱包 银行卡 会员 发票 账单 转账 交易失败 提现失败 到账 没到账 礼物 打赏 优惠券抵扣 分期 "
        "refund recharge payment billing wallet",
    ),
    "live_commerce": (
        "直播与电商（开播、订单、售后）",
        "直播 开播 直播间 带货 橱窗 小店 商品 订单 售后 退货 物流 发货 团购 商家 卖家 买家 换货 快递 "
        "不发货 没收到货 假货 质量问题 仅退款 退货退款 保证金 核销 上架 配送 外卖 店铺 连麦 "
        "shop order delivery return seller",
    ),
    "privacy_security": (
        "隐私与安全（诈骗、冒充客服、隐私）",
        "诈骗 骗子 被骗 冒充客服 可疑电话 陌生来电 验证码 隐私 个人信息泄露 被盗 钓鱼链接 可疑链接 假客服 "
        "安全账户 共享屏幕 盗刷 黑名单 拉黑 屏蔽 定位 权限 信息泄露 防骗 反诈 中奖 关闭会员 注销校园贷 "
        "scam fraud phishing privacy security",
    ),
    "feedback": (
        "建议、合作与其他",
        "建议 意见 反馈 合作 商务合作 投诉 其他 功能建议 产品建议 吐槽 表扬 投诉客服 品牌合作 广告合作 入驻 "
        "媒体 招聘 活动 活动规则 咨询 联系方式 人工客服 改进 体验 新功能 "
        "feedback suggestion cooperation partnership complaint",
    ),
}
# Platform-specific compounds, like 抖币 or 快手小店: the brand name plus one of these.
OWN_NOUNS = (
    "币",
    "会员",
    "钱包",
    "小店",
    "商城",
    "直播",
    "账号",
    "积分",
    "卡券",
    "红包",
    "超市",
    "学堂",
)

PATH_STEPS = (
    "打开 {name} App，进入「我的」",
    "点右上角「设置」",
    "进入「帮助与客服」",
    "选择你的问题，或点「联系客服」用文字描述",
    "按页面提示上传截图并提交",
)
HOURS = (
    ("每天 09:00–21:00", "daily", "09:00", "21:00"),
    ("工作日 09:00–18:00", "workdays", "09:00", "18:00"),
    ("每天 08:00–22:00", "daily", "08:00", "22:00"),
    ("周一至周五 10:00–19:00", "weekdays", "10:00", "19:00"),
)
CHECKLIST = (
    "账号 ID 或绑定的手机号",
    "问题发生的时间与页面提示截图",
    "订单号与支付凭证",
    "与客服沟通的记录",
    "能证明账号归属的材料",
    "手机型号、系统版本与 App 版本",
)
WARNINGS = (
    "{name}不会要求你下载第三方 App、转账到“安全账户”或共享屏幕。",
    "网上搜到的“{name}客服电话”可能是诈骗号码；请从 App 内的官方入口联系客服。",
    "{name}客服不会索要密码或验证码。",
)


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (always safe, whatever the text)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(_quote(i) for i in items) + "]"


def squash(text: str) -> str:
    """Like kefu's name keys: lower case, no spaces or punctuation."""
    return re.sub(r"[^\w]|_", "", text.lower())


def _reserved_names() -> set[str]:
    """Squashed ids, names and aliases of the bundled platforms: generated names avoid them."""
    try:
        import yaml

        from kefu_cli.catalog import paths
    except ImportError:  # run outside the kefu environment: collisions are then merely possible
        return set()
    out: set[str] = set()
    for f in sorted(paths.bundled_platform_dir().glob("*.y*ml")):
        try:
            data = yaml.safe_load(f.read_text(encoding="utf-8"))
        except Exception:
            continue
        if isinstance(data, dict):
            names = [
                data.get("id"),
                data.get("name"),
                data.get("name_en"),
                *(data.get("aliases") or ()),
            ]
            out.update(squash(str(n)) for n in names if n)
    return out


class Names:
    """Unique Chinese and Latin brand names."""

    def __init__(self, rng: random.Random, reserved: set[str]) -> None:
        self.rng = rng
        self.used = set(reserved)

    def claim(self, name: str) -> bool:
        """Reserve `name`; False if it (or its squashed form) is already taken."""
        key = squash(name)
        if key in self.used:
            return False
        self.used.add(key)
        return True

    def _take(self, make: Callable[[], str]) -> str:
        for _ in range(10_000):
            name = make()
            if self.claim(name):
                return name
        raise RuntimeError("ran out of names: lower N or add characters")

    def chinese(self) -> str:
        def make() -> str:
            n = self.rng.choice((2, 2, 2, 3, 3, 4))
            return "".join(self.rng.choice(NAME_CHARS) for _ in range(n))

        return self._take(make)

    def latin(self) -> str:
        def make() -> str:
            n = self.rng.choice((2, 2, 3, 3, 4))
            word = "".join(self.rng.choice(LATIN_SYLLABLES) for _ in range(n))
            word += self.rng.choice(LATIN_ENDINGS) + self.rng.choice(BRAND_SUFFIXES)
            return word.capitalize()

        return self._take(make)


def platform_yaml(i: int, rng: random.Random, names: Names) -> tuple[str, str]:
    """(id, file text) of synthetic platform number i."""
    cn = names.chinese()
    en = names.latin()
    pid = en.lower()
    slug = pid
    aliases = [f"{cn}{s}" for s in rng.sample(CN_SUFFIXES, rng.randint(3, 6))]
    aliases.append(f"{en.lower()} app")
    aliases = [a for a in aliases if names.claim(a)]
    if rng.random() < 0.5:
        aliases.append(names.chinese())  # a former or colloquial name
    if rng.random() < 0.3:
        aliases.append(names.latin().lower())

    lines = [
        f"# {SYNTHETIC}（benchmarks/generate.py 生成，第 {i} 个）：不是真实平台，渠道与联系方式均为虚构。",
        f"id: {pid}",
        f"name: {_quote(cn)}",
        f"name_en: {_quote(en)}",
        f"summary: {_quote(f'{SYNTHETIC}：虚构的平台“{cn}”，用于测试 kefu 在大规模数据下的速度，不是真实平台。')}",
        f"aliases: {_flow(aliases)}",
        "timezone: Asia/Shanghai",
        f"verified_at: {DATE}",
        "sources:",
    ]
    source_ids = [f"synthetic{k}" for k in range(1, rng.randint(3, 5) + 1)]
    for k, sid in enumerate(source_ids, 1):
        lines += [
            f"  - id: {sid}",
            f"    title: {_quote(f'{SYNTHETIC}：{cn} 的虚构资料来源 {k}')}",
            "    ref: benchmarks/generate.py",
            f"    checked: {DATE}",
        ]
    lines += [
        "domains:",
        f"  - domain: {slug}.example",
        "    status: reported",
        f"    sources: [{source_ids[0]}]",
        "",
        "channels:",
    ]
    kinds = [CHANNEL_KINDS[0], *rng.sample(CHANNEL_KINDS[1:], rng.randint(4, 6))]
    channel_ids = []
    for kind, label in kinds:
        cid = kind
        channel_ids.append(cid)
        srcs = rng.sample(source_ids, rng.randint(1, 2))
        lines += [
            f"  - id: {cid}",
            f"    type: {kind}",
            f"    name: {_quote(f'{cn} {label}')}",
        ]
        if kind == "email":
            lines += [f"    contact: help@{slug}.example", "    status: reported"]
        elif kind == "phone":
            lines.append(
                f"    where: {_quote(f'{cn} App「我的 - 设置 - 帮助与客服」页面底部（{SYNTHETIC}，没有号码）')}"
            )
        if kind in ("online_chat", "ticket", "feedback_form", "help_center"):
            steps = [s.format(name=cn) for s in PATH_STEPS[: rng.randint(3, 5)]]
            lines.append("    path:")
            lines += [f"      - {_quote(s)}" for s in steps]
            lines.append("    path_status: reported")
        text, days, start, end = rng.choice(HOURS)
        lines += ["    hours:", f"      text: {_quote(text)}"]
        if rng.random() < 0.6:
            lines += [
                "      schedule:",
                f"        - days: {days}",
                f'          open: "{start}"',
                f'          close: "{end}"',
                "      status: reported",
                f"      sources: [{srcs[0]}]",
            ]
        lines += [
            f"    response_time: {_quote(rng.choice(('通常 24 小时内回复', '即时回复', '1–3 个工作日', '未公布')))}",
            f"    audience: {_quote(f'{cn}的用户与商家')}",
            f"    note: {_quote(f'{SYNTHETIC}：这个渠道是虚构的，只用于测试。')}",
            f"    sources: [{', '.join(srcs)}]",
        ]

    lines += ["", "categories:"]
    cat_ids = list(CATEGORIES)
    chosen = sorted(rng.sample(cat_ids, rng.randint(5, 7)), key=cat_ids.index)
    for cat in chosen:
        name, pool = CATEGORIES[cat]
        words = pool.split()
        count = rng.randint(20, 40)
        own = [f"{cn}{n}" for n in rng.sample(OWN_NOUNS, 3)]
        keywords = own + rng.sample(words, min(count - len(own), len(words)))
        order = rng.sample(channel_ids, rng.randint(1, 3))
        lines += [
            f"  - id: {cat}",
            f"    name: {_quote(name)}",
            f"    keywords: {_flow(keywords)}",
            f"    channels: [{', '.join(order)}]",
            f"    response_time: {_quote(rng.choice(('约 24 小时', '1–3 个工作日', '未公布')))}",
            "    checklist:",
            *(f"      - {_quote(c)}" for c in rng.sample(CHECKLIST, 3)),
            "    escalation:",
            f"      - {_quote(f'{order[0]} 未解决：换用其他官方渠道，并保留沟通记录')}",
            "      - 消费纠纷协商不成：12315 全国消费者投诉热线",
            f"    sources: [{rng.choice(source_ids)}]",
        ]

    lines += ["", "warnings:"]
    for w in rng.sample(WARNINGS, rng.randint(2, 3)):
        lines += [f"  - text: {_quote(w.format(name=cn))}", f"    sources: [{source_ids[0]}]"]
    if rng.random() < 0.3:
        lines += [
            "",
            "disputed:",
            f"  - contact: {slug}-kefu.example",
            "    kind: domain",
            f"    reason: {_quote(f'{SYNTHETIC}：虚构的仿冒网站。')}",
            "    instead: online_chat",
            f"    sources: [{source_ids[-1]}]",
        ]
    return pid, "\n".join(lines) + "\n"


def generate(count: int, out: Path, seed: int = 0) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    names = Names(rng, _reserved_names())
    written = []
    for i in range(1, count + 1):
        pid, text = platform_yaml(i, rng, names)
        path = out / f"{pid}.yaml"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of platforms to write")
    parser.add_argument("out", type=Path, help="directory to write them to (created if missing)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    written = generate(args.count, args.out, args.seed)
    size = sum(p.stat().st_size for p in written)
    print(f"wrote {len(written)} platforms to {args.out} ({size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
