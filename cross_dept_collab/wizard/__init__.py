from . import collab_request_reason
from . import collab_plan_import
from . import collab_change_request_reject
from . import collab_decision_batch
from . import collab_decision_transfer
from . import collab_settings
from . import project_task_block
from . import collab_document_upload
