"""Challenges (« défis »): the federation's repertoire, each structure's own challenges, the
challenge of every visit of a rally, its results, bonus points and prizes (Django models and
services; the choice itself is pure, in :mod:`rallye.domain.challenges`)."""
