# Order matters: mixins and the engine before the models that inherit or use them.
from . import collab_reminder_engine
from . import collab_reminder_log
from . import collab_responsibility
from . import collab_decision_mixin
from . import res_company
from . import res_config_settings
from . import collab_request
from . import collab_request_line
from . import collab_request_decision
from . import collab_approval
from . import collab_project_member
from . import project_project
from . import project_task
from . import collab_signoff
from . import collab_risk
