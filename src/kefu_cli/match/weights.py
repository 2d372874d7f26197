"""Every weight and threshold of the matcher, in one place (see problems.py for how they combine)."""

from __future__ import annotations

#: Below this a problem match is a guess: the user is asked to pick instead.
PROBLEM_THRESHOLD = 62.0
#: A runner-up this close to the winner is shown beside it.
AMBIGUITY_MARGIN = 6.0
PLATFORM_FUZZY_THRESHOLD = 78.0
#: "Did you mean" only above this similarity (rapidfuzz ratio): `kefu foo` suggests nothing.
SUGGEST_THRESHOLD = 65.0
#: Only this much of a problem text is matched (the CLI accepts 500 characters).
MAX_MATCH_CHARS = 500

# How well a keyword meets the query, by the way it met it (0-100).
EXACT = 100.0
PINYIN = 95.0  # the query spells the keyword in pinyin: 'chongzhi', 'zhang hao'
HOMOPHONE = 93.0  # same sound, at least one character the same: 冲值, 帐号, 封好
SOUNDALIKE = 72.0  # same usual sound, no character in common: often another word (一件 / 意见)
FUZZY_SOUND = 0.9  # factor when only fuzzy pinyin lines up (zh/z, ch/c, sh/s, n/l, -ng/-n)
EDIT = 0.85  # factor for a sound match with one extra or one different syllable
RUN_TOGETHER = 0.95  # factor for pinyin found inside typed pinyin regardless of syllable cuts
STEMMED = 99.0  # the same English word in another form: crashes ~ crash (the exact form wins)
FUZZY_TEXT_MIN = 75.0  # partial_ratio below this is noise (one character of two in common)
GAPPED = 96.0  # a keyword met in two parts with one character between them: 商户号[被]冻结
GAP_COST = 2.0  # and this much less for each further character between them (at most MAX_GAP)
MAX_GAP = 4
MIN_PART = 2  # each part of a keyword met in two parts has at least this many characters
MAX_GAP_WORDS = 2  # the same for a two-word Latin keyword, counted in words
SUSPECT_REACH = 3  # characters between 涉嫌 and the keyword that still make it the user's deed
TOPIC_WEIGHT = 0.8
VAGUE_WEIGHT = 0.75
WHOLE = 90.0  # a keyword hit at least this good counts toward the query's coverage
BEST_WEIGHT, COVERAGE_WEIGHT = 0.85, 15.0

TERM_NAME, TERM_TOPIC, TERM_STRONG, TERM_VAGUE = 1, 2, 4, 8  # flags written by build.py
