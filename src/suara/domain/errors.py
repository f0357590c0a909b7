"""Suara's error hierarchy.

One root, :class:`SuaraError`, so callers (the CLI, the web layer) can tell a user's mistake
from a bug. Each error also inherits the builtin it is a kind of, so ordinary ``except
ValueError`` code keeps working. Exit codes and HTTP statuses are mapped at the edges only.
"""

from __future__ import annotations


class SuaraError(Exception):
    """Root of every error Suara raises on purpose; its message is meant for the user."""


class ConfigurationError(SuaraError, ValueError):
    """A setting is missing, malformed or unsafe for the environment."""


class StoreUnavailable(SuaraError, ConnectionError):
    """The database cannot be reached or opened."""


class ValueParseError(SuaraError, ValueError):
    """One value could not be read; the message says what was expected."""


class UnsupportedFileFormat(SuaraError, ValueError):
    """A file's extension or contents is not a format Suara can import."""


class MappingError(SuaraError, ValueError):
    """A column mapping names a field or column that does not exist."""


class ImportRejected(SuaraError, ValueError):
    """An import found bad rows and wrote nothing.

    ``report`` holds the :class:`suara.ingest.report.ImportReport` with every problem.
    """

    def __init__(self, message: str, report: object) -> None:
        super().__init__(message)
        self.report = report


class UnknownImportKind(SuaraError, LookupError):
    """``suara import`` was asked for an entity it does not know."""


class DemoStoreExists(SuaraError, FileExistsError):
    """The demo store would overwrite data that is already there."""


class MetricInputError(SuaraError, ValueError):
    """A metric cannot be computed from what it was given: no valid answers, a bad scale, an
    unknown breakdown column; the message names the argument and how to fix it."""


class SurveyDefinitionError(SuaraError, ValueError):
    """A survey definition is invalid; the message names the survey, question and field."""


class UnknownSurvey(SuaraError, LookupError):
    """No survey (or survey version) with that key exists in the store."""


class ResponseRejected(SuaraError, ValueError):
    """A survey response failed validation; ``problems`` lists each (question, code, message)."""

    def __init__(self, message: str, problems: list[tuple[str, str, str]]) -> None:
        super().__init__(message)
        self.problems = problems


class IdempotencyConflict(SuaraError, ValueError):
    """An idempotency key was reused with a different request body."""


class LinkInvalid(SuaraError, ValueError):
    """A survey link's signature does not match: it was mistyped or tampered with."""


class LinkExpired(SuaraError, ValueError):
    """A personal survey link is past its expiry time."""


class LinkUsed(SuaraError, ValueError):
    """A single-use survey link already has a submitted response."""


class NotAuthenticated(SuaraError, PermissionError):
    """An API request has no valid API key."""


class DeliveryFailed(SuaraError, ConnectionError):
    """An email could not be handed to the SMTP server."""


class SurveyClosed(SuaraError, ValueError):
    """A survey that is not live was asked to take a response."""


class TrainingDataMissing(SuaraError, FileNotFoundError):
    """A data set a text model is trained or evaluated on is not where it was looked for."""


class TextModelError(SuaraError, ValueError):
    """A shipped or user-supplied text model is missing, unreadable or of the wrong kind."""


class TextInputError(SuaraError, TypeError):
    """Texts given to the analyser are not texts (``None``, a number, one string where a
    list of them was meant)."""


class UnknownCase(SuaraError, LookupError):
    """No case with that number exists in the store."""


class CaseTransitionRejected(SuaraError, ValueError):
    """A case was asked to move to a status its workflow does not allow from where it is."""


class RuleError(SuaraError, ValueError):
    """An automation rule is invalid; ``rule``, ``field`` and ``problem`` say which and why."""

    def __init__(self, rule: str, field: str, problem: str) -> None:
        super().__init__(f"rule {rule!r}, field {field!r}: {problem}")
        self.rule = rule
        self.field = field
        self.problem = problem


class TemplateError(SuaraError, ValueError):
    """A message template is missing, or names a personalisation field that does not exist."""


class WebhookFailed(SuaraError, ConnectionError):
    """A webhook endpoint did not accept a delivery after every retry."""


class SignInRejected(SuaraError, PermissionError):
    """A dashboard sign-in named an unknown or disabled user, or the wrong password."""


class SignInThrottled(SuaraError, PermissionError):
    """Too many failed sign-ins for this user or address; the message says when to retry."""


class AccessDenied(SuaraError, PermissionError):
    """A signed-in user's role may not open this page or do this."""


class CsrfRejected(SuaraError, PermissionError):
    """A form arrived without the anti-forgery token of the session that showed it."""


class AccountRejected(SuaraError, ValueError):
    """A user name, role or password given to ``suara users`` is not acceptable."""


class UnknownUser(SuaraError, LookupError):
    """No dashboard user with that name exists."""


class UnknownCustomer(SuaraError, LookupError):
    """No customer with that id exists in the store."""


class OptionalDependencyMissing(SuaraError, ImportError):
    """A feature needs a package of an optional extra (``pip install 'suara[hf]'``) that is not
    installed."""


class TopicInputError(SuaraError, ValueError):
    """Comments given to topic discovery are malformed (no date, unknown period, bad sizes)."""


class OutputWriteFailed(SuaraError, OSError):
    """A result file could not be written (a full disk, no permission); nothing half-written
    is left behind."""
