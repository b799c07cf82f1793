"""The geoevents command line: a thin typer layer over the store and the projections."""
