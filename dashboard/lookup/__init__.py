"""Where a number comes from: the reverse lookup of a written number in every figure the record holds."""
