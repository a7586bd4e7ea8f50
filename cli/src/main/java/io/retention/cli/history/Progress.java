package io.retention.cli.history;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How far an import has got: on a terminal a bar redrawn in place with rows/s, the time left (from the bytes read of
 * all files) and the events published so far (orders are published once their file is read); elsewhere (a log, CI) a
 * plain line every few seconds.
 */
final class Progress implements AutoCloseable {
    private static final int BAR = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final long totalBytes;
    private final LongSupplier bytesRead;
    private final AtomicLong rows;
    private final LongSupplier published;
    private final long started = System.nanoTime();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "import-progress");
        thread.setDaemon(true);
        return thread;
    });

    Progress(
            PrintStream out,
            boolean terminal,
            long totalBytes,
            LongSupplier bytesRead,
            AtomicLong rows,
            LongSupplier published) {
        this.out = out;
        this.published = published;
        this.terminal = terminal;
        this.totalBytes = totalBytes;
        this.bytesRead = bytesRead;
        this.rows = rows;
        long every = terminal ? 250 : 5000;
        ticker.scheduleAtFixedRate(this::show, every, every, TimeUnit.MILLISECONDS);
    }

    private void show() {
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        long read = rows.get();
        double share = totalBytes == 0 ? 1 : Math.min(1, bytesRead.getAsLong() / (double) totalBytes);
        String eta = share <= 0 ? "--:--" : clock(Duration.ofSeconds(Math.round(seconds / share - seconds)));
        String figures = String.format(
                Locale.ROOT,
                "%3.0f%% %,d rows %,.0f rows/s ETA %s, %,d events published",
                100 * share,
                read,
                read / seconds,
                eta,
                published.getAsLong());
        if (terminal) {
            int filled = (int) Math.round(share * BAR);
            out.print("\r[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "] " + figures + "   ");
        } else {
            out.println("import: " + figures);
        }
        out.flush();
    }

    static String clock(Duration duration) {
        long s = duration.toSeconds();
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        if (terminal) {
            show();
            out.println();
        }
    }
}
