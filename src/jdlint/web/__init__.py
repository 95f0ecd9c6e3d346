"""The web page for recruiters (`jdlint serve`). Importing this package needs no web stack."""
