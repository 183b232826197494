"""The one exception the format readers raise: a capture that cannot become text, with its Rejection code."""


class ParseError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
