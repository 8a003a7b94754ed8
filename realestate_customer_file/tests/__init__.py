from . import test_install
from . import test_customer_checks
from . import test_customer_duplicates
from . import test_customer_access
from . import test_customer_import
from . import test_customer_review
from . import test_customer_transaction
from . import test_ui
