from . import realestate_unique_name_mixin
from . import realestate_customer_category
from . import realestate_customer_source
from . import realestate_customer_tag
from . import realestate_project
from . import res_company
from . import res_config_settings
from . import res_partner
