"""The write side of geoevents: the eventsourcing application, persistence and the append service."""
