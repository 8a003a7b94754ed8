import logging

from rcf_tools import log_redaction

DUPLICATE = (
    'duplicate key value violates unique constraint "res_partner_estate_mobile_uniq"\n'
    "DETAIL:  Key (COALESCE(company_id, 0), mobile)=(0, +8613711112222) already "
    "exists."
)


def _record(query, error):
    return logging.LogRecord(
        "odoo.sql_db",
        logging.ERROR,
        __file__,
        1,
        "bad query: %s\nERROR: %s",
        (query, error),
        None,
    )


def test_customer_duplicate_query_is_redacted():
    record = _record(
        "INSERT INTO res_partner (mobile) VALUES ('+8613711112222')", DUPLICATE
    )
    assert log_redaction.PersonalDataQueryFilter().filter(record)
    message = record.getMessage()
    assert "13711112222" not in message
    assert "res_partner_estate_mobile_uniq" in message


def test_any_refused_write_to_contacts_is_redacted():
    query = (
        b'INSERT INTO "res_partner" ("city", "mobile") '
        b"VALUES ('Atlantis', '+8613711112222')"
    )
    error = (
        'new row for relation "res_partner" violates check constraint "no_atlantis"\n'
        "DETAIL:  Failing row contains (Atlantis, +8613711112222)."
    )
    record = _record(query, error)
    assert log_redaction.PersonalDataQueryFilter().filter(record)
    message = record.getMessage()
    assert "13711112222" not in message
    assert "Atlantis" not in message
    assert 'violates check constraint "no_atlantis"' in message


def test_error_quoting_a_value_keeps_only_its_kind():
    class InvalidTextRepresentation(Exception):
        pass

    error = InvalidTextRepresentation(
        'invalid input syntax for type integer: "13711112222"'
    )
    record = _record("UPDATE realestate_customer_transaction SET amount = %s", error)
    log_redaction.PersonalDataQueryFilter().filter(record)
    message = record.getMessage()
    assert "13711112222" not in message
    assert "InvalidTextRepresentation" in message


def test_other_bad_queries_are_left_alone():
    record = _record("SELECT broken", 'syntax error at or near "broken"')
    log_redaction.PersonalDataQueryFilter().filter(record)
    assert "SELECT broken" in record.getMessage()


def test_user_error_with_a_redacted_form_is_logged_redacted():
    class CheckError(Exception):
        redacted_log_message = "CheckError: customer file refused, field mobile"

    error = CheckError("Mobile +8613711112222 already belongs to customer RC000001.")
    record = logging.LogRecord(
        "odoo.http", logging.WARNING, __file__, 1, error, (), None
    )
    assert log_redaction.PersonalDataErrorFilter().filter(record)
    assert record.getMessage() == "CheckError: customer file refused, field mobile"


def test_other_user_errors_are_left_alone():
    record = logging.LogRecord(
        "odoo.http", logging.WARNING, __file__, 1, ValueError("plain"), (), None
    )
    log_redaction.PersonalDataErrorFilter().filter(record)
    assert record.getMessage() == "plain"


def test_install_adds_the_filters_once():
    queries, errors = "rcf.test.redaction.sql", "rcf.test.redaction.http"
    log_redaction.install(queries, errors)
    log_redaction.install(queries, errors)
    for name, kind in (
        (queries, log_redaction.PersonalDataQueryFilter),
        (errors, log_redaction.PersonalDataErrorFilter),
    ):
        filters = logging.getLogger(name).filters
        assert sum(isinstance(f, kind) for f in filters) == 1
