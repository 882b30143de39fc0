"""referat site: the archive as a static website."""
