"""Ways a results file may spell a seat id otherwise (shared by the tests of loose matching)."""

RESPELLINGS = {
    "lower case": str.lower,
    "spaces around": lambda s: f" {s} ",
    "leading zeros": lambda s: s.replace("-", "-00"),
    "a space": lambda s: s.replace("-", " "),
    "an underscore": lambda s: s.replace("-", "_"),
}
