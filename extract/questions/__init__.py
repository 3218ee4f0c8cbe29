"""Reading-order lines -> questions: the printed conventions (patterns.py), running headers and
footers (running.py), questions with their options and passages (segment.py), answer keys
(answer_keys.py) and the language of a text (language.py)."""
