"""Closing the loop in one object: cases, rules, messages and webhooks over one store.

:mod:`suara.app` builds it from settings; the CLI, the worker and (later) the web pages talk
to it only.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from suara.actions.aspects import Tagger, keyword_aspects
from suara.actions.cases import CaseService
from suara.actions.effects import ActionContext, References
from suara.actions.engine import Outcome, RuleEngine
from suara.actions.messenger import MessagingConfig, Messenger
from suara.actions.policy import CasePolicy
from suara.actions.rules import CompiledRule, compile_rule, load_rule_files, parse_rules
from suara.actions.templates import TemplateBook
from suara.actions.triggers import Event
from suara.actions.webhooks import WebhookConfig, Webhooks
from suara.storage import Store, schema


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class ActionsConfig:
    messaging: MessagingConfig
    webhooks: WebhookConfig
    policy: CasePolicy = field(default_factory=CasePolicy)
    rule_paths: tuple[Path, ...] = ()


class ActionsService:
    def __init__(
        self,
        store: Store,
        config: ActionsConfig,
        *,
        clock: Callable[[], datetime] = utc_now,
        tagger: Tagger = keyword_aspects,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.store = store
        self.config = config
        self.clock = clock
        self.tagger = tagger
        self.cases = CaseService(store, config.policy, clock=clock)
        self.webhooks = Webhooks(store, config.webhooks, clock=clock, sleep=sleep)
        self.messenger = Messenger(store, config.messaging, self.webhooks, clock=clock)
        self.templates = TemplateBook(store)

    def references(self) -> References:
        with self.store.engine.connect() as connection:
            surveys = {str(k) for k in connection.execute(select(schema.surveys.c.key)).scalars()}
        return References(templates=self.templates.known(), surveys=surveys)

    def rules(self) -> list[CompiledRule]:
        """The rules in the rule files and in the store, validated."""
        with self.store.engine.connect() as connection:
            stored = [(str(n), d) for n, d in connection.execute(
                select(schema.rules.c.name, schema.rules.c.definition).order_by(schema.rules.c.name)
            )]  # fmt: skip
        paths = [p for p in self.config.rule_paths if p.exists()]
        return load_rule_files(paths, refs=self.references(), stored=stored)

    def validate_rules(self, text: str, *, source: str) -> list[CompiledRule]:
        return parse_rules(text, refs=self.references(), source=source)

    def save_rule(self, definition: dict[str, Any]) -> CompiledRule:
        """Store (or replace) a rule edited in the UI, after validating it."""
        compiled = compile_rule(definition, refs=self.references(), source="store")
        r = schema.rules
        with self.store.transaction() as connection:
            connection.execute(r.delete().where(r.c.name == compiled.name))
            connection.execute(r.insert().values(name=compiled.name, definition=definition,
                                                 enabled=compiled.rule.enabled,
                                                 updated_at=self.clock()))  # fmt: skip
        return compiled

    def engine(self, rules: list[CompiledRule] | None = None) -> RuleEngine:
        context = ActionContext(self.cases, self.messenger, self.webhooks, self.clock)
        return RuleEngine(self.store, self.rules() if rules is None else rules, context,
                          tagger=self.tagger, tz=self.config.messaging.tz,
                          clock=self.clock)  # fmt: skip

    def handle(self, event: Event) -> list[Outcome]:
        return self.engine().handle(event)

    def dry_run(self, days: int) -> list[Outcome]:
        return self.engine().dry_run(days)
