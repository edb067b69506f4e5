"""Rallye: prepare, plan and evaluate Rallyes pour l'emploi."""
