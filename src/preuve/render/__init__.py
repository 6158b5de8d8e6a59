"""Render stage: Jinja2 templates → HTML → PDF (WeasyPrint), with no access outside the project."""
