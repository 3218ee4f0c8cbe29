"""Error classes of the extraction pipeline; each has its own exit status."""


class ExtractError(Exception):
    """A problem with one input file, reported as one line naming the file."""

    exit_code = 1
    problem = "cannot be processed"

    def __init__(self, path, detail: str | None = None):
        self.path = str(path)
        self.detail = detail or self.problem
        super().__init__(f"{self.path}: {self.detail}")


class NotPDF(ExtractError):
    exit_code = 3
    problem = "not a PDF"


class Encrypted(ExtractError):
    exit_code = 4
    problem = "encrypted PDF (a password is needed to read it)"


class Corrupt(ExtractError):
    exit_code = 5
    problem = "corrupt PDF"


class EmptyFile(ExtractError):
    exit_code = 6
    problem = "empty file"


class NoQuestions(ExtractError):
    exit_code = 7
    problem = "no multiple-choice questions found"


class TooLarge(ExtractError):
    exit_code = 9
    problem = "file too large"
