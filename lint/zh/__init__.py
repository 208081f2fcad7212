"""``kanwu.zh``: everything kanwu knows about Chinese text and news pages, in one place.

Rules import from here and keep no private copies of shared knowledge.

- ``chars``: character and punctuation classes, full/half-width maps, bracket and quote pairs,
  numerals and units, sentence ends, blank and zero-width characters.
- ``standard``: the 2013 通用规范汉字表 and the level of each character.
- ``people``: surnames, posts and organisations (title patterns), transliterated and minority
  names.
- ``similar``: look-alike characters, pinyin readings, same and near sound, candidates for typos.
- ``captions``: photo captions, photo credits (agencies, photographers) and continuation markers.

Tables too large to be code live in ``data/`` as plain text files, each opening with a header
line that names its source and licence (``data/README.md`` lists them and how each is
rebuilt); they are loaded lazily, on first use. Importing any module here is cheap: no
jieba, no pypinyin.
"""
