"""``python -m preuve.schemas``: regenerate the shipped schemas from the models (after a model change)."""

from . import LOCALES, dumps, generate, shipped

for locale in LOCALES:
    for name, path in shipped(locale).items():
        path.parent.mkdir(exist_ok=True)
        path.write_text(dumps(generate(name, locale)), encoding="utf-8")
        print(f"wrote {path}")
