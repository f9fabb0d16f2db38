"""Packaging beyond what pyproject.toml can say: the top-level templates/ and fonts/ go into the wheel
as deck/templates and deck/fonts, where deck/paths.py looks for them in an installed package.

In a checkout (and with ``pip install -e .``) deck/paths.py finds them at the top level instead.
"""

from setuptools import find_packages, setup

BUNDLED = {"deck.templates": "templates", "deck.fonts": "fonts"}  # package name -> folder in the repository

setup(
    packages=find_packages(include=["deck", "deck.*"]) + list(BUNDLED),
    package_dir=BUNDLED,
    # Exactly the files listed below (not whatever else a manifest finds; that would also make setuptools
    # warn that data folders such as deck/data/icc are "packages that would be ignored").
    include_package_data=False,
    package_data={
        "deck": ["data/**/*"],
        "deck.templates": ["*.j2"],
        "deck.fonts": ["**/*.otf", "**/*.ttf", "**/*.txt"],
    },
)
