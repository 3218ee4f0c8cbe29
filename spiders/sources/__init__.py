"""One module per official source; each holds one spider named `<country>_<source>`."""
