"""Files from outside: reading YAML and JSON, validating questionnaire, exercises and
practice files, the export format and the calendar file.
"""
