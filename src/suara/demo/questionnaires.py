"""The demo's four surveys: relational NPS, post-delivery CSAT, post-ticket CES, CX Pyramid.

Question keys follow the names the response importer recognises (``nps``, ``csat``, ``ces``,
``<dimension>_<n>``, ``<factor>``), so exported demo responses re-import cleanly. The wording
comes from the question bank (:mod:`suara.surveys.bank`), the one source of survey wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from suara.domain.entities import QuestionType
from suara.domain.frameworks import CxFactor, PyramidDimension
from suara.surveys import SurveyDefinition, builtin_surveys


@dataclass(frozen=True, slots=True)
class QuestionSpec:
    key: str
    type: QuestionType
    text_id: str
    text_en: str
    scale: tuple[int, int] | None = None
    required: bool = False
    dimension: PyramidDimension | None = None
    factor: CxFactor | None = None

    def definition(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "type": self.type.value,
            "text_id": self.text_id,
            "text_en": self.text_en,
            "scale_min": self.scale[0] if self.scale else None,
            "scale_max": self.scale[1] if self.scale else None,
            "required": self.required,
            "dimension": self.dimension.value if self.dimension else None,
            "factor": self.factor.value if self.factor else None,
        }


@dataclass(frozen=True, slots=True)
class SurveySpec:
    key: str
    title_id: str
    title_en: str
    questions: tuple[QuestionSpec, ...] = field(default=())


def _spec(definition: SurveyDefinition) -> SurveySpec:
    return SurveySpec(
        definition.key,
        definition.title_id,
        definition.title_en,
        tuple(
            QuestionSpec(
                q.key,
                q.type,
                q.text_id,
                q.text_en,
                (q.scale_min, q.scale_max)
                if q.scale_min is not None and q.scale_max is not None
                else None,
                q.required,
                q.dimension,
                q.factor,
            )
            for q in definition.questions
        ),
    )


_BANK = builtin_surveys()
NPS = _spec(_BANK["nps"])
CSAT = _spec(_BANK["post_delivery_csat"])
CES = _spec(_BANK["post_ticket_ces"])
PYRAMID = _spec(_BANK["cx_pyramid"])
SURVEYS: tuple[SurveySpec, ...] = (NPS, CSAT, CES, PYRAMID)
DEFINITIONS: dict[str, SurveyDefinition] = {spec.key: _BANK[spec.key] for spec in SURVEYS}
"""The full definitions (display logic, anchors, variants) the demo stores as version 1."""
