"""The domain: rubrics, grades, rules, sampling, agreement, case lists, text.

Pure: no SQL, no Textual, no I/O beyond reading a file it is handed.
"""
