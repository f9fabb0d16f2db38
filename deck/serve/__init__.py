"""The live preview: a local web page that shows every card as laid out, updated on every save."""
