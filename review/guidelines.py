"""What a volunteer checks and the values allowed: one text, shipped with every review export
(a Markdown file and a sheet-ready CSV) and set as an Argilla dataset's guidelines."""
from __future__ import annotations

from schema.vocab import DOMAINS, LEVELS, REGIONAL_FEATURES, SUBJECTS

from .store import STATUSES

CHECKS = (
    ("Text", "The question, its passage and every option read exactly as on the page image (crop): "
             "fix misread characters, missing accents, words run together, text cut off."),
    ("Options", "Every option printed is there, in order, none merged or split; an option that is a "
                "picture cannot be checked from text: reject the question."),
    ("Answer", "The answer is the official key's; change it only when the page or the key says otherwise."),
    ("Figures", "A question that needs a figure, table or map it refers to: reject it unless the text "
                "alone is enough."),
    ("Tags", "subject, domain and level from INCLUDE's lists below, where you are sure; leave empty "
             "otherwise."),
    ("Decision", "approve when all is right (after your fixes); needs_fix (Argilla: fix with no "
                 "correction) when something is wrong that you cannot fix; reject when the question "
                 "cannot be used."),
)


def markdown() -> str:
    """The guidelines as Markdown (the export's GUIDELINES.md, Argilla's guidelines)."""
    lines = ["# Reviewing exam questions for INCLUDE", "",
             "Check each question against the image of its page, fix what extraction got wrong, "
             "and decide.", ""]
    lines += [f"- **{what}**: {how}" for what, how in CHECKS]
    lines += ["", "## Allowed values", ""]
    for name, values in allowed():
        lines.append(f"- `{name}`: " + ", ".join(values))
    return "\n".join(lines) + "\n"


def rows() -> list[list[str]]:
    """The guidelines as a sheet: one check or one allowed value per row."""
    out = [["topic", "what to do"]]
    out += [[what, how] for what, how in CHECKS]
    out += [[f"allowed {name}", value] for name, values in allowed() for value in values]
    return out


def allowed() -> list[tuple[str, tuple[str, ...]]]:
    return [("status", STATUSES), ("domain", DOMAINS), ("subject", SUBJECTS), ("level", LEVELS),
            ("regional_feature", REGIONAL_FEATURES)]
