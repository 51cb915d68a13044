"""Portal pages of the association's own work: bodies, meetings, consultations, trainings, the calendar."""
