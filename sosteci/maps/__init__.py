"""Maps of indicators, structures and cases over the boundaries held, drawn with Leaflet without a tile server."""
