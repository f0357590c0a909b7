"""One object the entry points talk to for everything about surveys, bound to a store.

It carries what the functions of this package need besides the store (the link secret, link
lifetime, contact rules, the public URL, SMTP) as plain values, so nothing here reads settings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from suara.storage import Store
from suara.surveys import apikeys, drafts, links, recording, repository
from suara.surveys.bank import builtin_surveys
from suara.surveys.definition import Answer, SurveyDefinition
from suara.surveys.mail import SmtpConfig


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class SurveyConfig:
    secret_key: str
    public_url: str = "http://127.0.0.1:8000"
    link_days: int = 14
    contact_days: int = 30
    reminder_days: int = 3
    language: str = "id"
    smtp: SmtpConfig = field(default_factory=SmtpConfig)


class SurveyService:
    def __init__(
        self, store: Store, config: SurveyConfig, *, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.store = store
        self.config = config
        self.clock = clock

    # definitions ---------------------------------------------------------------------------
    def save(self, definition: SurveyDefinition) -> repository.SaveResult:
        return repository.save_survey(self.store, definition, now=self.clock())

    def install_builtins(self) -> list[repository.SaveResult]:
        """Store every built-in survey that is not in the store yet (existing ones are kept)."""
        present = {s.key for s in self.list_surveys()}
        return [self.save(d) for k, d in builtin_surveys().items() if k not in present]

    def get(self, key: str, *, version: int | None = None) -> repository.StoredSurvey:
        return repository.load_survey(self.store, key, version=version)

    def list_surveys(self) -> list[repository.SurveyListing]:
        return repository.list_surveys(self.store)

    # responses -----------------------------------------------------------------------------
    def record(self, submission: recording.Submission) -> recording.RecordedResponse:
        return recording.record_response(self.store, submission, now=self.clock())

    # links and drafts ----------------------------------------------------------------------
    def invite(
        self,
        survey: str,
        *,
        customer_id: int | None = None,
        order_id: int | None = None,
        ticket_id: int | None = None,
        channel: str = "link",
    ) -> links.Invitation:
        return links.create_invitation(
            self.store,
            survey,
            secret=self.config.secret_key,
            now=self.clock(),
            valid_for=timedelta(days=self.config.link_days),
            customer_id=customer_id,
            order_id=order_id,
            ticket_id=ticket_id,
            channel=channel,
        )

    def personal_url(self, invitation: links.Invitation) -> str:
        return f"{self.config.public_url.rstrip('/')}/i/{invitation.token}"

    def public_url(self, survey: str) -> str:
        return f"{self.config.public_url.rstrip('/')}/s/{survey}"

    def embed_snippet(self, survey: str) -> str:
        """HTML to paste into a page: the survey in an iframe, with a plain link as fallback."""
        url = self.public_url(survey)
        return (
            f'<iframe src="{url}?embed=1" title="Survei / Survey" loading="lazy" '
            f'style="width:100%;max-width:36rem;height:40rem;border:0"></iframe>\n'
            f'<noscript><a href="{url}">{url}</a></noscript>'
        )

    def open_link(self, token: str) -> links.OpenedLink:
        return links.open_link(self.store, token, secret=self.config.secret_key, now=self.clock())

    def start_draft(
        self, survey: str, *, language: str, invitation_id: int | None = None
    ) -> drafts.Draft:
        return drafts.start_draft(
            self.store, survey, language=language, now=self.clock(), invitation_id=invitation_id
        )

    def find_draft(self, resume_key: str) -> drafts.Draft | None:
        return drafts.find_draft(self.store, resume_key)

    def save_draft(
        self,
        draft: drafts.Draft,
        *,
        answers: Mapping[str, Answer],
        page: int,
        language: str,
        response_id: int | None = None,
    ) -> drafts.Draft:
        return drafts.save_draft(
            self.store,
            draft,
            answers=answers,
            page=page,
            language=language,
            now=self.clock(),
            response_id=response_id,
        )

    # API keys ------------------------------------------------------------------------------
    def create_api_key(self, name: str) -> tuple[apikeys.ApiKey, str]:
        return apikeys.create_api_key(self.store, name, now=self.clock())

    def authenticate(self, presented: str) -> apikeys.ApiKey:
        return apikeys.authenticate(self.store, presented)

    def api_keys(self) -> list[apikeys.ApiKey]:
        return apikeys.list_api_keys(self.store)

    def revoke_api_key(self, key_id: str) -> bool:
        return apikeys.revoke_api_key(self.store, key_id, now=self.clock())
