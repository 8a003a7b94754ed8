from . import controllers
from . import models
from . import wizards
from .tools import log_redaction

log_redaction.install()
