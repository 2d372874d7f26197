"""Every sentence `kefu verify` says to a person about a message or a spoofed number, in one place.

(Contact verdicts built in verify/contacts.py still word their own reasons; new wording goes here.)
"""

from __future__ import annotations

HANG_UP = "立即挂断电话，不要回复、不要点链接、不要扫码。"
NEVER_SHARE = "不要把验证码、密码、PIN 或助记词告诉任何人；不要共享屏幕，不要下载对方让你装的 App 或会议软件；不要转账。"
ASK_96110 = "拿不准就打 96110（全国反诈预警劝阻专线）咨询。"
CALL_110 = "已经转账，或者泄露了验证码、密码：立即拨打 110 报警，并联系银行或支付平台冻结。"
REPORT_12321 = "举报诈骗电话、诈骗短信：12321（网络不良与垃圾信息举报受理中心）。"

#: Fraud types a message can be named as (signals.yaml `type:`), in words.
FRAUD_TYPES = {
    "impersonation": "冒充客服诈骗",
    "rebate": "刷单返利诈骗",
    "loan": "虚假贷款诈骗",
    "police": "冒充公检法诈骗",
    "investment": "虚假投资理财诈骗（杀猪盘）",
    "prize": "虚假中奖、积分兑换诈骗",
}

_SPOOF_HOW = {
    "country_code": "国内的客服号码（95、96、100、12 开头的短号和 400/800 号码）只在国内拨打，"
    "前面不会带 +86、0086 或 86",
    "intl_prefix": "前面多了国际冠字（00 或 +），这样的来电来自境外，不是这个号码本身",
    "free_prefix": "在官方号码前面拼上了 400/800，这是银行和警方提醒过的伪造号码",
    "sms_prefix": "在官方号码前面拼上了 106 等短信端口号，这是银行和警方提醒过的伪造号码",
}


def spoof_headline(shown: str, number: str, owner: str | None) -> str:
    who = f"{owner}的官方号码 {number}" if owner else f"国内服务号码 {number}"
    return f"伪造号码：「{shown}」冒充{who}"


def spoof_reason(shown: str, number: str, how: str) -> str:
    why = _SPOOF_HOW.get(how, _SPOOF_HOW["country_code"])
    return (
        f"「{shown}」不是 {number}：{why}。官方电话不会以这种形式打来，显示这个号码的来电是伪造的。"
    )


def spoof_advice(number: str, official: str | None) -> tuple[str, ...]:
    line = official or number
    return (
        "立即挂断，不要回拨这个来电号码，也不要照对方说的操作。",
        f"要核实，挂断后自己拨打官方号码：{line}。",
        "对方索要验证码、密码，或让你转账、共享屏幕：一定是诈骗。" + ASK_96110,
        CALL_110,
        REPORT_12321,
    )


def scam_headline(fraud_type: str | None) -> str:
    name = FRAUD_TYPES.get(fraud_type or "", FRAUD_TYPES["impersonation"])
    return f"疑似诈骗：这段内容像{name}的话术"


def scam_reason(fraud_type: str | None, names: str) -> str:
    name = FRAUD_TYPES.get(fraud_type or "", FRAUD_TYPES["impersonation"])
    return f"这段内容符合{name}的套路：{names}。"


SUSPICIOUS_HEADLINE = "可疑：发现了诈骗话术里常见的说法"


def suspicious_reason(names: str) -> str:
    return f"发现了诈骗常用的说法：{names}。单凭这些还不能断定是诈骗，但请先停下来核实。"


SUSPICIOUS_ADVICE_FIRST = "先不要照消息里说的做：不要回拨、不要点链接、不要转账。"
NO_SIGNALS_HEADLINE = "未发现诈骗特征（这不保证一定安全）"
NO_SIGNALS_REASON = "没有发现诈骗话术的典型说法。"
NO_SIGNALS_NOT_A_GUARANTEE = "kefu 只能识别常见的诈骗说法，没发现不等于安全。"


def looks_genuine(names: str) -> str:
    return "像是正常通知：" + names + "。"


def unknown_contacts(shown: str) -> str:
    return f"文中的 {shown} 不在 kefu 的资料里，kefu 无法确认它属于谁。"


def truncated(limit: int) -> str:
    return f"内容太长，只检查了前 {limit} 个字符。"


def claims_platform(name: str) -> str:
    return f"它自称与{name}有关，但{name}的官方客服不会这样联系你。"


EMPTY_HEADLINE = "没有收到要检查的内容"
EMPTY_REASON = "请给出一个电话号码、邮箱、网址，或把可疑短信、聊天内容整段粘贴进来。"
EMPTY_EXAMPLE = '例如：kefu verify 95152　或　kefu verify "您的百万保障即将扣费…"　或　kefu verify -（从标准输入读）'
PROMPT = "把要检查的号码、网址或整段短信粘贴在这里，输入空行或按 Ctrl-D 结束："
