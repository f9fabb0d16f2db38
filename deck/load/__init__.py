"""Read and validate content, languages and organisation profiles; every problem at once, with file and line."""
