"""How well `kefu verify` reads pasted messages, beside a naive keyword-list baseline, in one run.

usage: .venv/bin/python benchmarks/verify.py [--show] [--dev PATH] [--holdout PATH]

Sets (type <TAB> subtype <TAB> text, `#` comments): benchmarks/verify_messages_dev.tsv (signals.yaml
may be tuned on it) and benchmarks/verify_messages_holdout.tsv (written before any tuning, never tuned
on). Messages are in our own words after public scripts (police / anti-fraud notices and news quoted
in data/shared/signals.yaml); genuine ones are verification-code SMS, delivery notices, bank and
platform notifications, marketing with 退订 and plain chat.

kefu is run in-process through the function the CLI uses (`commands.verify`). A scam message counts
as caught when the exit code is non-zero (scam, suspicious, spoofed, lookalike, disputed); "named"
counts scams whose verdict is `scam` with the right fraud type. A genuine message is a false positive
when the exit code is non-zero. The baseline flags a message when it contains any word of a short
keyword list (what one would write first).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).parent
BASELINE = (
    "验证码", "客服", "退款", "理赔", "冻结", "转账", "中奖", "贷款", "刷单", "安全账户",
    "公安", "投资", "code", "support", "refund", "won",
)  # fmt: skip


def load(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, sub, text = line.split("\t", 2)
        rows.append((kind, sub, text))
    return rows


def baseline(text: str) -> bool:
    low = text.lower()
    return any(k in low for k in BASELINE)


def run(name: str, rows: list[tuple[str, str, str]], show: bool) -> None:
    from kefu_cli import commands

    caught: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # kefu, named, base, n
    fp = [0, 0, 0]  # kefu, base, n
    misses = []
    for kind, sub, text in rows:
        out = commands.verify(text)
        r = out.result
        flagged = out.code != 0
        if kind == "genuine":
            fp[0] += flagged
            fp[1] += baseline(text)
            fp[2] += 1
            if flagged:
                misses.append(f"FP  {r.verdict:10} {text}")
            continue
        c = caught[kind]
        c[0] += flagged
        c[1] += getattr(r, "verdict", "") == "scam" and getattr(r, "fraud_type", None) == kind
        c[2] += baseline(text)
        c[3] += 1
        if not flagged:
            misses.append(f"MISS {kind}/{sub}: {text}")
    print(f"\n## {name}\n")
    print("| fraud type | n | kefu recall | kefu named (scam + type) | keyword baseline |")
    print("|---|---|---|---|---|")
    tot = [0, 0, 0, 0]
    for kind in sorted(caught):
        k, nm, b, n = caught[kind]
        tot = [tot[0] + k, tot[1] + nm, tot[2] + b, tot[3] + n]
        print(f"| {kind} | {n} | {k / n:.0%} | {nm / n:.0%} | {b / n:.0%} |")
    k, nm, b, n = tot
    print(f"| **all scams** | {n} | {k / n:.0%} | {nm / n:.0%} | {b / n:.0%} |")
    print(
        f"| **false positives** (genuine) | {fp[2]} | {fp[0] / fp[2]:.0%} | | {fp[1] / fp[2]:.0%} |"
    )
    if show:
        print("\n".join(misses))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", action="store_true", help="list misses and false positives")
    ap.add_argument("--dev", type=Path, default=HERE / "verify_messages_dev.tsv")
    ap.add_argument("--holdout", type=Path, default=HERE / "verify_messages_holdout.tsv")
    ap.add_argument("--only-dev", action="store_true", help="run the dev set only (while tuning)")
    args = ap.parse_args()
    run("dev (tuned on)", load(args.dev), args.show)
    if not args.only_dev:
        run("held-out (never tuned on)", load(args.holdout), False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
