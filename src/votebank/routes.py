"""Vote provenance routes and station stuffing kinds: the labels stored with every tally."""

ROUTES = ("own", "clan", "landlord", "coerced", "stuffed", "canvassed")
OWN, CLAN, LANDLORD, COERCED, STUFFED, CANVASSED = range(len(ROUTES))
STUFFING_KINDS = ("none", "incremental", "extreme")
