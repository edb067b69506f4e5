"""The pages every private link shares (``rallye.links``): why a link does not open."""
