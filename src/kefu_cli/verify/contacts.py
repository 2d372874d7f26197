"""Contacts for `kefu verify`: normalize a phone number, e-mail address, domain or URL and judge it
against the catalog's contacts table.

The verdict on one contact, safest reading first:
  disputed  the data lists it as contradicted by the platform or a known fake (for a domain: lookalike)
  official  a bundled row says official (a user data file can never make a contact official)
  spoofed   an official phone number in a form official calls never take (+86 95152, 0095152)
  lookalike a host or sender that imitates an official one
  reported  only third-party guides, or only the user's own data files, give it
  unknown   not in the data: never "safe"
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

from rapidfuzz import fuzz

from kefu_cli.catalog.model import Channel, Platform
from kefu_cli.catalog.phones import FREE, Phone, Spoof, digitize, normalize_phone, spoof_of
from kefu_cli.catalog.reader import Catalog
from kefu_cli.catalog.text import clean, squash
from kefu_cli.results import (
    AlternativeView,
    ContactCheck,
    PlatformRef,
    SourceView,
    platform_ref,
    source_view,
)
from kefu_cli.verify import sentences
from kefu_cli.verify.hosts import (
    Brand,
    Host,
    Url,
    explain_lookalike,
    find_lookalike,
    parse_host,
    url_key,
    within,
)

__all__ = ["ContactBook", "Phone", "normalize_phone"]

# -- the contact book --------------------------------------------------------------------------------


def _source_views(p: Platform | None, ids: tuple[str, ...]) -> tuple[SourceView, ...]:
    if p is None:
        return ()
    by_id = {s.id: s for s in p.sources}
    return tuple(source_view(by_id[i]) for i in ids if i in by_id)


_IN_APP = ("online_chat", "help_center", "feedback_form", "ticket")


def _closest(token: str, domains: list[str]) -> str:
    """The official domain an English name stands for (WeChat -> weixin.qq.com, not qq.com)."""
    return max(domains, key=lambda d: fuzz.partial_ratio(token, d))


class ContactBook:
    """The catalog's contacts, asked one contact at a time; caches what several checks share."""

    def __init__(self, catalog: Catalog, config: dict[str, Any]) -> None:
        self.catalog = catalog
        self.config = config

    # -- catalog access ------------------------------------------------------------------------

    def platform(self, pid: str) -> Platform | None:
        return self.catalog.platform(pid)

    def ref(self, pid: str, origin: str | None = None) -> PlatformRef | None:
        p = self.platform(pid)
        if p is None:
            return None
        r = platform_ref(p)
        return r._replace(origin=origin) if origin else r

    @cached_property
    def _rows(self) -> dict[str, list[dict[str, str]]]:
        return {k: self.catalog.all_contacts(k) for k in ("phone", "email", "url", "domain")}

    def official_domains(self, pid: str | None = None) -> list[dict[str, str]]:
        return [
            r
            for r in self._rows["domain"]
            if r["status"] == "official"
            and r["origin"] == "bundled"
            and (pid is None or r["id"] == pid)
        ]

    def known(self, number: str) -> bool:
        """A number the data or the national lines list (any status)."""
        return number in self.national or any(
            r["kind"] == "phone" for r in self.catalog.contacts(number)
        )

    @cached_property
    def national(self) -> dict[str, dict[str, str]]:
        lines = self.config.get("national_lines") or []
        return {str(x.get("number")): x for x in lines if isinstance(x, dict)}

    @cached_property
    def national_source(self) -> tuple[SourceView, ...]:
        src = self.config.get("national_source") or {}
        if isinstance(src, dict) and src.get("ref"):
            return (SourceView(str(src.get("title") or src["ref"]), str(src["ref"])),)
        return ()

    @cached_property
    def freemail(self) -> set[str]:
        return {str(d).lower() for d in self.config.get("freemail") or ()}

    @cached_property
    def brands(self) -> list[Brand]:
        """Official domains' names (`bilibili`, `weixin`, `qq`) and the platforms' English names."""
        lookalike = self.config.get("lookalike")
        names = lookalike.get("generic_brands") if isinstance(lookalike, dict) else None
        generic = {str(g).lower() for g in names or ()}
        out: list[Brand] = []
        seen: set[str] = set()
        by_pid: dict[str, list[str]] = {}
        for row in self.official_domains():
            domain, pid = row["key"], row["id"]
            by_pid.setdefault(pid, []).append(domain)
            host = parse_host(domain)
            if host is None:
                continue
            for label in host.labels:
                if label in seen or label in ("www", "m", "help", "support", "kefu"):
                    continue
                if label != host.labels[-1] and len(label) < 4:
                    continue
                seen.add(label)
                short = len(label) <= 4 and not label.isdigit()
                out.append(Brand(label, domain, pid, short or label in generic, True))
        for summary in self.catalog.summaries():
            domains = by_pid.get(summary.id)
            if not domains or not summary.name_en or "." in summary.name_en:
                continue
            for piece in summary.name_en.split("/"):
                token = squash(piece)
                if len(token) < 5 or not token.isascii() or not token.isalnum() or token in seen:
                    continue
                seen.add(token)
                out.append(
                    Brand(token, _closest(token, domains), summary.id, token in generic, False)
                )
        return out

    # -- alternatives ---------------------------------------------------------------------------

    def alternative(self, pid: str, channel_id: str | None = None) -> AlternativeView | None:
        """How to reach the platform for real: the named channel, else its best official channel."""
        p = self.platform(pid)
        if p is None:
            return None
        domains = self.official_domains(pid)
        domain = domains[0]["key"] if domains else None
        ref = platform_ref(p)

        def view(ch: Channel, status: str | None) -> AlternativeView:
            return AlternativeView(
                ref, ch.id, ch.name, ch.contact, status, ch.path, ch.where, domain
            )

        official = self._official_rows(pid)
        if channel_id:
            ch = p.channel(channel_id)
            if ch is not None and (
                ch.contact is None or any(r["value"] == ch.contact for r in official)
            ):
                return view(ch, "official" if ch.contact else None)
        for row in official:
            ch = p.channel(row["channel"])
            if ch is not None and ch.contact == row["value"]:
                return view(ch, "official")
            return AlternativeView(
                ref, row["channel"] or None, "官方联系方式", row["value"], "official", (), None,
                domain,
            )  # fmt: skip
        for kind in _IN_APP:
            for ch in p.channels:
                if ch.type == kind and ch.contact is None and (ch.path or ch.where):
                    return view(ch, None)
        if p.origin == "bundled":  # a user file's own numbers are no alternative to anything
            for ch in p.channels:
                if ch.contact and ch.status == "reported":
                    return view(ch, "reported")
        if domain:
            return AlternativeView(ref, None, "官方网站", None, None, (), None, domain)
        return None

    def _official_rows(self, pid: str) -> list[dict[str, str]]:
        """The platform's bundled official contacts, phone numbers first (user files never count)."""
        return [
            row
            for kind in ("phone", "url", "email")
            for row in self._rows[kind]
            if row["id"] == pid and row["origin"] == "bundled" and row["status"] == "official"
        ]

    def in_app_hint(self, pid: str) -> str:
        """Where in the app to confirm a contact: the platform's in-app channel, spelled out."""
        p = self.platform(pid)
        if p is not None:
            for kind in _IN_APP:
                for ch in p.channels:
                    if ch.type == kind and ch.contact is None and ch.path:
                        return f"{p.name} App 里的「{ch.name}」（{' › '.join(ch.path)}）"
                    if ch.type == kind and ch.contact is None and ch.where:
                        return f"{p.name}的「{ch.name}」（{ch.where}）"
            return f"{p.name} App 里的客服或「帮助与反馈」页面"
        return "平台 App 里的客服或「帮助与反馈」页面"

    # -- checks -----------------------------------------------------------------------------------

    def _channel_bits(
        self, p: Platform | None, row: dict[str, str]
    ) -> tuple[Channel | None, str | None]:
        ch = p.channel(row["channel"]) if p and row.get("channel") else None
        return ch, (ch.name if ch else None)

    def official_number(self, number: str) -> bool:
        """The data (bundled, official) or the national lines list this number."""
        return number in self.national or any(
            r["kind"] == "phone" and r["status"] == "official" and r["origin"] == "bundled"
            for r in self.catalog.contacts(number)
        )

    def spoof(self, phone: Phone) -> Spoof | None:
        """The official number this one imitates, unless the data lists this very form itself."""
        found = spoof_of(phone, self.official_number)
        if found is None:
            return None
        for r in self.catalog.contacts(found.number):
            listed = normalize_phone(r["value"]) if r["kind"] == "phone" else None
            if listed is not None and listed.digits == phone.digits and r["status"] == "official":
                return None  # an official line that itself is written with +86 (an overseas line)
        return found

    def check_phone(self, text: str, phone: Phone) -> ContactCheck:
        spoof = self.spoof(phone)
        if spoof is not None:
            return self._spoofed(text.strip(), spoof)
        n = phone.normalized
        key = n  # the catalog keys numbers by the same normal form (catalog/phones.py)
        rows = self.catalog.contacts(key) if key else []
        rows = [r for r in rows if r["kind"] == "phone"]
        shown = text.strip()
        notes: list[str] = []
        caution = None
        if phone.prefixed and phone.service:
            caution = (
                f"国内客服号码不会带 +86/0086 打来：来电显示为「{shown}」的电话来自境外，是伪造的"
            )
            notes.append(
                f"国内的客服号码不会带 +86/0086 打来：如果来电显示是「{shown}」这样带前缀的号码，"
                "电话其实来自境外、号码是伪造的，请挂断，自己拨打官方号码核实。"
            )
        disputed = [r for r in rows if r["status"] == "disputed"]
        official = [r for r in rows if r["status"] == "official" and r["origin"] == "bundled"]
        if disputed:
            return self._disputed(shown, "phone", n, disputed[0], notes)._replace(caution=caution)
        if official:
            tail = (
                *notes,
                "号码是真的，不等于来电的人是真的：来电显示可以伪造。对方如果索要验证码、密码，"
                "让你转账、共享屏幕或下载 App，仍然是诈骗——挂断后自己拨打这个号码核实。",
            )
            return self._official(shown, "phone", n, official[0], tail)._replace(caution=caution)
        if rows:
            return self._reported(shown, "phone", n, rows[0], notes)._replace(caution=caution)
        line = self.national.get(n)
        if line is not None:
            reasons = [f"{line.get('name', n)}：{line.get('use', '')}。", *notes]
            return ContactCheck(
                shown, "phone", n, "official", None, str(line.get("name", n)), None, None,
                "official", "bundled", None, tuple(reasons), None, self.national_source,
                caution=caution,
            )  # fmt: skip
        return self._unknown_phone(shown, phone, notes)._replace(caution=caution)

    def _spoofed(self, shown: str, spoof: Spoof) -> ContactCheck:
        n = spoof.number
        rows = [
            r
            for r in self.catalog.contacts(n)
            if r["kind"] == "phone" and r["status"] == "official" and r["origin"] == "bundled"
        ]
        reasons = [sentences.spoof_reason(shown, n, spoof.how)]
        if rows:
            row = rows[0]
            p = self.platform(row["id"])
            ch, name = self._channel_bits(p, row)
            owner = p.name if p else row["id"]
            return ContactCheck(
                shown, "phone", n, "spoofed", self.ref(row["id"], "bundled"), owner,
                row["channel"] or None, name, None, "bundled", n, tuple(reasons),
                self.alternative(row["id"], row["channel"] or None),
                _source_views(p, ch.sources if ch else ()),
            )  # fmt: skip
        line = self.national.get(n)
        national_owner = str(line.get("name", n)) if line else None
        return ContactCheck(
            shown, "phone", n, "spoofed", None, national_owner, None, None, None, None, n,
            tuple(reasons), None, self.national_source if line else (),
        )  # fmt: skip

    def _official(
        self, shown: str, kind: str, normalized: str, row: dict[str, str], tail: tuple[str, ...]
    ) -> ContactCheck:
        p = self.platform(row["id"])
        ch, name = self._channel_bits(p, row)
        owner = p.name if p else row["id"]
        what = name or ("官方邮箱" if kind == "email" else "官方联系方式")
        reasons = [f"{row['value']} 是{owner}的「{what}」，{_evidence_phrase(p, ch)}。"]
        if ch and ch.note:
            reasons.append(ch.note)
        return ContactCheck(
            shown, kind, normalized, "official", self.ref(row["id"], "bundled"), None,
            row["channel"] or None, name, "official", "bundled", None, (*reasons, *tail), None,
            _source_views(p, ch.sources if ch else ()),
        )  # fmt: skip

    def _unknown_phone(self, shown: str, phone: Phone, notes: list[str]) -> ContactCheck:
        n = phone.normalized
        reasons = [
            f"{n} 不在 kefu 的资料里。这不代表它安全：冒充客服的骗子用的正是普通手机号、400 号码和伪造的来电显示。"
        ]
        if phone.foreign:
            reasons.append(
                "这是境外号码（以 + 或 00 开头的外国区号）。国内平台的客服不会从境外给你打电话。"
            )
        elif FREE.match(n):
            reasons.append("400/800 号码谁都可以申请，并不说明是哪家平台的。")
        reasons.extend(notes)
        return ContactCheck(
            shown, "phone", n, "unknown", None, None, None, None, None, None, None,
            tuple(reasons), None, (),
        )  # fmt: skip

    def _disputed(
        self, shown: str, kind: str, normalized: str, row: dict[str, str], notes: list[str]
    ) -> ContactCheck:
        p = self.platform(row["id"])
        entry = None
        if p is not None:
            entry = next((x for x in p.disputed if squash(x.contact) == squash(row["value"])), None)
        owner = p.name if p else row["id"]
        reason = entry.reason if entry else f"第三方页面给出的号码，与{owner}公布的渠道相矛盾。"
        reasons = [f"不要使用：{row['value']} 不是{owner}的官方联系方式。{reason}", *notes]
        alt = self.alternative(row["id"], entry.instead if entry else row["channel"] or None)
        return ContactCheck(
            shown, kind, normalized, "disputed", self.ref(row["id"], row["origin"]), None,
            None, None, "disputed", row["origin"], None, tuple(reasons), alt,
            _source_views(p, entry.sources if entry else ()),
        )  # fmt: skip

    def _reported(
        self, shown: str, kind: str, normalized: str, row: dict[str, str], notes: list[str]
    ) -> ContactCheck:
        p = self.platform(row["id"])
        ch, name = self._channel_bits(p, row)
        owner = p.name if p else row["id"]
        if row["origin"] == "user":
            where = f"（{p.path}）" if p and p.path else ""
            first = (
                f"本地数据，未经核实：{row['value']} 只出现在你自己的数据文件{where}里，"
                "kefu 的资料没有确认它属于" + owner + "。"
            )
        else:
            first = (
                f"未经平台确认：{row['value']} 只见于第三方指南（{owner}「{name or '客服'}」），"
                f"kefu 没有找到{owner}自己公布它的页面。"
            )
        reasons = [first, f"用之前先到{self.in_app_hint(row['id'])}核实。", *notes]
        return ContactCheck(
            shown, kind, normalized, "reported", self.ref(row["id"], row["origin"]), None,
            row["channel"] or None, name, "reported", row["origin"], None, tuple(reasons),
            self.alternative(row["id"]),
            () if row["origin"] == "user" else _source_views(p, ch.sources if ch else ()),
        )  # fmt: skip

    def check_lookalike_number(self, token: str) -> ContactCheck | None:
        """`l0086` as a sender: letters posing as the digits of an official number."""
        if token.isdigit() or sum(ch.isdigit() for ch in token) < 2:
            return None
        key = digitize(token)
        if not key.isdigit():
            return None
        rows = [
            r
            for r in self.catalog.contacts(key)
            if r["kind"] == "phone" and r["status"] != "disputed" and r["origin"] == "bundled"
        ]
        if not rows:
            return None
        row = rows[0]
        p = self.platform(row["id"])
        owner = p.name if p else row["id"]
        reasons = (
            f"「{token}」不是数字号码：它用字母（l、I、O）冒充数字，模仿{owner}的 {row['value']}。"
            "这样的发件人一定是假的，不要点里面的链接、不要回复。",
        )
        return ContactCheck(
            token, "phone", token.lower(), "lookalike", self.ref(row["id"], "bundled"), None,
            None, None, None, None, row["value"], reasons, self.alternative(row["id"]), (),
        )  # fmt: skip

    def check_host(self, text: str, host: Host, url: Url | None = None) -> ContactCheck:
        shown = text.strip()
        notes: list[str] = []
        if url is not None and url.userinfo:
            notes.append(
                f"网址里 @ 前面的「{url.userinfo}」只是障眼法，真正打开的是 {host.unicode}。"
            )
        rows = self._rows["domain"]
        for row in self.official_domains():
            if within(host.ascii, row["key"]):
                return self._official_host(shown, host, url, row, notes)
        for row in rows:
            if row["status"] == "disputed" and within(host.ascii, row["key"]):
                return self._known_fake_host(shown, host, row, notes, url is not None)
        # A real domain the bundled data lists without strong evidence (reported) is never called a
        # lookalike of its own platform's official one (e.g. whatsapp.net beside whatsapp.com). A user
        # file's domains get no such pass: they are checked for imitation first, as before.
        for row in rows:
            if (
                row["status"] != "disputed"
                and row["origin"] == "bundled"
                and within(host.ascii, row["key"])
            ):
                return self._reported(shown, "domain", host.ascii, row, notes)._replace(
                    url=url is not None
                )
        disguise = self._userinfo_disguise(url)
        if disguise is not None:
            pid, domain = disguise
            reasons = [
                f"仿冒：网址把「{url.userinfo if url else ''}」放在 @ 前面冒充 {domain}，"
                f"浏览器真正打开的是 {host.unicode}。",
                "不要在这个网站登录、填银行卡或验证码。",
            ]
            return ContactCheck(
                shown, "domain", host.ascii, "lookalike", self.ref(pid, "bundled"), None, None,
                None, None, None, domain, tuple(reasons), self.alternative(pid), (), True,
            )  # fmt: skip
        found = find_lookalike(host, self.brands)
        if found is not None:
            b = found.brand
            p = self.platform(b.platform)
            owner = p.name if p else b.platform
            reasons = [
                f"仿冒：{host.unicode} 不是{owner}的官方域名 {b.domain}。"
                + explain_lookalike(found, host),
                *notes,
            ]
            reasons.append("不要在这个网站登录、填银行卡或验证码，也不要下载它提供的 App。")
            return ContactCheck(
                shown, "domain", host.ascii, "lookalike", self.ref(b.platform, "bundled"), None,
                None, None, None, None, b.domain, tuple(reasons), self.alternative(b.platform),
                _source_views(p, self._domain_sources(p, b.domain)), url is not None,
            )  # fmt: skip
        reasons = [f"{host.unicode} 不在 kefu 的资料里：kefu 不知道它属于谁，这不代表它安全。"]
        if host.ip:
            reasons.append("正规平台的网站不会让你打开一串数字（IP 地址）形式的网址。")
        if host.idn:
            reasons.append(f"域名里有非英文字符（实际地址 {host.ascii}），要格外小心。")
        reasons.extend(notes)
        return ContactCheck(
            shown, "domain", host.ascii, "unknown", None, None, None, None, None, None, None,
            tuple(reasons), None, (), url is not None,
        )  # fmt: skip

    def _userinfo_disguise(self, url: Url | None) -> tuple[str, str] | None:
        """`https://www.bilibili.com@evil.cn/`: the part before @ dressed up as an official site."""
        if url is None or not url.userinfo:
            return None
        fake = parse_host(url.userinfo.partition(":")[0])
        if fake is None:
            return None
        for row in self.official_domains():
            if within(fake.ascii, row["key"]):
                return row["id"], row["key"]
        found = find_lookalike(fake, self.brands)
        return (found.brand.platform, found.brand.domain) if found else None

    def _domain_sources(self, p: Platform | None, domain: str) -> tuple[str, ...]:
        if p is None:
            return ()
        return next((d.sources for d in p.domains if d.domain == domain), ())

    def _official_host(
        self, shown: str, host: Host, url: Url | None, row: dict[str, str], notes: list[str]
    ) -> ContactCheck:
        p = self.platform(row["id"])
        owner = p.name if p else row["id"]
        channel = name = None
        ch_sources: tuple[str, ...] = ()
        if url is not None:
            key = url_key(shown)
            for r in self._rows["url"]:
                if r["id"] == row["id"] and url_key(r["value"]) == key:
                    ch, name = self._channel_bits(p, r)
                    channel = r["channel"] or None
                    ch_sources = ch.sources if ch else ()
        d = row["key"]
        where = "官方域名" if host.ascii == d else f"官方域名 {d} 的子域名"
        reasons = [f"{host.ascii} 是{owner}的{where}。"]
        if name:
            reasons.append(f"这是{owner}的「{name}」。")
        reasons.extend(notes)
        return ContactCheck(
            shown, "domain", host.ascii, "official", self.ref(row["id"], "bundled"), None,
            channel, name, "official", "bundled", None, tuple(reasons), None,
            _source_views(p, ch_sources or self._domain_sources(p, d)), url is not None,
        )  # fmt: skip

    def _known_fake_host(
        self, shown: str, host: Host, row: dict[str, str], notes: list[str], is_url: bool
    ) -> ContactCheck:
        """A domain the data lists as disputed is a known fake: reported as a lookalike of the real one."""
        p = self.platform(row["id"])
        entries = [x for x in p.disputed if x.contact.lower() == row["key"]] if p else []
        domains = self.official_domains(row["id"])
        resembles = domains[0]["key"] if domains else None
        owner = p.name if p else row["id"]
        imitates = f"，冒充官方域名 {resembles}" if resembles else ""
        reasons = [f"仿冒：{host.unicode} 是资料里记录的假冒{owner}网站{imitates}。"]
        reasons.extend(x.reason for x in entries)
        reasons.extend(notes)
        return ContactCheck(
            shown, "domain", host.ascii, "lookalike", self.ref(row["id"], row["origin"]), None,
            None, None, "disputed", row["origin"], resembles, tuple(reasons),
            self.alternative(row["id"], entries[0].instead if entries else None),
            _source_views(p, entries[0].sources if entries else ()), is_url,
        )  # fmt: skip

    def check_email(self, text: str) -> ContactCheck | None:
        shown = text.strip()
        raw = clean(shown).lower().removeprefix("mailto:")
        local, at, domain = raw.rpartition("@")
        if not at or not local or not re.fullmatch(r"[a-z0-9._%+\-]+", local):
            return None
        host = parse_host(domain)
        if host is None or host.ip:
            return None
        address = f"{local}@{host.ascii}"
        rows = [r for r in self.catalog.contacts(address) if r["kind"] == "email"]
        disputed = [r for r in rows if r["status"] == "disputed"]
        official = [r for r in rows if r["status"] == "official" and r["origin"] == "bundled"]
        if disputed:
            return self._disputed(shown, "email", address, disputed[0], [])
        if official:
            tail = ("发件人地址可以伪造：邮件里要你提供密码、验证码或助记词的，仍是诈骗。",)
            return self._official(shown, "email", address, official[0], tail)
        if rows:
            return self._reported(shown, "email", address, rows[0], [])
        if host.registrable in self.freemail or host.ascii in self.freemail:
            free = (
                f"{address} 不在 kefu 的资料里。{host.registrable or host.ascii} 是任何人都能注册的邮箱，"
                "地址本身说明不了对方是谁。",
            )
            return ContactCheck(
                shown, "email", address, "unknown", None, None, None, None, None, None, None,
                free, None, (),
            )  # fmt: skip
        dom = self.check_host(host.ascii, host)
        if dom.verdict == "official":
            owner = dom.platform.name if dom.platform else ""
            reasons = (
                f"{address} 属于{owner}的官方域名 {host.registrable}。这个具体地址没有列在资料里，"
                "但只有域名的主人能在该域名下开邮箱。",
                "发件人地址可以伪造：邮件里要你提供密码、验证码或助记词的，仍是诈骗；拿不准就在 App 里核实。",
            )
            return dom._replace(input=shown, kind="email", normalized=address, reasons=reasons)
        return dom._replace(input=shown, kind="email", normalized=address)


def _evidence_phrase(p: Platform | None, ch: Channel | None) -> str:
    """Who vouches for an official contact, as its evidence says: the platform's own page, the
    authorities, or news reporting what they said."""
    kinds = set()
    if p is not None and ch is not None:
        by_id = {s.id: s.kind for s in p.sources}
        kinds = {by_id.get(i) for i in ch.sources}
    if "platform" in kinds:
        return "有平台自己的页面或公告为证"
    if "government" in kinds:
        return "有政府或警方的通报为证"
    if "news" in kinds:
        return "有新闻报道转述的平台或官方说法为证"
    return "有平台、政府或新闻来源为证"
