"""Widgets and text helpers the screens share."""
