"""Pasted messages for `kefu verify`: the scam signals they carry, and the contacts inside them.

The signal patterns live in data/shared/signals.yaml (compiled into the catalog); this module folds
the message the way the patterns expect, finds each signal once, ignores matches that are warnings
("请勿将验证码告诉他人"), and counts genuine-notice markers. It also picks phone numbers, e-mail
addresses, URLs, domains and letter-for-digit senders (l0086) out of the text for verify_contacts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from kefu_cli.catalog.phones import Phone, normalize_phone
from kefu_cli.catalog.text import clean, has_cjk
from kefu_cli.verify.hosts import skeleton_letters

SEVERITIES = ("strong", "medium", "weak")
_DEFAULT_WEIGHTS = {"strong": 4, "medium": 2, "weak": 1}
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CLAUSE = re.compile(r"[，。！？；：、,!?;:…]|\.(?!\w)")
_OTHER_PUNCT = re.compile(r"[^\w\s|]|_")
_SPACES = re.compile(r"\s+")
_CJK_SPACE = re.compile(rf" (?=[{_CJK}|])|(?<=[{_CJK}|]) ")
_BARS = re.compile(r"\|+")
_EXCERPT = 40


# -- rules ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignalSpec:
    id: str
    name: str
    severity: str
    explain: str
    sources: tuple[str, ...]
    phrases: tuple[str, ...]  # folded
    regexes: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...]
    standalone: bool
    type: str = "impersonation"  # the fraud type the signal belongs to (sentences.FRAUD_TYPES)


@dataclass(frozen=True)
class GenuineSpec:
    id: str
    name: str
    credit: int
    phrases: tuple[str, ...]
    regexes: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Rules:
    signals: dict[str, SignalSpec]
    genuine: tuple[GenuineSpec, ...]
    weights: dict[str, int]
    scam_at: int
    max_credit: int
    negation: re.Pattern[str] | None
    window: int
    fold_map: dict[int, str]
    ignore_names: tuple[str, ...]
    fold_words: tuple[tuple[re.Pattern[str], str], ...] = ()

    def weight(self, spec: SignalSpec) -> int:
        return self.weights.get(spec.severity, 1)


def _compile(patterns: Any) -> tuple[re.Pattern[str], ...]:
    out = []
    for p in patterns or ():
        try:
            out.append(re.compile(str(p)))
        except re.error:
            continue  # a broken pattern in the data must not break verify
    return tuple(out)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def compile_rules(data: Any) -> Rules:
    """The signals file as parsed YAML -> matchers; malformed entries are skipped, never fatal."""
    data = _dict(data)
    scoring = _dict(data.get("scoring"))
    fold_map = {
        ord(k): str(v)
        for k, v in _dict(data.get("fold_chars")).items()
        if isinstance(k, str) and len(k) == 1
    }
    weights = dict(_DEFAULT_WEIGHTS)
    for sev, w in _dict(scoring.get("weights")).items():
        if sev in SEVERITIES:
            weights[sev] = _int(w, weights[sev])
    cues = [str(c) for c in scoring.get("negation") or ()]
    try:
        negation = re.compile("|".join(f"(?:{c})" for c in cues)) if cues else None
    except re.error:
        negation = None

    def folded(phrases: Any) -> tuple[str, ...]:
        forms = (match_form(str(p), fold_map).strip("|") for p in phrases or ())
        return tuple(f for f in forms if f)

    signals: dict[str, SignalSpec] = {}
    for entry in data.get("signals") or ():
        if not isinstance(entry, dict) or not entry.get("id"):
            continue
        severity = entry.get("severity")
        signals[str(entry["id"])] = SignalSpec(
            id=str(entry["id"]),
            name=str(entry.get("name") or entry["id"]),
            severity=severity if severity in SEVERITIES else "weak",
            explain=str(entry.get("explain") or ""),
            sources=tuple(str(s) for s in entry.get("sources") or ()),
            phrases=folded(entry.get("phrases")),
            regexes=_compile(entry.get("regex")),
            unless=_compile(entry.get("unless")),
            standalone=bool(entry.get("standalone")),
            type=str(entry.get("type") or "impersonation"),
        )
    genuine = tuple(
        GenuineSpec(
            str(entry["id"]),
            str(entry.get("name") or entry["id"]),
            _int(entry.get("credit"), 1),
            folded(entry.get("phrases")),
            _compile(entry.get("regex")),
        )
        for entry in data.get("genuine") or ()
        if isinstance(entry, dict) and entry.get("id")
    )
    return Rules(
        signals=signals,
        genuine=genuine,
        weights=weights,
        scam_at=max(1, _int(scoring.get("scam_at"), 4)),
        max_credit=_int(scoring.get("max_credit"), 3),
        negation=negation,
        window=_int(scoring.get("negation_window"), 20),
        fold_map=fold_map,
        ignore_names=tuple(str(x) for x in _dict(data.get("lookalike")).get("ignore_names") or ()),
        fold_words=_fold_words(data.get("fold_words")),
    )


def _fold_words(data: Any) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Pinyin initials and slang written for the words they stand for (yzm -> 验证码), whole words only."""
    out = []
    for k, v in _dict(data).items():
        if isinstance(k, str) and k.strip():
            out.append((re.compile(rf"(?<![a-z0-9]){re.escape(k.lower())}(?![a-z0-9])"), str(v)))
    return tuple(out)


# -- matching ------------------------------------------------------------------------------------


def match_form(
    text: str,
    fold_map: dict[int, str] | None = None,
    fold_words: tuple[tuple[re.Pattern[str], str], ...] = (),
) -> str:
    """The form patterns are written for: folded, lower-case, look-alike letters as Latin ones,
    clause breaks as `|`, no punctuation or emoji, no spaces next to Chinese characters, pinyin
    initials (yzm) as the words they stand for."""
    lines = [clean(line) for line in text.splitlines()]
    t = skeleton_letters("|".join(line for line in lines if line).lower())
    if fold_map:
        t = t.translate(fold_map)
    for rx, word in fold_words:
        t = rx.sub(word, t)
    t = _CLAUSE.sub("|", t)
    t = _OTHER_PUNCT.sub(" ", t)
    t = _SPACES.sub(" ", t).strip()
    t = _CJK_SPACE.sub("", t)
    return _BARS.sub("|", t)


@dataclass(frozen=True)
class Hit:
    spec: SignalSpec
    matched: str
    from_contact: bool = False  # raised by a contact in the message, not by its words


def _negated(rules: Rules, form: str, start: int, end: int) -> bool:
    if rules.negation is None:
        return False
    clause_start = form.rfind("|", 0, start) + 1
    before = form[max(clause_start, start - rules.window) : start]
    return bool(rules.negation.search(before) or rules.negation.search(form[start:end]))


def _phrase_spans(phrase: str, form: str) -> Iterator[tuple[int, int]]:
    """Exact occurrences, else the best fuzzy one (one edit from 6 characters on, two from 12)."""
    at = form.find(phrase)
    found = False
    while at >= 0:
        found = True
        yield at, at + len(phrase)
        at = form.find(phrase, at + 1)
    if found or len(phrase) > len(form):
        return
    n = len(phrase)
    budget = 2 if n >= 12 else 1 if n >= 6 else 0
    if not budget:
        return
    aligned = fuzz.partial_ratio_alignment(phrase, form, score_cutoff=100 * (1 - budget / n) - 0.5)
    if aligned is None:
        return
    s, e = aligned.dest_start, aligned.dest_end
    if Levenshtein.distance(phrase, form[s:e], score_cutoff=budget + 1) <= budget:
        yield s, e


def _first_match(
    rules: Rules,
    form: str,
    phrases: tuple[str, ...],
    regexes: tuple[re.Pattern[str], ...],
    negatable: bool = True,
) -> str | None:
    """The first occurrence that is not a warning ("请勿…"), as folded text; None if none."""
    for rx in regexes:
        for m in rx.finditer(form):
            s, e = m.span()
            if e > s and not (negatable and _negated(rules, form, s, e)):
                return form[s:e]
    for phrase in phrases:
        for s, e in _phrase_spans(phrase, form):
            if not (negatable and _negated(rules, form, s, e)):
                return form[s:e]
    return None


def _excerpt(text: str) -> str:
    text = text.replace("|", " ").strip()
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"


def find_signals(rules: Rules, text: str) -> tuple[list[Hit], list[GenuineSpec]]:
    """The text signals in a message (each at most once) and the genuine-notice markers."""
    form = match_form(text, rules.fold_map, rules.fold_words)
    hits: list[Hit] = []
    for spec in rules.signals.values():
        if not spec.regexes and not spec.phrases:
            continue
        matched = _first_match(rules, form, spec.phrases, spec.regexes)
        if matched is None:
            continue
        if any(rx.search(form) for rx in spec.unless):
            continue
        hits.append(Hit(spec, _excerpt(matched)))
    # Genuine markers are warnings themselves: negation cues must not cancel them.
    genuine = [
        g
        for g in rules.genuine
        if _first_match(rules, form, g.phrases, g.regexes, False) is not None
    ]
    return hits, genuine


_RAW_CLAUSE = re.compile(r"[，。！？；：,!?;:…\n]")


def quoted_in_warning(rules: Rules, text: str, contact: str, genuine: list[GenuineSpec]) -> bool:
    """A contact named inside a warning ("显示为 +86 400… 的来电要警惕") is quoted, not offered:
    the message carries a fraud-warning marker and the contact's own clause a warning cue."""
    if rules.negation is None or not any(g.id == "fraud_warning" for g in genuine):
        return False
    for clause in _RAW_CLAUSE.split(clean(text)):
        if contact in clause and rules.negation.search(clause.replace(contact, " ").lower()):
            return True
    return False


def score(rules: Rules, hits: list[Hit], genuine: list[GenuineSpec]) -> int:
    """Strong words count in full; everything else (and whatever the contacts raised) can be
    offset by genuine-notice markers: a warning that quotes a fake number is not a scam."""
    firm = [h for h in hits if h.spec.severity == "strong" and not h.from_contact]
    strong = sum(rules.weight(h.spec) for h in firm)
    other = sum(rules.weight(h.spec) for h in hits if h not in firm)
    credit = min(rules.max_credit, sum(g.credit for g in genuine))
    return strong + max(0, other - credit)


# -- contacts in the text ------------------------------------------------------------------------

_L = "a-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
_STOP = "\\s<>\"'，。！？；、（）《》「」【】"
_EMAIL = re.compile(
    rf"(?<![a-z0-9._%+-])(?:mailto:)?[a-z0-9._%+-]+@(?:[{_L}](?:[{_L}-]{{0,61}}[{_L}])?\.)+[{_L}]{{2,63}}",
    re.IGNORECASE,
)
_URL = re.compile(rf"(?:https?://|www\.)[^{_STOP}]+", re.IGNORECASE)
_DOMAIN = re.compile(
    rf"(?<![{_L}@._/-])((?:[{_L}](?:[{_L}-]{{0,61}}[{_L}])?\.)+(?:[a-z]{{2,24}}|xn--[a-z0-9-]{{1,59}}))(?![{_L}-])(/[^{_STOP}]*)?",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"(?<![A-Za-z0-9+])(?:tel:(?://)?)?\(?\+?\(?\d(?:[ \-.()/]{0,2}\d){2,19}\)?", re.IGNORECASE
)
_NOT_PHONE_BEFORE = re.compile(
    r"(验证码|校验码|动态码|取件码|提货码|取货码|code|otp|pin|单号|编号|尾号|金额|积分|qq号?|会议号|房间号|order(\s*(no|number))?|no\.|[#¥￥$])\s*[:：]?\s*(为|是)?\s*$",
    re.IGNORECASE,
)
_NOT_PHONE_AFTER = re.compile(
    r"^\s*(元|块|万|%|％|分钟|小时|天|年|月|日|积分|rmb|usd|美元)|^(个|号(?!码)|点|人|次|倍|岁)",
    re.IGNORECASE,
)
_LETTER_DIGITS = re.compile(r"(?<![A-Za-z0-9])[0-9lIoO|]{4,15}(?![A-Za-z0-9])")
_TRAIL = ".,;:!?)]}'\"。，"


@dataclass(frozen=True)
class FoundContact:
    kind: str  # email / url / domain / phone / letters (digits spelled with letters)
    text: str
    phone: Phone | None = None


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for s, e in spans:
        for i in range(s, e):
            chars[i] = " "
    return "".join(chars)


def _split_phone(
    candidate: str, known: Callable[[Phone], bool]
) -> Iterator[tuple[str, Phone, bool, bool]]:
    """`95152 5分钟` must not read as 951525: try whitespace-separated groups, known numbers first.

    Yields (text, phone, is_first, is_last) so the caller can look at what precedes and follows."""
    tokens = candidate.split()
    i = 0
    while i < len(tokens):
        best: tuple[int, Phone] | None = None
        for want_known in (True, False):
            for j in range(len(tokens), i, -1):
                phone = normalize_phone(" ".join(tokens[i:j]))
                if phone is None:
                    continue
                if (want_known and known(phone)) or (not want_known and phone.plausible):
                    best = (j, phone)
                    break
            if best:
                break
        if best is None:
            i += 1
            continue
        j, phone = best
        yield " ".join(tokens[i:j]), phone, i == 0, j == len(tokens)
        i = j


def find_contacts(text: str, known: Callable[[Phone], bool]) -> list[FoundContact]:
    """Contacts in a message, in order of appearance, without duplicates."""
    t = clean(text)
    found: list[tuple[int, FoundContact]] = []
    spans: list[tuple[int, int]] = []
    for m in _EMAIL.finditer(t):
        found.append((m.start(), FoundContact("email", m.group(0))))
        spans.append(m.span())
    t1 = _mask(t, spans)
    for m in _URL.finditer(t1):
        url = m.group(0).rstrip(_TRAIL)
        found.append((m.start(), FoundContact("url", url)))
        spans.append((m.start(), m.start() + len(url)))
    t2 = _mask(t, spans)
    for m in _DOMAIN.finditer(t2):
        whole = m.group(0).rstrip(_TRAIL)
        found.append((m.start(), FoundContact("url" if m.group(2) else "domain", whole)))
        spans.append((m.start(), m.start() + len(whole)))
    t3 = _mask(t, spans)
    for m in _PHONE.finditer(t3):
        before, after = t3[max(0, m.start() - 12) : m.start()], t3[m.end() : m.end() + 4]
        for piece, phone, first, last in _split_phone(m.group(0), known):
            if (first and _NOT_PHONE_BEFORE.search(before)) or (
                last and _NOT_PHONE_AFTER.match(after)
            ):
                continue
            found.append((m.start(), FoundContact("phone", piece.strip(), phone)))
    for m in _LETTER_DIGITS.finditer(t3):
        token = m.group(0)
        if (
            any(ch.isalpha() or ch == "|" for ch in token)
            and sum(ch.isdigit() for ch in token) >= 2
        ):
            found.append((m.start(), FoundContact("letters", token)))
    out: list[FoundContact] = []
    seen: set[str] = set()
    for _, c in sorted(found, key=lambda x: x[0]):
        key = c.kind + ":" + (c.phone.normalized if c.phone else c.text.lower())
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


# -- platforms named in the text -------------------------------------------------------------------


_CLAIM_AFTER = re.compile(
    r"^ ?(的|金融|官方|平台)?(官方|客服|工作人员|平台|专员|安全中心|团队|support|customer|security|team|official)"
)
_USED_AS_MEDIUM = re.compile(r"加|扫码|下载|安装|打开|\bon\b|\bvia\b")


def _mention_rank(where: str, at: int, key: str) -> int:
    """0: the sender tag or "X客服" (the platform the message speaks for); 1: a plain mention;
    2: a platform used as a tool ("加微信", "下载钉钉"): the least likely to be the one imitated."""
    if at <= 1 or _CLAIM_AFTER.match(where[at + len(key) : at + len(key) + 12]):
        return 0
    return 2 if _USED_AS_MEDIUM.search(where[max(0, at - 6) : at]) else 1


def mentioned_forms(rules: Rules, text: str) -> tuple[str, str]:
    """The message as platform names are looked for in it: Latin names in the first (words
    kept apart), CJK names in the second (spaces dropped). Only a name key inside one of these
    can be mentioned (Catalog.name_keys_in reads just those)."""
    form = match_form(text, rules.fold_map, rules.fold_words)
    for phrase in rules.ignore_names:
        form = form.replace(phrase, "|")
    return form, form.replace(" ", "")


def mentioned_platforms(
    rules: Rules, text: str, name_keys: list[tuple[str, str, int]]
) -> list[str]:
    """Platform ids the message speaks for (抖音, WhatsApp, imToken…), the sender's first.

    A platform named only as a tool ("加客服微信", "下载钉钉") is not the one imitated: left out.
    `name_keys` needs to hold only the keys inside the forms of `mentioned_forms`."""
    form, flat = mentioned_forms(rules, text)
    best: dict[str, tuple[int, int]] = {}
    for key, pid, rank in name_keys:
        if rank >= 4 or not key:
            continue
        if has_cjk(key):
            where = flat
            spans = [m.start() for m in re.finditer(re.escape(key), flat)] if len(key) >= 2 else []
        else:
            where = form
            spans = (
                [
                    m.start()
                    for m in re.finditer(rf"(?<![a-z0-9]){re.escape(key)}(?![a-z0-9])", form)
                ]
                if len(key) >= 4 and key in form
                else []
            )
        for at in spans:
            found = (_mention_rank(where, at, key), at)
            if pid not in best or found < best[pid]:
                best[pid] = found
    return sorted((pid for pid in best if best[pid][0] < 2), key=lambda pid: best[pid])
