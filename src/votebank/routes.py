"""Labels with fixed positions: vote provenance routes, station stuffing kinds, patron status."""

ROUTES = ("own", "clan", "landlord", "coerced", "stuffed", "canvassed")
OWN, CLAN, LANDLORD, COERCED, STUFFED, CANVASSED = range(len(ROUTES))
STUFFING_KINDS = ("none", "incremental", "extreme")
PATRONS = ("none", "landlord", "pir")  # a candidate's patron status, as in candidates.csv
