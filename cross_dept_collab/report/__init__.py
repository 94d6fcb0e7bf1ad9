from . import collab_dossier
from . import collab_dossier_documents
