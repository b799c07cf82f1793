"""The read side: materialised point-in-time views, their runner, the queries and the replay oracle."""
