"""Human output with rich: colour on a terminal, plain text when piped or under NO_COLOR.

Every symbol has a fallback the output encoding can carry (a GBK console has no ✓ or ⚠), and the
console wraps to the terminal's width, so narrow terminals and Windows consoles stay readable.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from kefu_cli.render import OPTIONS
from kefu_cli.render.console import (
    Style,
    bullets,
    draw,
    hanging_list,
    make_console,
    numbered,
    section,
)
from kefu_cli.results import (
    ChannelView,
    ErrorResult,
    HoursResult,
    HoursRow,
    InfoResult,
    ListResult,
    LookupResult,
    OverviewResult,
    TimeContext,
    ValidateResult,
    VerifyResult,
    source_label,
)

TYPE_NAMES = {
    "online_chat": "在线客服",
    "phone": "电话",
    "email": "邮箱",
    "ticket": "工单",
    "feedback_form": "反馈表单",
    "help_center": "帮助中心",
    "social": "官方社交账号",
}
WEEKDAYS = "一二三四五六日"


def _status_text(v: ChannelView, s: Style) -> Text:
    if v.contact is None:
        return Text("")
    if v.origin == "user":
        return Text("本地数据，未经核实", style="bold yellow")
    if v.status == "official":
        return Text(f"{s.ok} 官方确认", style="bold green")
    if v.status == "reported":
        return Text("未经平台确认（仅第三方指南提供），请在 App 内核实", style="bold yellow")
    return Text(v.status or "", style="red")


def _zone_label(t: TimeContext) -> str:
    return (
        "北京时间"
        if t.platform_zone in ("Asia/Shanghai", "Asia/Chongqing", "PRC")
        else t.platform_zone
    )


def _clock(iso: str, t: TimeContext, with_date: bool = True) -> str:
    """'北京时间 11-24 09:00' and, when the user's zone differs, '/ 你的时间 11-24 02:00'."""
    when = dt.datetime.fromisoformat(iso)
    now = dt.datetime.fromisoformat(t.at)
    fmt = "%H:%M" if when.date() == now.date() or not with_date else "%m-%d %H:%M"
    text = f"{_zone_label(t)} {when.strftime(fmt)}"
    if t.user_offset_differs:
        user_now = dt.datetime.fromisoformat(t.user_at)
        mine = when.astimezone()
        mfmt = "%H:%M" if mine.date() == user_now.date() else "%m-%d %H:%M"
        text += f" / 你的时间 {mine.strftime(mfmt)}"
    return text


#: Below these widths tables become one block per row (as `gh` and tldr clients do).
STACK_LIST_BELOW = 80
STACK_HOURS_BELOW = 64
UNPUBLISHED = "未公布"


def _anytime(v: ChannelView) -> Text:
    """Said once for a self-service or written channel, instead of "hours unknown"."""
    text = "随时可以自助查阅" if v.type == "help_center" else "随时可以提交，回复需要等待"
    if v.hours_where:
        text += f"（{v.hours_where}）"
    return Text(text, style="green")


def _now_state(v: ChannelView, t: TimeContext) -> Text:
    if v.anytime:
        return _anytime(v)
    if v.open_now is None:
        return Text("未公布具体时段，无法判断现在是否开放", style="yellow")
    if v.open_now:
        tail = f"，{_clock(v.closes_at, t)} 结束" if v.closes_at else ""
        return Text(f"现在开放{tail}", style="green")
    if v.next_open:
        return Text(f"现在未开放，{_clock(v.next_open, t)} 起", style="red")
    return Text("现在未开放", style="red")


def _time_header(t: TimeContext) -> Text:
    here = dt.datetime.fromisoformat(t.at)
    line = Text(
        f"{_zone_label(t)} {here.strftime('%Y-%m-%d %H:%M')}（周{WEEKDAYS[here.weekday()]}）"
    )
    if t.user_offset_differs:
        mine = dt.datetime.fromisoformat(t.user_at)
        line.append(f" / 你的时间 {mine.strftime('%Y-%m-%d %H:%M')}")
    if t.holiday:
        line.append(f"　今天是法定节假日（{t.holiday}），各渠道时间可能调整", style="bold yellow")
    elif t.makeup_workday_for:
        line.append(f"　今天是调休上班日（{t.makeup_workday_for}）", style="yellow")
    if not t.calendar_known:
        line.append(f"　{here.year} 年的节假日安排未知，按周一至周五计算工作日", style="yellow")
    elif not t.makeup_announced:
        line.append(
            f"　{here.year} 年的调休上班日尚未公布，按法定节假日和周一至周五计算工作日",
            style="yellow",
        )
    return line


def _channel_body(v: ChannelView, t: TimeContext, s: Style) -> Table:
    """What to do now first (contact, open now, path), then the details."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    if v.contact:
        contact = Text(v.contact, style="bold cyan")
        contact.append("  ")
        contact.append_text(_status_text(v, s))
        grid.add_row("联系方式", contact)
    elif v.where:
        grid.add_row("去哪找", Text(v.where))
    if v.anytime:
        grid.add_row("时间", _anytime(v))
    else:
        grid.add_row("现在", _now_state(v, t))
    if v.path:
        steps = Text()
        for i, step in enumerate(v.path, 1):
            steps.append(f"{i}. {step}\n")
        if v.path_status == "reported":
            steps.append("（路径来自第三方指南，App 改版后可能不同）", style="dim")
        else:
            steps.rstrip()
        grid.add_row("路径", steps)
    if not v.anytime:
        hours = v.hours + (f"（{v.hours_where}）" if v.hours_where and v.open_now is None else "")
        grid.add_row("营业时间", hours)
    if v.audience:
        grid.add_row("适用", v.audience)
    if v.response_time:
        grid.add_row("响应时间", v.response_time)
    if v.note:
        grid.add_row("说明", v.note)
    return grid


def _one_line(v: ChannelView, t: TimeContext, s: Style) -> Text:
    line = Text(f"{v.name}", style="bold")
    line.append(f"（{TYPE_NAMES.get(v.type, v.type)}）")
    if v.contact:
        line.append(f" {v.contact} ", style="cyan")
        line.append_text(_status_text(v, s))
    if v.path:
        line.append(f"\n路径：{f' {s.arrow} '.join(v.path)}")
    elif v.where and not v.contact:
        line.append(f"\n去哪找：{v.where}")
    if v.audience:
        line.append(f"\n适用：{v.audience}")
    if v.anytime:
        line.append("\n时间：")
    elif v.open_now is None and v.hours == UNPUBLISHED:
        line.append("\n时间：")  # _now_state says it once
    else:
        line.append(f"\n时间：{v.hours}；")
    line.append_text(_now_state(v, t))
    return line


def _sources_line(r: LookupResult | OverviewResult) -> Text:
    titles = "；".join(source_label(src) for src in r.sources[:3])
    more = f" 等 {len(r.sources)} 项" if len(r.sources) > 3 else ""
    return Text(
        f"来源：{titles}{more}。数据核实于 {r.verified_at}；完整来源见 --json。", style="dim"
    )


# -- commands ----------------------------------------------------------------------------------


def render_lookup(r: LookupResult, c: Console, s: Style) -> None:
    head = Text(f"{r.platform.name}", style="bold")
    if r.platform.name_en and r.platform.name_en != r.platform.name:
        head.append(f" {r.platform.name_en}", style="bold")
    if r.platform.origin == "user":
        head.append("（本地数据，未经核实）", style="yellow")
    if r.problem:
        head.append(" · ")
        head.append(r.problem.name, style="bold magenta")
        head.append(f"（匹配「{r.problem.matched}」，把握 {r.problem.score:.0f}/100）", style="dim")
    if r.alert:
        c.print(Text(f"{s.warn} {r.alert}", style="bold red"))
    c.print(head)
    c.print(_time_header(r.time))
    if r.intent == "contact":
        what = f"“{r.problem.name}”的" if r.problem else ""
        c.print(
            Text(f"联系真人：{what}人工渠道排在前面（官方热线优先，其次在线客服）。", style="bold")
        )
    if r.problem is None and r.intent == "contact":
        c.print(
            f"要说明具体问题，可以再查：kefu {r.platform.id} <问题>，例如 kefu {r.platform.id} 退款。"
        )
    elif r.problem is None:
        c.print(Text(f"没能确定“{r.query}”属于哪类问题。", style="bold yellow"))
        if r.candidates:
            scored = any(cand.score for cand in r.candidates)
            c.print("最接近的是：" if scored else f"{r.platform.name} 能处理的问题类别：")
            for i, cand in enumerate(r.candidates, 1):
                score = f"（{cand.score:.0f}/100）" if scored else ""
                c.print(f"  {i}. {cand.name}{score}　kefu {r.platform.id} {cand.id}")
            c.print("请选择其中一类再查一次，或换个说法描述问题。")
        else:
            c.print(f"请换个说法描述问题，或用 kefu {r.platform.id} 查看该平台能处理的问题类别。")
    elif r.runner_up:
        c.print(
            Text(
                f"也可能是：{r.runner_up.name}（{r.runner_up.score:.0f}/100）"
                f" — 如果是，请查 kefu {r.platform.id} {r.runner_up.id}",
                style="yellow",
            )
        )
    c.print()
    if r.recommended:
        title = "现在推荐" if r.problem else "一般先用"
        c.print(
            Panel(
                _channel_body(r.recommended, r.time, s),
                title=Text(f"{title}：{r.recommended.name}", style="bold"),
                title_align="left",
                border_style="green" if r.recommended.open_now else "yellow",
                box=box.ROUNDED,
            )
        )
    if r.preferred_closed and r.preferred_closed.next_open:
        c.print(
            Text(
                f"首选的「{r.preferred_closed.name}」现在未开放：{_clock(r.preferred_closed.next_open, r.time)} 起。",
                style="yellow",
            )
        )
    for note in r.notes:
        c.print(Text(f"{s.warn} {note}", style="yellow"))
    if OPTIONS.brief:
        # The first part only; the one safety line that matters most still comes with it.
        if r.warnings:
            c.print(Text(f"{s.warn} {r.warnings[0]}", style="bold red"))
        more = f"kefu {r.platform.id} {r.problem.id}" if r.problem else f"kefu {r.platform.id}"
        c.print(Text(f"其他渠道、材料清单、升级途径、来源：{more}（不加 --brief）", style="dim"))
        return
    if r.alternatives:
        c.print(section("其他渠道（按推荐顺序）"))
        rows = [(f"{i}.", _one_line(v, r.time, s)) for i, v in enumerate(r.alternatives, 1)]
        c.print(Padding(hanging_list(rows), (0, 0, 0, 2), expand=False))
    if r.problem:
        c.print(section("准备好这些材料"))
        c.print(bullets(r.checklist, s.bullet))
    if r.escalation:
        c.print(section("问题没解决？升级途径"))
        c.print(numbered(r.escalation))
    c.print(section("防骗提醒"))
    c.print(bullets(r.warnings, s.warn, "bold red"))
    c.print(_sources_line(r))


def render_overview(r: OverviewResult, c: Console, s: Style) -> None:
    head = Text(r.platform.name, style="bold")
    if r.platform.name_en and r.platform.name_en != r.platform.name:
        head.append(f" {r.platform.name_en}", style="bold")
    if r.platform.origin == "user":
        head.append("（本地数据，未经核实）", style="yellow")
    c.print(head)
    if r.summary:
        c.print(r.summary)
    c.print(_time_header(r.time))
    c.print(section("客服渠道"))
    rows = [(f"{i}.", _one_line(v, r.time, s)) for i, v in enumerate(r.channels, 1)]
    c.print(Padding(hanging_list(rows), (0, 0, 0, 2), expand=False))
    c.print(section("能处理的问题"))
    for cat in r.categories:
        c.print(f"  {s.bullet} {cat.name}　kefu {r.platform.id} {cat.id}")
    if r.disputed:
        c.print(section("不要拨打/访问（有争议或已知假冒）"))
        for contact, why in r.disputed:
            line = Text(f"  {s.warn} ", style="bold red")
            line.append(contact, style="bold red")
            line.append(f"：{why}")
            c.print(line)
    if r.domains:
        c.print(f"官方域名：{'、'.join(r.domains)}")
    if r.warnings:
        c.print(section("防骗提醒"))
        c.print(bullets(r.warnings, s.warn, "bold red"))
    c.print(_sources_line(r))


def _hours_bar(row: HoursRow, now_hour: int, s: Style) -> Text:
    bar = Text()
    for hour, state in enumerate(row.profile):
        if row.view.anytime:
            state = True
        ch = s.bar_unknown if state is None else (s.bar_open if state else s.bar_closed)
        style = "yellow" if state is None else ("green" if state else "grey50")
        if hour == now_hour:
            style += " reverse"
        bar.append(ch, style=style)
    return bar


def _hours_detail(row: HoursRow, t: TimeContext) -> Text:
    detail = Text(row.view.name, style="bold")
    if not row.view.anytime and row.view.hours != UNPUBLISHED:
        detail.append(f"\n{row.view.hours}")
    detail.append("\n")
    detail.append_text(_now_state(row.view, t))
    return detail


def render_hours(r: HoursResult, c: Console, s: Style) -> None:
    c.print(Text(f"{r.platform.name} 各渠道营业时间", style="bold"))
    c.print(_time_header(r.time))
    scale = Text("0     6     12    18    ", style="dim")
    marker = Text(" " * r.now_hour + "v", style="bold")
    now = Text(f"现在（{_zone_label(r.time)} {r.now_hour:02d} 时）", style="dim")
    if c.width < STACK_HOURS_BELOW:
        # One block per channel: the day's bar on its own line, the words under it at full width.
        c.print(Padding(Text.assemble(scale, "\n", marker, " ", now), (0, 0, 0, 2)))
        for row in r.rows:
            c.print(Padding(_hours_bar(row, r.now_hour, s), (0, 0, 0, 2)))
            c.print(Padding(_hours_detail(row, r.time), (0, 0, 1, 2)))
    else:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True, width=24)
        grid.add_column(overflow="fold")
        grid.add_row(scale, "")
        grid.add_row(marker, now)
        for row in r.rows:
            grid.add_row(_hours_bar(row, r.now_hour, s), _hours_detail(row, r.time))
        c.print(grid)
    legend = f"{s.bar_open} 开放  {s.bar_closed} 未开放  {s.bar_unknown} 未公布；每格一小时（{_zone_label(r.time)}）"
    c.print(Text(legend, style="dim"))


def _packed(items: tuple[str, ...] | list[str], width: int) -> list[str]:
    """Items joined by ", " into lines of at most `width` cells, never breaking inside an item."""
    lines: list[str] = []
    for item in items:
        piece = item + ","
        if lines and cell_len(lines[-1]) + 1 + cell_len(piece) <= width:
            lines[-1] += " " + piece
        else:
            lines.append(piece)
    if lines:
        lines[-1] = lines[-1][:-1]
    return lines


def _list_stacked(r: ListResult, c: Console) -> None:
    """One block per platform for narrow terminals: nothing is squeezed into a column."""
    for p in r.platforms:
        head = Text(p.id, style="bold cyan")
        head.append(f"  {p.name}", style="bold")
        if p.name_en and p.name_en != p.name:
            head.append(f" {p.name_en}")
        if p.origin == "user":
            head.append("（本地）", style="yellow")
        c.print(head)
        indent = "  别名 "
        width = max(c.width - cell_len(indent), 12)
        for i, line in enumerate(_packed(p.aliases[:6], width)):
            c.print(Text((indent if i == 0 else " " * cell_len(indent)) + line))
        facts = f"  {p.channels} 渠道 · {len(p.sources)} 来源 · 核实 {p.verified_at}"
        c.print(Text(facts, style="dim"))


def render_list(r: ListResult, c: Console, s: Style) -> None:
    if c.width < STACK_LIST_BELOW:
        _list_stacked(r, c)
        c.print(Text(f"共 {len(r.platforms)} 个平台。查询：kefu <平台> <问题>", style="dim"))
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("id", no_wrap=True)
    table.add_column("名称", overflow="fold")
    table.add_column("别名", overflow="fold", ratio=1)
    table.add_column("渠道", justify="right")
    table.add_column("来源", justify="right")
    table.add_column("核实日期", no_wrap=True)
    for p in r.platforms:
        name = p.name + (f" {p.name_en}" if p.name_en and p.name_en != p.name else "")
        if p.origin == "user":
            name += "（本地）"
        table.add_row(
            p.id,
            name,
            ", ".join(p.aliases[:6]),
            str(p.channels),
            str(len(p.sources)),
            p.verified_at,
        )
    c.print(table)
    c.print(
        Text(
            f"共 {len(r.platforms)} 个平台。查询：kefu <平台> <问题>，例如 kefu douyin 充值未到账",
            style="dim",
        )
    )


def render_validate(r: ValidateResult, c: Console, s: Style) -> None:
    for p in r.problems:
        c.print(Text(f"{p.file}:{p.line}: {p.field}: {p.message}"), soft_wrap=True)
    bad_files = len({p.file for p in r.problems})
    if r.ok:
        c.print(Text(f"{s.ok} {len(r.files)} 个数据文件全部通过检查。", style="green"))
    else:
        c.print(
            Text(
                f"{len(r.problems)} 个问题，涉及 {bad_files} 个文件（共检查 {len(r.files)} 个）。",
                style="bold red",
            )
        )


def render_info(r: InfoResult, c: Console, s: Style) -> None:
    c.print(Text(f"kefu {r.version}", style="bold"))
    c.print(section("数据目录"))
    for d in r.data_dirs:
        kind = "内置" if d.origin == "bundled" else "用户"
        state = f"{d.files} 个数据文件" if d.exists else "不存在"
        c.print(Text(f"  {kind}  {d.path}（{state}）"), soft_wrap=True)
    c.print(section("缓存"))
    size = f"{r.catalog_bytes / 1_000_000:.1f} MB" if r.catalog_bytes is not None else "尚未生成"
    c.print(Text(f"  目录  {r.cache_dir}"), soft_wrap=True)
    c.print(Text(f"  文件  {r.catalog_file}（{size}）"), soft_wrap=True)
    c.print(Text("  删除缓存是安全的：下次运行时会从数据文件重新生成。", style="dim"))
    c.print(section("内置数据"))
    if r.bundled_verified_newest:
        age = f"，距今 {r.data_age_days} 天" if r.data_age_days is not None else ""
        c.print(f"  {r.platforms} 个平台；最近核实于 {r.bundled_verified_newest}{age}")
        if r.bundled_verified_oldest != r.bundled_verified_newest:
            c.print(f"  最早核实于 {r.bundled_verified_oldest}")
    else:
        c.print(f"  {r.platforms} 个平台")


def render_verify(r: VerifyResult, c: Console, s: Style) -> None:
    from kefu_cli.render.verify_human import render_verify as draw_verify

    draw_verify(r, c, s)


_RENDERERS: dict[type, Any] = {
    ValidateResult: render_validate,
    LookupResult: render_lookup,
    OverviewResult: render_overview,
    HoursResult: render_hours,
    ListResult: render_list,
    VerifyResult: render_verify,
    InfoResult: render_info,
}


def render(result: Any) -> None:
    draw(_RENDERERS[type(result)], result)


def render_error(r: ErrorResult) -> None:
    console = make_console(stderr=True)
    line = Text("kefu: ", style="bold red")
    line.append(r.message)
    console.print(line)
