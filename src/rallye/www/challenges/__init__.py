"""Pages of challenges: the network's repertoire (``/defis/``), a rally's challenges, results,
bonus points and prizes, and the closing's leaderboard."""
