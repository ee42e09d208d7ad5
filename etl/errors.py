"""The errors the ETL raises on purpose: each carries a message a person can act on."""


class EtlError(Exception):
    """An expected fault: the CLI prints its message and exits non-zero, without a traceback."""


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
