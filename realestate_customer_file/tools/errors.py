ERROR_CODES = (
    "number_truncated",
    "phone_invalid",
    "email_invalid",
    "id_invalid",
    "id_checksum",
    "id_type_unknown",
)

# Params that may carry what the user typed; kept out of str()/repr() so that a
# logged exception does not leak personal data.
_PERSONAL_PARAMS = frozenset({"value"})


class InvalidValue(ValueError):
    def __init__(self, code, **params):
        if code not in ERROR_CODES:
            raise ValueError(f"unknown error code {code!r}")
        super().__init__(code)
        self.code = code
        self.params = params

    def __str__(self):
        if not self.params:
            return self.code
        shown = ", ".join(
            f"{key}=<redacted>" if key in _PERSONAL_PARAMS else f"{key}={val!r}"
            for key, val in sorted(self.params.items())
        )
        return f"{self.code} ({shown})"

    def __repr__(self):
        return f"InvalidValue({self})"
