from . import customer_import
from . import customer_transfer
from . import ownership_check
