"""The `./hotline` command line: one entry point, one module per subcommand."""
