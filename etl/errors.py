"""The errors raised on purpose: each carries a message a person can act on, and the exit code it means.

`ExpectedError.exit_code` is the one mapping from errors to exit codes for every command (etl/cli.py `run`):
1 for a fault in the data, the network or the file system, 2 for a request that cannot be honoured as given.
"""


class ExpectedError(Exception):
    """A fault a person can act on: a command prints its message, without a traceback, and exits `exit_code`."""

    exit_code = 1


class UsageError(ExpectedError):
    """An option or parameter that cannot be honoured as given; nothing was written."""

    exit_code = 2


class EtlError(ExpectedError):
    """A fault in the sources, the checks or the network."""


class SourceFormatError(EtlError):
    """A source shows something the label grammar does not know; we never guess."""

    def __init__(self, source: str, cell: str, value: object, reason: str = "not recognised"):
        self.source, self.cell, self.value, self.reason = source, cell, value, reason
        super().__init__(f"{source}: {cell}: {value!r} {reason}")


class CheckError(EtlError):
    """One or more fatal validation findings: the build stops and writes nothing."""

    def __init__(self, findings: list[dict]):
        self.findings = findings
        lines = [f"- {f['check']} ({f['source']}, {f['where']}): expected {f['expected']}, found {f['found']}"
                 for f in findings]
        super().__init__("validation failed:\n" + "\n".join(lines))


class FetchError(EtlError):
    """A download failed or its content was rejected; nothing entered datasets/."""
