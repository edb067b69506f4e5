"""Private links: the one mechanism behind every page reached without an account."""
