"""Pure analyses of the records: AI-literacy coverage, session completeness, retention dates."""
