"""The rally's day in the field: the accompanier's phone page (check-in, check-out, the
challenge's result and score, a photo), what was entered offline sent once, the organiser's
live view, and the visits actually made for the evaluation."""
