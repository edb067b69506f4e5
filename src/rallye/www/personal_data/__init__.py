"""Personal data pages: the evaluators' pseudonymised data set, a person's export and erasure,
and a structure's retention period."""
