"""Plans of a rally: every solve is kept as a version; the current plan changes only when a
solve succeeds."""
