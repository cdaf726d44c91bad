"""``insert_rows``: many rows of one model in one statement, read back exactly as given."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from seoul_se.audit.models import AccessLog
from seoul_se.core.bulk import copy_rows, insert_rows
from seoul_se.core.models import ImportedObject, ImportRecord

pytestmark = pytest.mark.django_db

AWKWARD = [
    '따옴표 "안"',
    "역슬래시 \\ 끝\\",
    "{중괄호,쉼표}",
    "NULL",
    "",
    " 앞뒤 공백 ",
    "줄\n바꿈",
]


@pytest.fixture
def record(staff):
    return ImportRecord.objects.create(
        kind="k", actor=staff, file_name="a.xlsx", stored_file="x", size=1, state="checked"
    )


def test_every_value_reads_back_as_given_and_the_keys_come_in_order(record):
    kind = ContentType.objects.get_for_model(ImportRecord).pk
    rows = [
        {
            "record_id": record.pk,
            "content_type_id": kind,
            "object_id": text,
            "outcome": "create",
            "row": number,
            "detail": {"name": [None, text], "n": number},
        }
        for number, text in enumerate(AWKWARD * 300, start=2)
    ]
    with CaptureQueriesContext(connection) as queries:
        pks = insert_rows(ImportedObject, rows)
    assert len(queries) == 1
    stored = ImportedObject.objects.in_bulk(pks)
    assert [
        (stored[pk].object_id, stored[pk].row, stored[pk].detail, stored[pk].record_id)
        for pk in pks
    ] == [(r["object_id"], r["row"], r["detail"], record.pk) for r in rows]


def test_fields_left_out_get_what_a_new_instance_gets(staff):
    given = {"kind": "k", "actor_id": staff.pk, "file_name": "a.csv", "stored_file": "x"}
    [pk] = insert_rows(ImportRecord, [{**given, "size": 1, "state": "checked"}])
    saved = ImportRecord.objects.get(pk=pk)
    assert (saved.organisation, saved.sha256, saved.scope, saved.header, saved.rows) == (
        "",
        "",
        {},
        [],
        0,
    )
    assert (saved.job, saved.committed_at) == (None, None) and saved.created_at is not None


def test_no_rows_is_no_query():
    with CaptureQueriesContext(connection) as queries:
        assert insert_rows(ImportedObject, []) == []
    assert len(queries) == 0


def test_a_left_out_unique_field_is_refused():
    """Every row would get the same default: a unique field must be given."""
    with pytest.raises(ValueError, match="email"):
        insert_rows(get_user_model(), [{"name": "가"}, {"name": "나"}])


def test_a_field_that_is_not_plain_is_refused():
    with pytest.raises(TypeError, match="ip"):
        insert_rows(AccessLog, [{"ip": "127.0.0.1"}])


def test_copy_rows_writes_text_json_and_nulls_exactly(db):
    from auditlog.models import LogEntry

    content_type = ContentType.objects.get_for_model(AccessLog)
    awkward = 'tab\there, line\nbreak, back\\slash, "quoted", NULL, \\N'
    changes = {"name": [None, awkward]}
    entries = [
        LogEntry(
            content_type=content_type, object_pk="1", object_repr=awkward, action=0, changes=changes
        ),
        LogEntry(content_type=content_type, object_pk="2", object_repr="둘", action=1),
    ]
    names = [f.attname for f in LogEntry._meta.concrete_fields if not f.primary_key]
    copy_rows(LogEntry, names, [tuple(getattr(e, n) for n in names) for e in entries])
    stored = {e.object_pk: e for e in LogEntry.objects.filter(object_pk__in=["1", "2"])}
    assert stored["1"].object_repr == awkward
    assert stored["1"].changes == changes
    assert stored["2"].changes is None
    assert stored["2"].object_repr == "둘"
