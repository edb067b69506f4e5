"""Organisations and access: the federation, its member structures, users and their roles."""
