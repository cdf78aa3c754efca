"""Registers the kata plugin (kata_plugin/) for every pytest run in this repository."""

pytest_plugins = ["kata_plugin"]
