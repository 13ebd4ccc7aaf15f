"""Entity tagging: provinces, districts and places, armed groups and commanders."""
