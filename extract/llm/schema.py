"""A pydantic model's JSON schema cut to what Cohere's structured output accepts: no `$ref`
(definitions are inlined), no length or range bounds, no titles or defaults. The bounds are
enforced by pydantic when the reply is parsed."""
from __future__ import annotations

from pydantic import BaseModel

DROPPED = {"title", "default", "minItems", "maxItems", "minLength", "maxLength", "minimum", "maximum",
           "exclusiveMinimum", "exclusiveMaximum", "description"}


def json_schema(model: type[BaseModel]) -> dict:
    full = model.model_json_schema()
    defs = full.pop("$defs", {})

    def clean(node):
        if isinstance(node, dict):
            if "$ref" in node:
                return clean(defs[node["$ref"].rsplit("/", 1)[-1]])
            out = {k: clean(v) for k, v in node.items() if k not in DROPPED}
            if out.get("type") == "object":
                out["required"] = list(out.get("properties", {}))  # every field, always
            return out
        if isinstance(node, list):
            return [clean(v) for v in node]
        return node

    return clean(full)
