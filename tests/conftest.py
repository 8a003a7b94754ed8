import importlib.util
import sys
from pathlib import Path

# The addon's __init__.py imports Odoo models; the plain-Python helpers in
# tools/ are loaded on their own as the package "rcf_tools" so that their tests
# run without Odoo.
_TOOLS_DIR = (
    Path(__file__).resolve().parent.parent / "realestate_customer_file" / "tools"
)


def _load_tools_package(name="rcf_tools"):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name, _TOOLS_DIR / "__init__.py", submodule_search_locations=[str(_TOOLS_DIR)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


_load_tools_package()
