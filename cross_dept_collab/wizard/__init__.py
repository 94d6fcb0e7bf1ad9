from . import collab_request_reason
