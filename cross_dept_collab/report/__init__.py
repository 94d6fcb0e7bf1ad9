from . import collab_dossier
