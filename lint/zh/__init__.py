"""``kanwu.zh``: everything kanwu knows about Chinese text and news pages, in one place.

Rules import from here and keep no private copies of shared knowledge.

- ``chars``: character and punctuation classes, full/half-width maps, bracket and quote pairs,
  numerals and units, sentence ends, blank and zero-width characters.

Tables too large to be code live in ``data/`` as plain text files, each opening with a header
line that names its source and licence; they are loaded lazily, on first use.
"""
