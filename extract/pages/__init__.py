"""Pages as words and lines: the one geometry (geometry.py), words of a text layer laid out in
reading order (layout.py), and whether a page's text layer is usable or must be OCR'd
(routing.py)."""
