from . import collab_request_reason
from . import collab_plan_import
