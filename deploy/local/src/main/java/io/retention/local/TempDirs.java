package io.retention.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Throw-away directories of tests and benchmarks (a broker's logs, an embedded database). */
public final class TempDirs {
    private TempDirs() {}

    /** Removes the directory and all in it; nothing when it is null. */
    public static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
