"""Character classes the rules share."""
HAN = r"\p{Han}"
# Chinese text for "touching Chinese": ideographs, CJK and full-width punctuation, curly quotes.
CJK = r"[\p{Han}\u3000-\u303f\uff00-\uffef“”‘’…—·]"
FULLWIDTH = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}
