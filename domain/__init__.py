"""The pure domain model of geoevents: clocks, vocabulary, actors, occurrences and errors."""
