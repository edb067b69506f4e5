"""Rallies and their data: programme, companies, participants, vehicles and accompaniers."""
