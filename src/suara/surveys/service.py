"""One object the entry points talk to for everything about surveys, bound to a store.

It carries what the functions of this package need besides the store (the link secret, link
lifetime, contact rules, the public URL, SMTP) as plain values, so nothing here reads settings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from suara.domain.entities import SurveyStatus
from suara.domain.errors import DeliveryFailed, SurveyClosed
from suara.i18n import LANGUAGES
from suara.storage import Store
from suara.surveys import apikeys, drafts, links, optout, outreach, recording, repository
from suara.surveys.bank import builtin_surveys
from suara.surveys.definition import Answer, SurveyDefinition
from suara.surveys.emails import SurveyEmail, compose
from suara.surveys.mail import SmtpConfig, check_config, smtp_session


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
    timezone: str = "Asia/Jakarta"


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

    def install_builtins_if_empty(self) -> list[repository.SaveResult]:
        """The built-in surveys for a store that has none, so a fresh ``suara serve`` works."""
        return [] if self.list_surveys() else self.install_builtins()

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

    def link_language(self, token: str) -> str | None:
        return links.link_language(self.store, token, secret=self.config.secret_key)

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

    # email invitations, reminders, opt-out ------------------------------------------------
    def send_invitations(
        self, survey: str, *, customer_ids: Sequence[int] | None = None, dry_run: bool = False
    ) -> outreach.OutreachReport:
        """Invite ``customer_ids`` (None: every eligible customer) by email, once; see
        :mod:`suara.surveys.outreach` for the rules. Unsent invitations of earlier runs are
        sent too, so re-running after a failure finishes the job without sending twice."""
        now, stored = self.clock(), self._live(survey)
        cfg = self.config
        report = outreach.OutreachReport(survey, dry_run)
        if dry_run:
            with self.store.engine.connect() as connection:
                eligible, skipped = outreach.plan_invitations(
                    connection, customer_ids, now=now, contact_days=cfg.contact_days
                )
            waiting, refused = outreach.unsent_invitations(
                self.store, stored.id, customer_ids=customer_ids, now=now
            )
            report.sent = list(dict.fromkeys(eligible + [w.customer_id for w in waiting]))
            report.skipped = _unique(skipped + refused, exclude=report.sent)
            return report
        check_config(cfg.smtp)
        skipped = outreach.claim_invitations(
            self.store, stored.id, customer_ids=customer_ids, now=now, link_days=cfg.link_days,
            contact_days=cfg.contact_days,
        )  # fmt: skip
        waiting, refused = outreach.unsent_invitations(
            self.store, stored.id, customer_ids=customer_ids, now=now
        )
        self._deliver(stored, waiting, report=report, column="sent_at", now=now)
        report.skipped = _unique(report.skipped + skipped + refused, exclude=report.sent)
        return report

    def send_reminders(self, survey: str, *, dry_run: bool = False) -> outreach.OutreachReport:
        """The one reminder to each invitee who has not answered after ``reminder_days``."""
        now, stored = self.clock(), self._live(survey)
        report = outreach.OutreachReport(survey, dry_run)
        due, skipped = outreach.due_reminders(
            self.store, stored.id, now=now, reminder_days=self.config.reminder_days
        )
        if dry_run:
            report.sent = [d.customer_id for d in due]
        else:
            check_config(self.config.smtp)
            self._deliver(stored, due, report=report, column="reminded_at", now=now)
        report.skipped = _unique(report.skipped + skipped, exclude=report.sent)
        return report

    def optout_url(self, customer_id: int) -> str:
        token = optout.optout_token(self.config.secret_key, customer_id)
        return f"{self.config.public_url.rstrip('/')}/optout/{token}"

    def optout_target(self, token: str) -> optout.OptOutTarget:
        return optout.optout_target(self.store, token, secret=self.config.secret_key)

    def opt_out(self, token: str) -> optout.OptOutTarget:
        return optout.opt_out(self.store, token, secret=self.config.secret_key, now=self.clock())

    def _live(self, survey: str) -> repository.StoredSurvey:
        stored = self.get(survey)
        if stored.status is not SurveyStatus.LIVE:
            msg = f"survey {survey!r} is {stored.status.value}, not live: invite to a live survey"
            raise SurveyClosed(msg)
        return stored

    def _deliver(
        self,
        stored: repository.StoredSurvey,
        outgoing: list[outreach.Outgoing],
        *,
        report: outreach.OutreachReport,
        column: str,
        now: datetime,
    ) -> None:
        if not outgoing:
            return
        reminder = column == "reminded_at"

        def message(item: outreach.Outgoing) -> EmailMessage:
            return self._email(stored, item, reminder=reminder)

        try:
            with smtp_session(self.config.smtp) as session:
                outreach.deliver_all(
                    self.store, outgoing, report=report, compose=message, deliver=session.send,
                    column=column, now=now,
                )  # fmt: skip
        except DeliveryFailed as exc:
            msg = (
                f"{exc}; {len(report.sent)} of {len(outgoing)} messages were sent. Run the "
                "command again once the server works: it sends the rest and never one twice"
            )
            raise DeliveryFailed(msg) from exc

    def _email(
        self, stored: repository.StoredSurvey, item: outreach.Outgoing, *, reminder: bool
    ) -> EmailMessage:
        cfg = self.config
        language = item.language if item.language in LANGUAGES else cfg.language
        token = links.sign_token(cfg.secret_key, item.invitation_id, item.expires_at)
        expires = item.expires_at.astimezone(ZoneInfo(cfg.timezone)).strftime("%Y-%m-%d")
        email = SurveyEmail(
            item.email, item.name, language, stored.definition.title(language),
            f"{cfg.public_url.rstrip('/')}/i/{token}", self.optout_url(item.customer_id),
            expires, reminder=reminder,
        )  # fmt: skip
        return compose(email, sender=cfg.smtp.sender)

    # API keys ------------------------------------------------------------------------------
    def create_api_key(self, name: str) -> tuple[apikeys.ApiKey, str]:
        return apikeys.create_api_key(self.store, name, now=self.clock())

    def authenticate(self, presented: str) -> apikeys.ApiKey:
        return apikeys.authenticate(self.store, presented)

    def api_keys(self) -> list[apikeys.ApiKey]:
        return apikeys.list_api_keys(self.store)

    def revoke_api_key(self, key_id: str) -> bool:
        return apikeys.revoke_api_key(self.store, key_id, now=self.clock())


def _unique(skipped: list[outreach.Skipped], *, exclude: Sequence[int]) -> list[outreach.Skipped]:
    """One entry per customer (the first reason), none for customers that were sent to."""
    seen = set(exclude)
    out = []
    for skip in sorted(skipped, key=lambda s: s.customer_id):
        if skip.customer_id not in seen:
            seen.add(skip.customer_id)
            out.append(skip)
    return out
