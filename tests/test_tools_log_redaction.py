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


def test_other_bad_queries_are_left_alone():
    record = _record("SELECT broken", 'syntax error at or near "broken"')
    log_redaction.PersonalDataQueryFilter().filter(record)
    assert "SELECT broken" in record.getMessage()


def test_install_adds_the_filter_once():
    name = "rcf.test.redaction"
    log_redaction.install(name)
    log_redaction.install(name)
    filters = logging.getLogger(name).filters
    assert (
        sum(isinstance(f, log_redaction.PersonalDataQueryFilter) for f in filters) == 1
    )
