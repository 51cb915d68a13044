"""Portal forms: ``registry`` (contacts) and ``obligations`` (submissions, review, periods)."""
