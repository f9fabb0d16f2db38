"""Translations: the key scheme, PO catalogs, the translation workflow and the language overlay for builds."""
