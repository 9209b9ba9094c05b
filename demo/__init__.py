"""Demo community content for ``manage.py load_demo``: plain data modules plus the loader.

Everything is written for Wenda (not copied from any data set) and goes through the real services,
so rendered HTML, counters, language detection, the secret-leak guard and the search index are real.
"""
