"""Reads that start from ``visible_to``: ``registry`` (organisations, contacts, regions) and
``obligations`` (inbox, compliance figures)."""
