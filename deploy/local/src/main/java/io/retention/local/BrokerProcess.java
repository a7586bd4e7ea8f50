package io.retention.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link KafkaBroker} in a process of its own, so that a test can kill it as an operator's worst day would
 * ({@code kill -9}: no controlled shutdown, the log recovered at the next start) and start it again on the same port
 * and storage.
 */
public final class BrokerProcess implements AutoCloseable {
    private static final Duration START_WITHIN = Duration.ofSeconds(90);
    /** The line the broker process prints once it serves the contract's topics. */
    static final String READY = "retention broker ready";

    private final Path dataDir;
    private final int port;
    private Process process;

    private BrokerProcess(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Starts a broker process keeping its storage in {@code dataDir}, on a free port, and waits until it is ready. */
    public static BrokerProcess start(Path dataDir) throws IOException, InterruptedException {
        BrokerProcess broker = new BrokerProcess(dataDir, KafkaBroker.freePort());
        broker.launch();
        return broker;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** Kills the broker ({@code SIGKILL}), keeps it down for the given time, and starts it again. */
    public void killFor(Duration down) throws IOException, InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        Thread.sleep(down.toMillis());
        launch();
    }

    private void launch() throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        String java = ProcessHandle.current().info().command().orElse("java");
        process = new ProcessBuilder(List.of(
                        java,
                        "-Xmx512m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        KafkaBroker.class.getName(),
                        dataDir.toString(),
                        String.valueOf(port)))
                .redirectErrorStream(true)
                .start();
        Path log = dataDir.resolve("broker.log");
        long deadline = System.nanoTime() + START_WITHIN.toNanos();
        // read its output until the ready line, then keep draining it into the log so the process never blocks
        BufferedReader output =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = output.readLine()) != null) {
            Files.writeString(
                    log,
                    line + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            if (line.contains(READY)) {
                Thread drain = new Thread(() -> output.lines().forEach(ignored -> {}), "broker-output");
                drain.setDaemon(true);
                drain.start();
                return;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the broker process did not start within " + START_WITHIN + "; see " + log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
