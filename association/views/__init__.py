"""Portal pages of the association core.

``registry``: home by role, organisations, contacts, regions. ``obligations``: inbox, obligation
pages, compliance, notifications, notices. ``review``: the review queue (next, count left, accept
selected). ``overview``: the overview pages. ``reports``: generated
reports.
"""
