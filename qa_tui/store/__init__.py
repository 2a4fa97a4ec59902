"""The store: the only place with SQL. Opens and migrates the one SQLite file; one module
per thing stored, sharing one connection and one transaction helper."""
