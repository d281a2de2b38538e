"""Bringing material in and out: articles, name mentions, the seeds, whole-registry backups."""
