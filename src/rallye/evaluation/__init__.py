"""Follow-up and evaluation: funders, questionnaires, six-month outcomes, the fidelity grid,
reports and personal data (retention, pseudonymisation, erasure)."""
