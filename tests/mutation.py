"""Plant mutations in the rules and the engine, one at a time, and check that the test suite
catches each: the suite's mutation score. Not a test itself (pytest does not collect it).

    python tests/mutation.py            # every mutation; prints the score and the survivors
    python tests/mutation.py -k fixer   # only mutations whose id contains "fixer"

Each mutation is (id, file, original text, mutated text): a wrong offset, a dropped edit, an
option ignored, a fix marked safe, a filter skipped... The original must occur exactly once
(a stale mutation is reported, not silently skipped). The file is restored after each run,
also on Ctrl-C. Run it in a checkout nobody else is editing: it rewrites files in place.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MUTATIONS = [
    # -- the fixer and the engine ---------------------------------------------------------------
    ("fixer-drops-edit-content", "lint/linter.py", "        parts.append(e.content)\n", "        pass\n"),
    ("fixer-ignores-overlaps", "lint/linter.py", "        if any(occupied.conflicts(e) for e in edits):", "        if False:"),
    ("fixer-applies-unsafe", "lint/model.py", "        return unsafe and self.applicability is Applicability.UNSAFE and bool(self.edits)",
     "        return bool(self.edits)"),
    ("fixer-one-pass", "lint/linter.py", "MAX_FIX_PASSES = 12", "MAX_FIX_PASSES = 1"),
    ("fixer-shift-sign", "lint/linter.py", "        delta += len(e.content) - (e.end - e.start)", "        delta -= len(e.content) - (e.end - e.start)"),
    ("engine-no-span-check", "lint/linter.py", "                    if not (0 <= d.start <= d.end <= n) or", "                    if False and"),
    ("filter-no-per-file-ignores", "lint/filters.py", "                        off |= names", "                        pass"),
    ("filter-no-baseline", "lint/filters.py", "        if self._baseline is not None and self._baseline.known(self.fingerprint(d)):",
     "        if False:"),
    ("baseline-no-count", "lint/baseline.py", "        if self.used[fp] < self.counts.get(fp, 0):", "        if self.counts.get(fp, 0):"),
    ("selection-ignores-ignore", "lint/registry.py", "            i = max((match_score(k, c) for k in ignore), default=0)", "            i = 0"),
    ("selection-family-beats-name", "lint/registry.py", "        return 50\n", "        return 200\n"),
    ("locate-column-off-by-one", "lint/pipeline.py", "Position(l1, c1, d.start)", "Position(l1, c1 + 1, d.start)"),
    ("jsonl-reserialises", "lint/jsonl.py", "    return rec.raw[:s] + value + rec.raw[e:]",
     "    import json as j\n    o = j.loads(rec.raw)\n    o[next(k for k, v in o.items() if isinstance(v, str))] = new_text\n    return j.dumps(o, ensure_ascii=False)"),
    ("document-no-epaper-lines", "lint/document.py", "        single_lines = len(chunks) == 1", "        single_lines = False"),
    ("source-newline-always-lf", "lint/source.py", '        if crlf >= lf and crlf >= cr and crlf:\n            return "\\r\\n"', '        if False:\n            return "\\r\\n"'),
    ("emit-exit-zero-inverted", "lint/emit.py", "        return EXIT_FINDINGS if left and not self.exit_zero else EXIT_OK",
     "        return EXIT_FINDINGS if left and self.exit_zero else EXIT_OK"),
    ("json-offset-from-end", "lint/formats.py", '    return {"line": p.line, "column": p.column, "offset": p.offset}',
     '    return {"line": p.line, "column": p.column, "offset": p.offset + 1}'),
    # -- rules: wrong offsets, dropped edits, ignored options, wrong fix safety ----------------------
    ("page-break-wrong-offset", "rules/page_break_split.py", 'fix = Fix.safe("Join the two halves", Edit.delete(prev.end, nxt.start))',
     'fix = Fix.safe("Join the two halves", Edit.delete(prev.end, nxt.start + 1))'),
    ("page-break-caption-fix-safe", "rules/page_break_split.py", 'fix = Fix.unsafe(f"Join the halves and move',
     'fix = Fix.safe(f"Join the halves and move'),
    ("page-break-min-length-ignored", "rules/page_break_split.py", 'len(prev) < self.opts["min-length"]', "len(prev) < 12"),
    ("continuation-wrong-offset", "rules/continuation_marker.py", "                edit = Edit.delete(ss, e)\n            yield",
     "                edit = Edit.delete(ss, e - 1)\n            yield"),
    ("halfwidth-wrong-span", "rules/halfwidth_punctuation.py", "            yield self.diagnostic(i, i + 1,", "            yield self.diagnostic(i, i + 2,"),
    ("halfwidth-url-not-skipped", "rules/halfwidth_punctuation.py", "            if i in skip:\n                continue", "            pass"),
    ("repeated-word-content-safe", "rules/repeated_word.py", '            safe = verdict == "function"',
     '            safe = True'),
    ("repeated-word-wrong-offset", "rules/repeated_word.py", 'Edit.delete(second, end))',
     'Edit.delete(second, end + 1))'),
    ("duplicate-sentence-distance-ignored", "rules/duplicate_sentence.py", 'max_d, window = self.opts["max-distance"], self.opts["window"]',
     'max_d, window = 2, self.opts["window"]'),
    ("duplicate-sentence-window-ignored", "rules/duplicate_sentence.py", 'max_d, window = self.opts["max-distance"], self.opts["window"]',
     'max_d, window = self.opts["max-distance"], 200'),
    ("duplicate-sentence-fix-safe", "rules/duplicate_sentence.py", '                    fix = Fix.unsafe("Delete the second copy", Edit.delete(start, e))',
     '                    fix = Fix.safe("Delete the second copy", Edit.delete(start, e))'),
    ("traditional-strict-ignored", "rules/traditional_char.py", '        strict = self.opts["strict"]',
     '        strict = False'),
    ("traditional-fix-safe", "rules/traditional_char.py", "Fix.unsafe(f\"Replace with {new!r}\"", "Fix.safe(f\"Replace with {new!r}\""),
    ("blank-lines-limit-ignored", "rules/whitespace.py", '        limit = self.opts["max-blank-lines"]', "        limit = 3"),
    ("trailing-wrong-offset", "rules/whitespace.py", 'Fix.safe("Remove trailing whitespace", Edit.delete(*m.span()))',
     'Fix.safe("Remove trailing whitespace", Edit.delete(m.start() - 1, m.end()))'),
    ("zero-width-splits-emoji", "rules/whitespace.py", "                continue  # inside a grapheme cluster", "                pass"),
    ("emphasis-drops-edit", "rules/markup.py", "                                           Edit.delete(m.start(), m.start() + len(mark)),\n", ""),
    ("entity-wrong-char", "rules/markup.py", '            shown = "".join(_SPACES.get(c, c) for c in char)',
     '            shown = char'),
    ("name-variant-fix-safe", "rules/name_variant.py", "            Fix.unsafe(f\"Replace with {v.canonical!r}\"", "            Fix.safe(f\"Replace with {v.canonical!r}\""),
    ("name-variant-share-ignored", "rules/name_variant.py", 'self.opts["min-canonical-docs"], self.opts["max-share"])', 'self.opts["min-canonical-docs"], 0.5)'),
    ("title-fix-unsafe", "rules/title_inconsistency.py", "                Fix.display_only(f\"Use the usual title {usual!r}\"", "                Fix.unsafe(f\"Use the usual title {usual!r}\""),
    ("duplicate-paragraph-limit-ignored", "rules/duplicate_paragraph.py", '        limit = self.opts["max-documents"]', "        limit = 3"),
    ("photo-caption-coverage-ignored", "rules/photo_caption.py", '>= self.opts["min-coverage"]', ">= 0.6"),
    ("headline-margin-ignored", "rules/misplaced_headline.py", 'min_cov, margin = self.opts["min-coverage"], self.opts["margin"]',
     'min_cov, margin = self.opts["min-coverage"], 0.25'),
    ("glossary-wrong-replacement", "rules/glossary.py", "Edit.replace(m.start(), m.end(), canon)", "Edit.replace(m.start(), m.end(), m.group())"),
    ("brackets-running-quote-flagged", "rules/unbalanced_bracket.py", '                if text[k] == "“" and self._runs_on(text, paragraphs, i, k, was_running):',
     '                if False:'),
]

TEST_COMMAND = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--no-header",
                "tests/test_rule_fixtures.py", "tests/test_contract.py", "tests/test_rule_options.py",
                "tests/test_engine.py", "tests/test_properties.py", "tests/test_seeds.py", "tests/test_cli.py",
                "tests/test_front_ends.py", "tests/test_corpus.py", "tests/test_robustness.py", "tests"]


def run(mutation) -> tuple[str, float]:
    ident, rel, old, new = mutation
    path = ROOT / rel
    original = path.read_text(encoding="utf-8")
    if original.count(old) != 1:
        return "stale", 0.0
    t = time.monotonic()
    try:
        path.write_text(original.replace(old, new), encoding="utf-8")
        proc = subprocess.run(TEST_COMMAND, cwd=ROOT, capture_output=True, timeout=900)
    finally:
        path.write_text(original, encoding="utf-8")
    return ("killed" if proc.returncode != 0 else "survived"), time.monotonic() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-k", default="", help="only mutations whose id contains this")
    a = ap.parse_args()
    chosen = [m for m in MUTATIONS if a.k in m[0]]
    outcome = {}
    for m in chosen:
        outcome[m[0]], secs = run(m)
        print(f"{outcome[m[0]]:8s} {secs:6.1f}s  {m[0]}", flush=True)
    live = [k for k, v in outcome.items() if v != "stale"]
    killed = sum(outcome[k] == "killed" for k in live)
    print(f"\nmutation score: {killed}/{len(live)} killed ({100 * killed / max(1, len(live)):.0f}%)")
    for k, v in outcome.items():
        if v != "killed":
            print(f"  {v}: {k}")
    return 0 if killed == len(live) and len(live) == len(chosen) else 1


if __name__ == "__main__":
    sys.exit(main())
