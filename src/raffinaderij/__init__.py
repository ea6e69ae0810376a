"""Raffinaderij: an open analysis environment for police data with the law built in."""

__version__ = "0.1.0"
