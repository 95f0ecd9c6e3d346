"""Hand labels and judgements for `jdlint eval`, shipped as package data."""
