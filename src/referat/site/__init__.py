"""`referat site`: the archive as a static website (issue 17). build.build_site is the entry
point; each module here has one job (see docs/koden.md)."""
