from . import customer_import
