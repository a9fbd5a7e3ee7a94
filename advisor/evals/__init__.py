"""Offline evals: fixed cases as data, metrics computed without any model, thresholds."""
