"""LiveViews the test suite drives, one module per feature."""
