from . import models
from .tools import log_redaction

log_redaction.install()
