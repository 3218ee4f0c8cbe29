"""How well the LLM assist's source check tells a faithful reply from an unfaithful one, on the
real sample exams, with no network: a stand-in model answers every chunk with the questions as
the rules read them (a faithful copy), or with one change per question (an invented option, a
word dropped from the stem, the last word of the last option dropped). Reported per sample:

- sent by default: the questions the rules flag as failed (what `--llm cohere` would send), and
  the characters sent against the whole text of the exam (the cost ratio);
- accepted copies: faithful replies that pass (should be all);
- caught: unfaithful replies rejected (should be all).

    .venv/bin/python bench/llm_verify.py
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.llm.assist import Assist  # noqa: E402
from extract.llm.client import Reply, Stats  # noqa: E402
from extract.pipeline import extract_exam  # noqa: E402
from schema import ExamMeta  # noqa: E402

SAMPLES = ROOT / "fixtures" / "samples"
EXAMS = [
    (SAMPLES / "es_tc_2003" / "exam.pdf", None, "es"),
    (SAMPLES / "br_enem_2023_d1" / "exam.pdf", SAMPLES / "br_enem_2023_d1" / "key.pdf", "pt"),
]


def asked(user: str) -> list[int]:
    m = re.search(r"Question numbers to return: ([\d, ]+)\.", user)
    return [int(n) for n in m.group(1).split(",")] if m else []


def change(q: dict, how: str) -> dict:
    q = json.loads(json.dumps(q))
    if how == "invent":
        q["options"][1] = "Ninguna de las anteriores es correcta en este caso"
    elif how == "drop_stem":
        words = q["question"].split()
        long = [i for i, w in enumerate(words) if len(w) >= 4 and 0 < i < len(words) - 1]
        if long:
            del words[long[len(long) // 2]]
        q["question"] = " ".join(words)
    elif how == "drop_tail":
        words = q["options"][-1].split()
        q["options"][-1] = " ".join(words[:-1]) if len(words) > 1 else q["options"][-1] + " extra"
    return q


class StandIn:
    """Answers as the rules read the exam, changed as told."""

    def __init__(self, records, how: str):
        self.by_number = {r.number: {"number": r.number, "context": r.context or "", "question": r.question,
                                     "options": list(r.choices)} for r in records if not r.variant}
        self.how, self.sent, self.stats = how, 0, Stats()

    def chat(self, system, user, schema) -> Reply:
        self.sent += len(user)
        qs = [change(self.by_number[n], self.how) if self.how != "copy" else self.by_number[n]
              for n in asked(user) if n in self.by_number]
        reply = Reply(json.dumps({"questions": qs}, ensure_ascii=False), "COMPLETE")
        self.stats.add(reply)
        return reply


def main() -> None:
    for exam, key, lang in EXAMS:
        meta = ExamMeta(language=lang)
        rules = extract_exam(exam, key, meta).records
        text = sum(len(r.question) + len(r.context or "") + sum(map(len, r.choices)) for r in rules)
        failed = StandIn(rules, "copy")
        extract_exam(exam, key, meta, assist=Assist(failed))
        print(f"{exam.parent.name}: {len(rules)} questions; by default {failed.stats.calls} calls, "
              f"{failed.sent / max(text, 1):.2f} of the exam's text sent")
        for how in ("copy", "invent", "drop_stem", "drop_tail"):
            chat = StandIn(rules, how)
            out = extract_exam(exam, key, meta, assist=Assist(chat, everything=True)).records
            # only the questions the change did change count (a two-word stem has no word to drop)
            changed = {n for n, q in chat.by_number.items() if how == "copy" or change(q, how) != q}
            ok = sum(1 for r in out if "llm_structured" in r.flags and r.number in changed)
            if how == "copy":
                print(f"  faithful copies accepted: {ok}/{len(changed)} = {ok / len(changed):.3f}")
            else:
                print(f"  {how}: caught {len(changed) - ok}/{len(changed)} = {(len(changed) - ok) / len(changed):.3f}")


if __name__ == "__main__":
    main()
