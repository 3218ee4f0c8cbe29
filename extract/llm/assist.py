"""The LLM assist: the rule-based records come first; the questions where the rules failed
(a record that does not validate, an option count unlike the exam's, a numbering gap, a key
letter that does not fit, a page OCR was unsure of) go to the LLM in chunks cut on question
boundaries, one neighbour of overlap on each side. Whatever comes back is kept only when every
text is found in the chunk's source (verify.py) and its number is one that was asked for; the
answer always comes from the answer key. When the LLM is unavailable the rule-based records are
kept and flagged: no record is lost."""
from __future__ import annotations

import json
import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from pydantic import BaseModel, Field, ValidationError

from schema import Question, RecordError

from ..questions import answer_keys, language, patterns
from ..questions.segment import RawQuestion
from .client import CohereChat, Unavailable
from .schema import json_schema
from .verify import Source

CHUNK = 6  # questions asked for per call, besides the two neighbours
WINDOW = 6000  # characters of text per call when the whole exam is searched for the key's numbers
OVERLAP = 12  # lines a window shares with the next: a question cut by a window is whole in one
GAP = 2  # letters a label may take between two texts of a question (`b)`, `(C)`, `12`)
SUSPECT = {"fewer_than_4_options", "key_mismatch", "low_ocr_confidence"}
LABEL = re.compile(r"^\s*\(?[A-Ja-j1-9][\)\.\-]\s+")

SYSTEM = (
    "You split the text of a printed multiple-choice exam into its questions. Copy every text exactly "
    "as printed, in its language: never rewrite, shorten, translate, correct or complete it, and never "
    "answer a question. For each question give its number, the question text without its number, "
    "the shared passage or context it refers to (empty if none) and its options in order, without "
    "their labels (a), B., (c)...). Return only the numbers asked for."
)


class LlmQuestion(BaseModel):
    number: int
    context: str
    question: str = Field(min_length=1)
    options: list[str] = Field(min_length=2, max_length=10)


class LlmAnswer(BaseModel):
    questions: list[LlmQuestion]


ANSWER_SCHEMA = json_schema(LlmAnswer)


@dataclass
class Chunk:
    wanted: set[int]  # question numbers to restructure
    lines: list = field(default_factory=list)  # the source text: asked questions and neighbours
    search: bool = False  # the wanted numbers may or may not be in this text


@dataclass
class Outcome:
    chunk: Chunk
    answer: LlmAnswer | None = None
    problem: str | None = None  # why no answer was usable
    unavailable: bool = False


class Assist:
    def __init__(self, chat: CohereChat, structure: bool = True, everything: bool = False, tags: bool = False,
                 jobs: int = 2):
        self.chat, self.structure, self.everything, self.tags, self.jobs = chat, structure, everything, tags, jobs
        self.restructured = self.rejected = self.unavailable = 0

    # -- choosing what to send ------------------------------------------------------------------
    def suspects(self, raw: list[RawQuestion], records: list[Question | None],
                 key_numbers: set[int]) -> tuple[set[int], dict[int, set[int]]]:
        """Indices of questions the rules got wrong, and numbers missing from the run, by the
        index of the question whose text probably swallowed them."""
        plain = [i for i, q in enumerate(raw) if not q.variant]
        counts = Counter(len(r.choices) for r in records if r is not None)
        usual = counts.most_common(1)[0][0] if counts else None
        bad = {i for i in plain if self.everything or records[i] is None or SUSPECT & set(records[i].flags)
               or len(records[i].choices) != usual}
        have = {raw[i].number for i in plain}
        missing: dict[int, set[int]] = {}
        if have:
            after = {n for n in key_numbers if n > max(have)}
            top = max(after) if 0 < len(after) <= CHUNK else max(have)
            gaps = [n for n in range(min(have), top + 1) if n not in have]
            for n in gaps:
                if sum(1 for g in gaps if abs(g - n) <= CHUNK) > CHUNK:
                    continue  # a long run of missing numbers is a missing page, not a lost marker
                host = max((i for i in plain if raw[i].number < n), key=lambda i: raw[i].number)
                missing.setdefault(host, set()).add(n)
                bad.add(host)
        return bad, missing

    @staticmethod
    def windows(lines, wanted: set[int]) -> list[Chunk]:
        """The whole exam in overlapping windows, each asked for every number in `wanted` (the
        rules matched too little of the key to say where the questions are)."""
        out, start = [], 0
        while start < len(lines):
            end, size = start, 0
            while end < len(lines) and (size < WINDOW or end == start):
                size += len(lines[end].text) + 1
                end += 1
            out.append(Chunk(set(wanted), lines[start:end], search=True))
            if end >= len(lines):
                break
            start = max(start + 1, end - OVERLAP)
        return out

    def chunks(self, raw, lines, bad: set[int], missing: dict[int, set[int]]) -> list[Chunk]:
        starts = {id(ln): k for k, ln in enumerate(lines)}
        order = sorted(range(len(raw)), key=lambda i: starts.get(id(raw[i].marker), 0))
        pos = {i: p for p, i in enumerate(order)}
        start_of = [starts.get(id(raw[i].marker), 0) for i in order] + [len(lines)]
        out: list[Chunk] = []
        run: list[int] = []
        for p in sorted(pos[i] for i in bad) + [None]:
            if run and (p is None or p != run[-1] + 1 or len(run) == CHUNK):
                first, last = max(0, run[0] - 1), min(len(order) - 1, run[-1] + 1)
                wanted = {raw[order[q]].number for q in run}
                for q in run:
                    wanted |= missing.get(order[q], set())
                out.append(Chunk(wanted, lines[start_of[first]:start_of[last + 1]]))
                run = []
            if p is not None:
                run.append(p)
        return out

    # -- asking and checking ---------------------------------------------------------------------
    def ask(self, chunk: Chunk) -> list[Outcome]:
        """The chunk's answer; a reply cut short is asked again in two halves."""
        numbers = ", ".join(map(str, sorted(chunk.wanted)))
        text = "\n".join(ln.text for ln in chunk.lines)
        user = (f"Question numbers to return: {numbers}. The text may begin or end with parts of "
                f"neighbouring questions: leave those out.\n\nExam text:\n{text}")
        try:
            reply = self.chat.chat(SYSTEM, user, ANSWER_SCHEMA)
        except Unavailable as exc:
            return [Outcome(chunk, problem=str(exc), unavailable=True)]
        if reply.finish_reason == "MAX_TOKENS":
            halves = _halves(chunk)
            if halves:
                return [o for half in halves for o in self.ask(half)]
            return [Outcome(chunk, problem="the reply was cut short (MAX_TOKENS)")]
        try:
            return [Outcome(chunk, LlmAnswer.model_validate(json.loads(reply.text)))]
        except (ValueError, ValidationError) as exc:
            why = "not JSON" if isinstance(exc, json.JSONDecodeError) else "not in the expected shape"
            return [Outcome(chunk, problem=f"the reply was {why}")]

    def restructure(self, raw: list[RawQuestion], lines, records: list[Question | None],
                    maker) -> tuple[list[Question | None], list[str]]:
        """The records with what the LLM restored, and a note per question it could not."""
        if not self.structure:
            return records, []
        matched, total = answer_keys.coverage(maker.key, {(q.number, q.reserve) for q in raw})
        if total and matched < total / 2:  # the rules missed most of the key: search the whole exam
            lost = {n for n, reserve in answer_keys.unmatched(maker.key, {(q.number, q.reserve) for q in raw})
                    if not reserve}
            chunks = self.windows(lines, lost)
        else:
            bad, missing = self.suspects(raw, records, {e.number for e in maker.key.entries})
            chunks = self.chunks(raw, lines, bad, missing)
        if not chunks:
            return records, []
        with ThreadPoolExecutor(max(1, self.jobs)) as pool:
            outcomes = [o for got in pool.map(self.ask, chunks) for o in got]
        by_number = {q.number: i for i, q in enumerate(raw) if not q.variant}
        records, notes, down = list(records), [], None
        recovered: set[int] = set()
        for out in outcomes:
            if out.answer is None:
                for n in sorted(out.chunk.wanted):
                    self._flag(records, by_number.get(n), "llm_unavailable" if out.unavailable else "llm_rejected")
                if out.unavailable:
                    down = out.problem
                else:
                    notes.append(f"questions {_list(out.chunk.wanted)}: LLM reply rejected ({out.problem})")
                continue
            given = {}
            for q in out.answer.questions:
                if q.number in out.chunk.wanted and q.number not in given:
                    given[q.number] = q
            src = Source([ln.text for ln in out.chunk.lines])
            # stems are looked for in order (two questions may share one, "Señale la correcta:"),
            # and each question's texts in its own area: up to where the next one begins
            found, pos = {}, 0
            for q in sorted(out.answer.questions, key=lambda q: q.number):
                if (w := src.locate(q.question.strip(), pos)) is not None:
                    found[q.number], pos = w, w[0] + 1
            starts = sorted(w[0] for w in found.values())
            for n in sorted(out.chunk.wanted):
                i = by_number.get(n)
                q = given.get(n)
                if out.chunk.search and (q is None or n in recovered):
                    continue  # not in this window (or found in another already)
                record, why = (None, "not in the reply") if q is None else \
                    self._record(q, found.get(n), src, starts, out.chunk, raw, i, maker)
                if record is not None:
                    if i is None:
                        records.append(record)
                    else:
                        records[i] = record
                    recovered.add(n)
                    self.restructured += 1
                else:
                    self._flag(records, i, "llm_rejected")
                    notes.append(f"question {n}: LLM answer rejected ({why}); "
                                 + ("kept the rule-based record" if i is not None and records[i] else "not recovered"))
        searched = {n for c in chunks if c.search for n in c.wanted}
        if searched - recovered and not down:
            notes.append(f"questions {_list(searched - recovered)}: the key has them, neither the rules nor the "
                         "LLM found them")
        if down:
            notes.append(f"LLM unavailable ({down}): kept the rule-based records, flagged llm_unavailable")
        if len(records) > len(raw):  # recovered questions go in their place
            records.sort(key=lambda r: r.number if r is not None else 0)
        return records, [f"{maker.path}: {n}" for n in notes]

    def _record(self, q: LlmQuestion, where: tuple[int, int] | None, src: Source, starts: list[int],
                chunk: Chunk, raw, i, maker) -> tuple[Question | None, str]:
        stem = q.question.strip()
        if where is None:
            return None, "question text not in the source"
        limit = next((s for s in starts if s > where[0]), None)
        context = q.context.strip() or None
        if context and src.locate(context) is None:
            return None, "context not in the source"
        after, options = where[1], []
        for k, opt in enumerate(q.options):
            opt = LABEL.sub("", opt).strip()
            found = src.locate(opt, after, limit) if opt else None
            if found is None:
                return None, f"option {k + 1} {opt[:40]!r} not in the source"
            # between two texts only a label may stand (`b)`, `(C)`): more is text left out
            if src.gap(after, found[0]) > GAP:
                return None, ("question text" if k == 0 else f"option {k}") + " is cut short"
            options.append(opt)
            after = found[1]
        first, last = src.line_of[where[0]], src.line_of[max(where[0], after - 1)]
        if not src.ends_line(after) or _runs_on(chunk.lines, last):
            return None, f"option {len(options)} is cut short"
        base = raw[i] if i is not None else RawQuestion(q.number, chunk.lines[first].page, chunk.lines[first])
        at = replace(base, page=chunk.lines[first].page, marker=chunk.lines[first],
                     stem_lines=chunk.lines[first + 1:last + 1], option_lines=[])
        if context is None and i is not None:
            context = raw[i].context
        try:
            rec = maker.make(at, stem, options, context, ["llm_structured"],
                             language.detect(stem + " " + " ".join(options)))
        except RecordError as exc:
            return None, str(exc)
        return rec, ""

    def _flag(self, records, i, flag: str) -> None:
        if i is None or records[i] is None:
            return
        records[i].flags = [*records[i].flags, flag]
        if flag == "llm_unavailable":
            self.unavailable += 1
        else:
            self.rejected += 1

    # -- tags ----------------------------------------------------------------------------------
    def tag(self, records: list[Question], maker) -> list[str]:
        from .tags import tag_records

        return tag_records(self.chat, records, self.jobs, maker.path)

    def summary(self) -> str:
        s = self.chat.stats
        return (f"LLM: {s.calls} calls, {s.input_tokens} tokens in, {s.output_tokens} out, "
                f"{s.cache_hits} cache hits; {self.restructured} questions restructured, "
                f"{self.rejected} rejected, {self.unavailable} left as the rules made them (unavailable)")


def _runs_on(lines, k: int) -> bool:
    """Whether the line after line k carries it on: set right below it in its column, and not
    opening a question or an option (the last word of a text, alone on its line, left out)."""
    nxt = next((ln for ln in lines[k + 1:] if not re.fullmatch(r"\d{1,4}", ln.text.strip())), None)
    here = lines[k]
    if nxt is None or nxt.page != here.page or nxt.column != here.column:
        return False
    if patterns.question_marker(nxt.text) or any(rx.match(nxt.text) for _, rx in patterns.OPTION_STYLES):
        return False
    return nxt.y0 - here.y1 <= 0.6 * here.height


def _halves(chunk: Chunk) -> list[Chunk]:
    wanted = sorted(chunk.wanted)
    if len(wanted) < 2:
        return []
    mid = len(wanted) // 2
    return [replace(chunk, wanted=set(wanted[:mid])), replace(chunk, wanted=set(wanted[mid:]))]


def _list(numbers) -> str:
    return ",".join(map(str, sorted(numbers)))
