"""Demo community content for ``manage.py load_demo``: plain data modules, the forum loader
(loader.py) and the FAQ part (faq.py).

Everything is written for Wenda (not copied from any data set) and goes through the real services,
so rendered HTML, counters, language detection, the secret-leak guard and the search index are real.
"""
