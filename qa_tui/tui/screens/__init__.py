"""The screens of the Textual app, one module each."""
