"""The application: the command line, the server, the live preview and the build lock."""
