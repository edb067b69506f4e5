"""Documents of a rally, downloaded from the workspace: one PDF per kind and a zip of all."""
