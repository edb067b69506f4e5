"""Domain layer: rally input, plans, charter rules. Pure Python, no Django, no solver."""
