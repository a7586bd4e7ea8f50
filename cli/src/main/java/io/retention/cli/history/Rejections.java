package io.retention.cli.history;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The rows that could not be imported, each with its file, line and reason; written out as CSV at the end. */
public final class Rejections {
    /** One refused row. */
    public record Rejection(String file, long line, String reason) {}

    private final List<Rejection> rejections = Collections.synchronizedList(new ArrayList<>());

    public void add(String file, long line, String reason) {
        rejections.add(new Rejection(file, line, reason));
    }

    public int count() {
        return rejections.size();
    }

    public List<Rejection> all() {
        synchronized (rejections) {
            return List.copyOf(rejections);
        }
    }

    /** Writes {@code file,line,reason} rows, quoted as CSV. */
    public void write(Path target) throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(target, StandardCharsets.UTF_8))) {
            out.println("file,line,reason");
            for (Rejection rejection : all()) {
                out.println(quote(rejection.file()) + "," + rejection.line() + "," + quote(rejection.reason()));
            }
        }
    }

    private static String quote(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }
}
