"""Portal pages of selfregulation: inspections, findings and rectifications, monitoring returns."""
