"""One module per v4 command."""
