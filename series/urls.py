"""URLs a host site includes: `site_patterns` at the root, `localized_patterns` inside
`i18n_patterns` before Wagtail's own page URLs."""

site_patterns: list = []

localized_patterns: list = []
