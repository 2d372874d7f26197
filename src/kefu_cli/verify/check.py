"""`kefu verify`: is this number, address, site or message really the platform's customer service?

`check(catalog, text)` decides what the input is (a phone number, an e-mail address, a domain or URL,
or a pasted message), asks verify_contacts / verify_message, and returns a VerifyResult with the
verdict, the reasons, the official alternative and advice. It never prints.

Verdicts: official · reported · disputed · unknown · lookalike (contacts); scam · no_signals
(messages; a message whose contacts are lookalikes or disputed, but whose words are not a scam
script, takes its worst contact's verdict). "unknown" is never "safe".
"""

from __future__ import annotations

from typing import Any

from kefu_cli.catalog.reader import Catalog
from kefu_cli.catalog.text import clean
from kefu_cli.results import AlternativeView, ContactCheck, SignalView, SourceView, VerifyResult
from kefu_cli.verify import sentences
from kefu_cli.verify.contacts import ContactBook, normalize_phone
from kefu_cli.verify.hosts import parse_host, parse_url
from kefu_cli.verify.message import (
    FoundContact,
    Hit,
    Rules,
    compile_rules,
    find_contacts,
    find_signals,
    mentioned_forms,
    mentioned_platforms,
    quoted_in_warning,
    score,
)

VERDICTS = (
    "official", "reported", "disputed", "spoofed", "unknown", "lookalike", "scam", "suspicious",
    "no_signals",
)  # fmt: skip
#: Longer messages are checked up to this many characters (and say so).
MAX_CHARS = 20_000
#: Contact verdicts that make a message worse than "no_signals", worst first.
_BAD_CONTACTS = ("spoofed", "lookalike", "disputed")

HANG_UP = sentences.HANG_UP
NEVER_SHARE = sentences.NEVER_SHARE
ASK_96110 = sentences.ASK_96110
CALL_110 = sentences.CALL_110
REPORT_12321 = sentences.REPORT_12321


def check(catalog: Catalog, text: str) -> VerifyResult:
    config: dict[str, Any] = catalog.signals if isinstance(catalog.signals, dict) else {}
    book = ContactBook(catalog, config)
    raw = text or ""
    stripped = clean(raw)
    if not stripped:
        return VerifyResult(
            raw, "message", "unknown", None, None, None, sentences.EMPTY_HEADLINE,
            (sentences.EMPTY_REASON,), (), (), None, (sentences.EMPTY_EXAMPLE,), (),
        )  # fmt: skip
    contact = _bare_contact(book, stripped)
    if contact is not None:
        return _contact_result(raw, contact)
    return _message_result(catalog, book, compile_rules(config), raw)


# -- one contact -----------------------------------------------------------------------------------


def _bare_contact(book: ContactBook, text: str) -> ContactCheck | None:
    phone = normalize_phone(text)
    spaced = any(ch.isspace() for ch in text)
    if phone is not None and (
        not spaced or phone.plausible or book.known(phone.normalized) or book.spoof(phone)
    ):
        return book.check_phone(text, phone)
    if spaced:  # "95152 950201": two numbers, read as a message
        return None
    letters = book.check_lookalike_number(text)
    if letters is not None:
        return letters
    if "@" in text:
        email = book.check_email(text)
        if email is not None:
            return email
    lowered = text.lower()
    if "/" in text or lowered.startswith("www.") or "@" in text:
        url = parse_url(text)
        if url is not None:
            return book.check_host(text, url.host, url)
    host = parse_host(text)
    if host is not None:
        return book.check_host(text, host)
    return None


def pretty(c: ContactCheck) -> str:
    """How a contact is shown: 400 numbers in groups, `l0086` as written, hosts in ASCII (punycode
    shows the trick of a Cyrillic look-alike)."""
    n = c.normalized
    if c.kind == "phone" and c.verdict in ("lookalike", "spoofed"):
        return c.input
    if c.kind == "phone" and n.isdigit() and len(n) == 10 and n[:3] in ("400", "800"):
        return f"{n[:3]}-{n[3:6]}-{n[6:]}"
    if c.kind == "phone" and c.verdict in ("lookalike", "spoofed"):
        return c.input
    return n


def _headline(c: ContactCheck) -> str:
    what = {"phone": "号码", "email": "邮箱", "domain": "网址" if c.url else "域名"}[c.kind]
    owner = c.platform.name if c.platform else c.owner
    shown = pretty(c)
    if c.verdict == "official":
        if c.platform is None:
            return f"官方：{shown} 是{owner}" if owner else f"官方：{shown}"
        where = f"「{c.channel_name}」" if c.channel_name else f"的官方{what}"
        return f"官方：{shown} 是{owner}{where}"
    if c.verdict == "reported":
        if c.origin == "user":
            return f"本地数据，未经核实：{shown} 只来自你自己的数据文件"
        return f"未经平台确认：{shown} 只见于第三方资料（{owner}）"
    if c.verdict == "disputed":
        return f"不要使用：{shown} 不是{owner}的官方{what}（有争议或已知假冒）"
    if c.verdict == "spoofed":
        return sentences.spoof_headline(shown, c.normalized, owner)
    if c.verdict == "lookalike":
        return f"仿冒：{shown} 在模仿{owner}的 {c.resembles}" if owner else f"仿冒：{shown}"
    return f"未知：{shown} 不在资料中——这不代表它安全"


def _spaced(name: str) -> str:
    """A Latin name inside Chinese text gets spaces around it."""
    return f" {name} " if name.isascii() else name


def _alt_text(a: AlternativeView) -> str:
    name = f"{a.platform.name}「{a.name}」"
    if a.contact:
        tail = "（官方）" if a.status == "official" else "（未经平台确认，先在 App 内核实）"
        return f"{name} {a.contact}{tail}"
    if a.path:
        return f"{name}：{' › '.join(a.path)}"
    if a.where:
        return f"{name}：{a.where}"
    return f"{a.platform.name}官网 {a.domain}" if a.domain else name


def _contact_advice(c: ContactCheck) -> tuple[str, ...]:
    alt = f"需要客服时，用官方渠道：{_alt_text(c.alternative)}。" if c.alternative else None
    if c.verdict == "spoofed":
        owner = c.platform.name if c.platform else c.owner
        line = _alt_text(c.alternative) if c.alternative else None
        if line is None and owner:
            line = f"{owner} {c.normalized}"
        return sentences.spoof_advice(c.normalized, line)
    if c.verdict == "official":
        how = f"自己拨打 {pretty(c)}" if c.kind == "phone" else f"自己访问 {c.normalized}"
        return (
            f"这个联系方式是官方的。但来电显示、发件人都能伪造：如果是对方主动联系你，先挂断，再{how} 核实。",
            "真正的客服不会索要验证码、密码，也不会让你共享屏幕或转账。",
        )
    if c.verdict == "reported":
        return tuple(
            x
            for x in (
                "用之前先在平台 App 内核实；App 里的客服入口比网上搜到的号码、地址可靠。",
                alt,
                "通话中对方索要验证码、密码，或让你转账、共享屏幕：立即挂断。",
            )
            if x
        )
    if c.verdict == "disputed":
        return tuple(
            x
            for x in (
                "不要拨打、不要回复这个联系方式。",
                alt,
                "如果有人用它联系你，并要验证码、转账或共享屏幕：挂断；" + ASK_96110,
                CALL_110,
                REPORT_12321,
            )
            if x
        )
    if c.verdict == "lookalike":
        return tuple(
            x
            for x in (
                "不要打开、不要回复；不要在里面登录、填银行卡或验证码，也不要下载它给的 App。",
                f"官方网站是 {c.resembles}。" if c.resembles and "." in c.resembles else None,
                alt,
                "已经在里面输入过密码或银行卡：马上改密码、联系银行；被骗了钱：拨打 110 报警。",
                REPORT_12321,
            )
            if x
        )
    return (
        "不在资料中不等于安全：不要回拨陌生来电留下的号码，不要打开陌生链接。",
        "需要客服时，自己打开平台 App 找客服入口，或运行 kefu <平台> 查官方渠道。",
        "对方索要验证码、密码，或让你共享屏幕、转账：挂断；" + ASK_96110 + "被骗了：拨打 110。",
        REPORT_12321,
    )


def _contact_result(raw: str, c: ContactCheck) -> VerifyResult:
    return VerifyResult(
        input=raw,
        kind=c.kind,
        verdict=c.verdict,
        normalized=c.normalized,
        platform=c.platform,
        resembles=c.resembles,
        headline=_headline(c),
        reasons=c.reasons,
        signals=(),
        contacts=(c,),
        alternative=c.alternative,
        advice=_contact_advice(c),
        sources=c.sources,
        url=c.url,
        caution=c.caution,
    )


# -- a message ----------------------------------------------------------------------------------------


def _check_found(book: ContactBook, f: FoundContact) -> ContactCheck | None:
    if f.kind == "phone" and f.phone is not None:
        return book.check_phone(f.text, f.phone)
    if f.kind == "letters":
        return book.check_lookalike_number(f.text)
    if f.kind == "email":
        return book.check_email(f.text)
    if f.kind == "url":
        url = parse_url(f.text)
        return book.check_host(f.text, url.host, url) if url else None
    host = parse_host(f.text)
    return book.check_host(f.text, host) if host else None


def _contact_hits(
    rules: Rules, found: list[tuple[FoundContact, ContactCheck]], claimed: str | None
) -> list[Hit]:
    hits: dict[str, Hit] = {}

    def add(sid: str, matched: str) -> None:
        spec = rules.signals.get(sid)
        if spec is not None and sid not in hits:
            hits[sid] = Hit(spec, matched, from_contact=True)

    for f, c in found:
        if c.verdict == "lookalike":
            add("lookalike_contact", c.input)
        elif c.verdict == "disputed":
            add("disputed_contact", c.input)
        if f.phone is not None:
            if c.verdict == "spoofed":
                add("spoofed_prefix", c.input)
            elif f.phone.foreign:
                add("overseas_number", c.input)
            if (
                claimed
                and c.verdict in ("unknown", "reported")
                and (c.platform is None or c.platform.id != claimed)
            ):
                add("unofficial_number", c.input)
        elif c.kind == "domain" and c.verdict == "unknown" and f.kind != "email":
            add("unknown_link", c.input)
    return list(hits.values())


def _signal_view(h: Hit) -> SignalView:
    s = h.spec
    return SignalView(s.id, s.name, s.severity, s.explain, h.matched, s.sources, h.from_contact)


def _message_result(catalog: Catalog, book: ContactBook, rules: Rules, raw: str) -> VerifyResult:
    truncated = len(raw) > MAX_CHARS
    text = raw[:MAX_CHARS]

    found: list[tuple[FoundContact, ContactCheck]] = []
    for f in find_contacts(text, lambda p: book.known(p.normalized) or bool(book.spoof(p))):
        c = _check_found(book, f)
        if c is not None:
            found.append((f, c))
    contacts = tuple(c for _, c in found)
    named = catalog.name_keys_in(*mentioned_forms(rules, text))
    claimed = next(iter(mentioned_platforms(rules, text, named)), None)
    text_hits, genuine = find_signals(rules, text)
    # A number or link quoted inside a fraud warning raises nothing and sets no verdict.
    offered = [(f, c) for f, c in found if not quoted_in_warning(rules, text, c.input, genuine)]
    hits = list(
        {h.spec.id: h for h in [*_contact_hits(rules, offered, claimed), *text_hits]}.values()
    )
    total = score(rules, hits, genuine)
    # Genuine-notice markers that offset every signal but the message's own strong words.
    if total == 0 and not any(h.spec.severity == "strong" and not h.from_contact for h in hits):
        offset, hits = hits, []  # a genuine notice's own words ("请勿泄露验证码"): not signals
    else:
        offset = []
    # A lookalike link or a disputed number alone gives the contact's verdict, not "scam".
    says_something = any(not h.from_contact or h.spec.standalone for h in hits)
    bad = [c for v in _BAD_CONTACTS for _, c in offered if c.verdict == v]
    if total >= rules.scam_at and says_something:
        verdict = "scam"
    elif bad:
        verdict = bad[0].verdict
    elif hits:
        verdict = "suspicious"
    else:
        verdict = "no_signals"
    fraud_type = _fraud_type(rules, hits) if verdict in ("scam", "suspicious") else None
    pid = claimed or next((c.platform.id for c in bad if c.platform), None)
    if pid is None:
        pid = next((c.platform.id for c in contacts if c.platform), None)
    platform = book.ref(pid) if pid else None
    alternative = book.alternative(pid) if pid else None
    resembles = next((c.resembles for c in bad if c.resembles), None)
    signals = tuple(_signal_view(h) for h in sorted(hits, key=lambda h: -rules.weight(h.spec)))
    reasons: list[str] = []
    names = "、".join(s.name for s in signals if s.severity != "weak") or "、".join(
        s.name for s in signals
    )
    if verdict == "scam":
        reasons.append(sentences.scam_reason(fraud_type, names))
        if platform and fraud_type == "impersonation":
            reasons.append(sentences.claims_platform(_spaced(platform.name)))
    elif verdict in _BAD_CONTACTS:
        reasons.extend(bad[0].reasons)
        if signals:
            reasons.append(sentences.suspicious_reason(names))
    elif verdict == "suspicious":
        reasons.append(sentences.suspicious_reason(names))
    else:
        reasons.append(sentences.NO_SIGNALS_REASON)
    if (genuine or offset) and verdict != "scam" and genuine:
        reasons.append(sentences.looks_genuine("、".join(g.name for g in genuine)))
    unknown = [c for c in contacts if c.verdict == "unknown"]
    if unknown and verdict != "scam":
        reasons.append(sentences.unknown_contacts("、".join(c.normalized for c in unknown[:3])))
    if truncated:
        reasons.append(sentences.truncated(MAX_CHARS))
    headline = {
        "scam": sentences.scam_headline(fraud_type),
        "suspicious": sentences.SUSPICIOUS_HEADLINE,
        "no_signals": sentences.NO_SIGNALS_HEADLINE,
    }.get(verdict) or (_headline(bad[0]) if bad else verdict)
    sources: dict[str, SourceView] = {}
    for s in signals:
        for ref in s.sources:
            sources.setdefault(ref, SourceView(s.name, ref))
    for c in contacts:
        for src in c.sources:
            sources.setdefault(src.ref or src.title, src)
    return VerifyResult(
        input=raw,
        kind="message",
        verdict=verdict,
        normalized=None,
        platform=platform,
        resembles=resembles,
        headline=headline,
        reasons=tuple(reasons),
        signals=signals,
        contacts=contacts,
        alternative=alternative,
        advice=_message_advice(verdict, alternative, bad),
        sources=tuple(sources.values()),
        score=total,
        truncated=truncated,
        fraud_type=fraud_type,
    )


def _fraud_type(rules: Rules, hits: list[Hit]) -> str:
    """The fraud type the message's words weigh most for; customer-service impersonation on a tie."""
    weight: dict[str, int] = {}
    for h in hits:
        if not h.from_contact:
            weight[h.spec.type] = weight.get(h.spec.type, 0) + rules.weight(h.spec)
    if not weight:
        return "impersonation"
    top = max(weight.values())
    return (
        "impersonation"
        if weight.get("impersonation") == top
        else max(weight, key=weight.__getitem__)
    )


def _message_advice(
    verdict: str, alternative: AlternativeView | None, bad: list[ContactCheck]
) -> tuple[str, ...]:
    official = (
        f"要核实，自己联系官方渠道：{_alt_text(alternative)}；不要用消息里给的号码或链接。"
        if alternative
        else "要核实，自己打开平台 App 找客服入口；不要用消息里给的号码或链接。"
    )
    if verdict == "scam":
        return (HANG_UP, NEVER_SHARE, official, ASK_96110, CALL_110, REPORT_12321)
    if verdict in _BAD_CONTACTS:
        return _contact_advice(bad[0])
    if verdict == "suspicious":
        return (
            sentences.SUSPICIOUS_ADVICE_FIRST,
            NEVER_SHARE,
            official,
            ASK_96110,
            CALL_110,
        )
    return (
        sentences.NO_SIGNALS_NOT_A_GUARANTEE,
        "凡是要验证码、密码、共享屏幕或转账的，一律先停下，" + official.removeprefix("要核实，"),
        ASK_96110,
    )
