"""The one error type the CLI maps to exit code 2, and its kinds."""


class CleanerError(Exception):
    """A problem the user can act on; the message says what to do."""


class ConfigError(CleanerError):
    pass


class InputError(CleanerError):
    """A file or record that cannot be read as text."""
