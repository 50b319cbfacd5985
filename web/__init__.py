"""The Flask side: routes and their request plumbing (parse -> core -> render)."""
