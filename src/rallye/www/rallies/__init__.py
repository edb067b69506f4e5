"""The rally workspace: rallies, their programme, companies, participants, vehicles and files."""
