"""Human output of `kefu verify`: one coloured verdict line, then the reasons, the official
alternative and what to do. Colours: red for scam/disputed/lookalike, yellow for unknown/reported,
green for official/no_signals; plain text when piped (console.draw handles that).
"""

from __future__ import annotations

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from kefu_cli.render.console import Style, bullets, hanging_list, numbered, section
from kefu_cli.results import AlternativeView, ContactCheck, VerifyResult, source_label

COLOURS = {
    "official": "green",
    "no_signals": "green",
    "reported": "yellow",
    "unknown": "yellow",
    "disputed": "red",
    "lookalike": "red",
    "scam": "red",
    "spoofed": "red",
    "suspicious": "yellow",
}
LABELS = {
    "official": "官方",
    "no_signals": "未发现诈骗特征",
    "reported": "未经平台确认",
    "unknown": "未知（不代表安全）",
    "disputed": "有争议，不要用",
    "lookalike": "仿冒",
    "scam": "疑似诈骗",
    "spoofed": "伪造号码",
    "suspicious": "可疑",
}
SEVERITY = {"strong": "强", "medium": "中", "weak": "弱"}
SEVERITY_STYLE = {"strong": "bold red", "medium": "red", "weak": "yellow"}


def _label(c: ContactCheck) -> str:
    if c.verdict == "reported" and c.origin == "user":
        return "本地数据，未经核实"
    return LABELS.get(c.verdict, c.verdict)


def _alternative(a: AlternativeView) -> Text:
    line = Text(f"{a.platform.name}「{a.name}」", style="bold")
    if a.contact:
        line.append(f" {a.contact}", style="bold cyan")
        if a.status == "official":
            line.append("（官方）", style="green")
        else:
            line.append("（未经平台确认，先在 App 内核实）", style="yellow")
    elif a.path:
        line.append("：" + " › ".join(a.path))
    elif a.where:
        line.append("：" + a.where)
    if a.domain:
        line.append(f"\n官方网站：{a.domain}")
    return line


def render_verify(r: VerifyResult, c: Console, s: Style) -> None:

    colour = COLOURS.get(r.verdict, "yellow")
    # A ✓ only for an official contact or a message with nothing found: never beside signals.
    safe = r.verdict in ("official", "no_signals") and not r.signals
    mark = s.ok if safe else s.warn
    c.print(Text(f"{mark} {r.headline}", style=f"bold {colour}"))
    if r.caution:
        c.print(Text(f"{s.warn} 注意：{r.caution}", style="bold red"))
    if r.platform and r.kind == "message":
        origin = "（本地数据，未经核实）" if r.platform.origin == "user" else ""
        c.print(Text(f"涉及平台：{r.platform.name}{origin}", style="dim"))
    if r.resembles and r.kind == "message":
        c.print(Text(f"模仿的是：{r.resembles}", style="red"))
    if r.reasons:
        c.print(bullets(r.reasons, s.bullet))
    if r.signals:
        c.print(section("发现的诈骗特征"))
        rows: list[tuple[str, Text | str]] = []
        for sig in r.signals:
            body = Text(sig.name, style=SEVERITY_STYLE.get(sig.severity, ""))
            body.append(f"（{SEVERITY.get(sig.severity, sig.severity)}）")
            if sig.matched:
                body.append(f"「{sig.matched}」", style="dim")
            if sig.explain:
                body.append("\n" + sig.explain)
            rows.append((s.warn, body))
        c.print(Padding(hanging_list(rows, "bold red"), (0, 0, 0, 2), expand=False))
    if r.kind == "message" and r.contacts:
        c.print(section("消息里的联系方式"))
        rows = []
        for contact in r.contacts:
            body = Text(
                contact.normalized if contact.kind == "phone" else contact.input, style="cyan"
            )
            body.append("  ")
            body.append(_label(contact), style=f"bold {COLOURS.get(contact.verdict, 'yellow')}")
            if contact.platform and contact.verdict != "unknown":
                body.append(f"（{contact.platform.name}）")
            elif contact.owner:
                body.append(f"（{contact.owner}）")
            if contact.resembles:
                body.append(f"，模仿 {contact.resembles}")
            rows.append((s.bullet, body))
        c.print(Padding(hanging_list(rows), (0, 0, 0, 2), expand=False))
    if r.alternative:
        official = r.alternative.status == "official" or (
            r.alternative.status is None and r.alternative.platform.origin == "bundled"
        )
        c.print(section("官方渠道" if official else "可以联系的渠道"))
        c.print(Padding(_alternative(r.alternative), (0, 0, 0, 2), expand=False))
    if r.advice:
        c.print(section("怎么办"))
        c.print(numbered(r.advice))
    if r.sources:
        by_title: dict[str, list[str]] = {}
        for src in r.sources:
            refs = by_title.setdefault(source_label(src), [])
            if src.ref:
                refs.append(src.ref)
        shown = "；".join(
            f"{t}（{'、'.join(refs)}）" if refs else t for t, refs in list(by_title.items())[:3]
        )
        more = f" 等 {len(r.sources)} 项，完整列表见 --json" if len(by_title) > 3 else ""
        c.print(Text(f"依据：{shown}{more}", style="dim"))
