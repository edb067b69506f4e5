"""Who changed what in a rally, and when: one journal per rally, written by the services."""
