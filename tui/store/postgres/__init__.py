"""The library on a PostgreSQL server, for a team sharing one library and its notes (`library.url`)."""
