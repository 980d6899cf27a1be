"""Storage: the SQLite history (store, migrations, the overview reader) and the cache folder."""
