"""Surveys: the CX question bank (id/en), survey definitions and their versions in the store,
personal and public links, half-finished answers, response validation and recording."""

from suara.surveys.answers import validate_answers, visible_answers
from suara.surveys.bank import builtin_surveys
from suara.surveys.definition import (
    Answer,
    QuestionDefinition,
    SurveyDefinition,
    parse_definition,
)
from suara.surveys.files import definition_text, read_definition_file, write_definition_file
from suara.surveys.recording import RecordedResponse, Submission, record_response
from suara.surveys.repository import (
    SaveResult,
    StoredSurvey,
    SurveyListing,
    list_surveys,
    load_survey,
    save_survey,
)

__all__ = [
    "Answer",
    "QuestionDefinition",
    "RecordedResponse",
    "SaveResult",
    "StoredSurvey",
    "Submission",
    "SurveyDefinition",
    "SurveyListing",
    "builtin_surveys",
    "definition_text",
    "list_surveys",
    "load_survey",
    "parse_definition",
    "read_definition_file",
    "record_response",
    "save_survey",
    "validate_answers",
    "visible_answers",
    "write_definition_file",
]
