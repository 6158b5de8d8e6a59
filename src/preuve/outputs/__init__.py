"""Write stage: the only code that writes under ``output/``."""
