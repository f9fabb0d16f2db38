"""PDF writing: glyph checks, PDF/X print files, imposition on office sheets."""
