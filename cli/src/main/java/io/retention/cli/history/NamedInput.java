package io.retention.cli.history;

import java.io.InputStream;

/** A file being read: its name for messages, its bytes (counted for the progress bar) and its column separator. */
record NamedInput(String name, InputStream stream, char separator) {}
