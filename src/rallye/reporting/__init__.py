"""Evaluation reports (an adapter: no Django here): the figures of a season of rallies, SVG
charts, and the federation, Ansa and funder reports as PDF and XLSX.

Everything here reads plain records (``rallye.reporting.records``); the web app and the command
line build them from the database (``rallye.evaluation.records``), the tests build them by hand.
"""
