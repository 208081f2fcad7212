"""Character classes the rules share."""
# Chinese text for "touching Chinese" is an ideograph (document.HAN_RANGES) or one of these:
# CJK and full-width punctuation, curly quotes, ellipsis, dash, middle dot.
CJK_PUNCT = "\u3000-\u303f\uff00-\uffef“”‘’…—·"  # inside a character class
FULLWIDTH = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}
