package io.retention.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The whole platform on one machine: a Kafka broker, PostgreSQL with a database per service, and the four packaged
 * services as child processes. {@link #main} is the run command; the end-to-end test starts it the same way.
 */
public final class Platform implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    /**
     * Where and how to run.
     *
     * @param projectRoot    the checkout whose services were packaged
     * @param dataDir        where the broker, an embedded PostgreSQL and the service logs keep their files
     * @param kafkaBootstrap an existing broker to use, or null to start one on {@code kafkaPort}
     * @param kafkaPort      port of the started broker, 0 for a free one
     * @param database       an existing PostgreSQL to use, or null to start an embedded one on {@code databasePort}
     * @param databasePort   port of the embedded PostgreSQL, 0 for a free one
     * @param databasePrefix prefix of each service's database name, so that several platforms can share a server
     * @param ports          HTTP port of each service
     * @param jvmOptions     options of each service's JVM
     * @param services       the services to start (all of them to run the platform; one, to measure it alone)
     * @param consolePort    HTTP port of the console, started after the services; 0 for none
     */
    public record Settings(
            Path projectRoot,
            Path dataDir,
            String kafkaBootstrap,
            int kafkaPort,
            Database database,
            int databasePort,
            String databasePrefix,
            Map<Service, Integer> ports,
            List<String> jvmOptions,
            Set<Service> services,
            int consolePort) {
        /** Without the console. */
        public Settings(
                Path projectRoot,
                Path dataDir,
                String kafkaBootstrap,
                int kafkaPort,
                Database database,
                int databasePort,
                String databasePrefix,
                Map<Service, Integer> ports,
                List<String> jvmOptions,
                Set<Service> services) {
            this(
                    projectRoot,
                    dataDir,
                    kafkaBootstrap,
                    kafkaPort,
                    database,
                    databasePort,
                    databasePrefix,
                    ports,
                    jvmOptions,
                    services,
                    0);
        }
    }

    /** The console's module, packaged like the services. */
    private static final String CONSOLE = "console";

    /** How often a killed instance is started again when its start fails, and how long it waits between. */
    private static final int RESTARTS = 5;

    private static final Duration RESTART_BACKOFF = Duration.ofSeconds(5);

    private final Settings settings;
    private KafkaBroker broker;
    private Database database;
    private final String bootstrapServers;
    /** Each service's running instances; the first listens on the service's port, the others on free ports. */
    private final Map<Service, List<Instance>> instances = new EnumMap<>(Service.class);

    private MailSink mailSink;
    private Process console;
    private final Tokens tokens = Tokens.generate();
    private Path publicKey;

    /** One process of a service. */
    private record Instance(Process process, int port) {}

    private Platform(Settings settings, KafkaBroker broker, Database database, String bootstrapServers) {
        this.settings = settings;
        this.broker = broker;
        this.database = database;
        this.bootstrapServers = bootstrapServers;
    }

    public static Platform start(Settings settings) throws Exception {
        for (Service service : settings.services()) {
            if (!Files.isRegularFile(service.runner(settings.projectRoot()))) {
                throw new IllegalStateException(service.runner(settings.projectRoot())
                        + " is missing: build the services first (./mvnw -B package -DskipTests)");
            }
        }
        Files.createDirectories(settings.dataDir().resolve("logs"));
        long started = System.nanoTime();
        KafkaBroker broker = settings.kafkaBootstrap() == null
                ? KafkaBroker.start(settings.dataDir().resolve("kafka"), settings.kafkaPort())
                : null;
        String bootstrap = broker != null ? broker.bootstrapServers() : settings.kafkaBootstrap();
        log("Kafka broker ready at %s in %d ms", bootstrap, elapsedMillis(started));
        started = System.nanoTime();
        Database database;
        try {
            database = settings.database() != null
                    ? settings.database()
                    : Database.embedded(settings.dataDir().resolve("postgres"), settings.databasePort());
        } catch (IOException | RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
        log(
                "PostgreSQL ready at %s:%d%s in %d ms",
                database.host(), database.port(), database.isEmbedded() ? " (embedded)" : "", elapsedMillis(started));
        Platform platform = new Platform(settings, broker, database, bootstrap);
        try {
            platform.startServices();
        } catch (Exception e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    private void startServices() throws Exception {
        if (settings.services().contains(Service.ENGAGEMENT)) {
            mailSink = MailSink.start(0);
            log("mail sink (SMTP) at 127.0.0.1:%d: engagement-service's email stays in memory here", mailSink.port());
        }
        // the platform's own identity provider for the run: services verify tokens with this public key
        publicKey = tokens.writePublicKey(settings.dataDir().resolve("jwt").resolve("public-key.pem"));
        long started = System.nanoTime();
        for (Service service : settings.services()) {
            database.ensureDatabase(settings.databasePrefix() + service.database());
            instances.put(
                    service, new ArrayList<>(List.of(new Instance(launch(service, 0, port(service)), port(service)))));
        }
        for (Service service : settings.services()) {
            awaitReady(service, 0);
        }
        log("%d services ready in %d ms", settings.services().size(), elapsedMillis(started));
        if (settings.consolePort() > 0) {
            startConsole();
        }
    }

    /** The console, on the services it finds here, signing people in with this run's key. */
    private void startConsole() throws IOException, InterruptedException {
        Path runner = consoleRunner();
        if (!Files.isRegularFile(runner)) {
            throw new IllegalStateException(
                    runner + " is missing: build the console first (./mvnw -B package -DskipTests)");
        }
        long started = System.nanoTime();
        ProcessBuilder builder = javaProcess(runner, consoleLogFile(), settings.consolePort());
        Map<String, String> env = builder.environment();
        env.put(
                "RETENTION_CONSOLE_LOCAL_SIGNING_KEY",
                tokens.writePrivateKey(settings.dataDir().resolve("jwt").resolve("signing-key.pem"))
                        .toString());
        for (Service service : Service.values()) {
            String key = service.module().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            env.put("QUARKUS_REST_CLIENT_" + key + "_URL", url(service));
        }
        console = builder.start();
        awaitReady(CONSOLE, console, settings.consolePort(), consoleLogFile());
        log("console ready at %s in %d ms", consoleUrl(), elapsedMillis(started));
    }

    private Path consoleRunner() {
        return settings.projectRoot().resolve(CONSOLE).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** The console's log file. */
    public Path consoleLogFile() {
        return settings.dataDir().resolve("logs").resolve(CONSOLE + ".log");
    }

    /** Where the console answers (when the settings start it). */
    public String consoleUrl() {
        return "http://localhost:" + settings.consolePort();
    }

    /** Starts a process of a service; its log goes on at the end of the instance's log file. */
    private Process launch(Service service, int instance, int port) throws IOException {
        ProcessBuilder builder = javaProcess(service.runner(settings.projectRoot()), logFile(service, instance), port);
        Map<String, String> env = builder.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("RETENTION_DB_HOST", database.host());
        env.put("RETENTION_DB_PORT", String.valueOf(database.port()));
        env.put("RETENTION_DB_NAME", settings.databasePrefix() + service.database());
        env.put("RETENTION_DB_USER", database.user());
        env.put("RETENTION_DB_PASSWORD", database.password());
        if (mailSink != null) {
            env.put("RETENTION_ENGAGEMENT_SMTP_HOST", "127.0.0.1");
            env.put("RETENTION_ENGAGEMENT_SMTP_PORT", String.valueOf(mailSink.port()));
            env.put("RETENTION_ENGAGEMENT_SMTP_STARTTLS", "DISABLED");
        }
        return builder.start();
    }

    /**
     * A packaged Quarkus application on {@code port}, logging to the end of {@code log}, trusting this run's tokens.
     */
    private ProcessBuilder javaProcess(Path runner, Path log, int port) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(settings.jvmOptions());
        command.add("-jar");
        command.add(runner.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false"); // plain text in the local log files; JSON in production
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toUri().toString());
        env.put("MP_JWT_VERIFY_ISSUER", Tokens.ISSUER);
        return builder;
    }

    /**
     * Kills the service's first instance as {@code kill -9} does (no shutdown hook, no commit of anything in flight) and
     * starts it again; returns once it is ready.
     */
    public void killAndRestart(Service service) throws Exception {
        killAndRestart(service, 0);
    }

    /**
     * The same for one instance of the service. A start that fails (it can fall in a database outage: the migration at
     * start needs the database) is started again, as a pod's restart policy would, up to {@value #RESTARTS} times.
     */
    public void killAndRestart(Service service, int instance) throws Exception {
        killAndRestartAfter(service, instance, () -> {});
    }

    /** Something done while a service is down. */
    @FunctionalInterface
    public interface WhileDown {
        void run() throws Exception;
    }

    /**
     * Kills the service's instance ({@code kill -9}), does {@code whileDown} (publishes what it will find waiting, say),
     * and starts it again; returns once it is ready.
     */
    public void killAndRestartAfter(Service service, int instance, WhileDown whileDown) throws Exception {
        Instance running = instances.get(service).get(instance);
        running.process().destroyForcibly();
        running.process().waitFor();
        whileDown.run();
        for (int attempt = 1; ; attempt++) {
            instances
                    .get(service)
                    .set(instance, new Instance(launch(service, instance, running.port()), running.port()));
            try {
                awaitReady(service, instance);
                return;
            } catch (IllegalStateException exited) {
                if (attempt >= RESTARTS
                        || instances.get(service).get(instance).process().isAlive()) {
                    throw exited;
                }
                log(
                        "%s (instance %d) failed to start, starting it again: %s",
                        service.module(), instance, exited.getMessage());
                Thread.sleep(RESTART_BACKOFF.toMillis());
            }
        }
    }

    /**
     * One more instance of each of these running services, sharing their databases and consumer groups (as second
     * pods do), started together; returns once all are ready.
     */
    public void addInstances(Set<Service> services) throws Exception {
        for (Service service : services) {
            int port = KafkaBroker.freePort();
            List<Instance> running = instances.get(service);
            running.add(new Instance(launch(service, running.size(), port), port));
        }
        for (Service service : services) {
            awaitReady(service, instances.get(service).size() - 1);
        }
    }

    /**
     * Stops the embedded PostgreSQL (a fast shutdown: clients are disconnected), keeps it down for the given time and
     * starts it again on the same port and data.
     */
    public void stopDatabaseFor(Duration down) throws Exception {
        if (!database.isEmbedded()) {
            throw new IllegalStateException("only a PostgreSQL the platform started itself can be stopped");
        }
        int port = database.port();
        database.close();
        log("PostgreSQL stopped for %d s", down.toSeconds());
        Thread.sleep(down.toMillis());
        database = Database.embedded(settings.dataDir().resolve("postgres"), port);
        log("PostgreSQL started again at %s:%d", database.host(), database.port());
    }

    /** The PostgreSQL server the services use. */
    public Database database() {
        return database;
    }

    private void awaitReady(Service service, int instance) throws IOException, InterruptedException {
        Instance started = instances.get(service).get(instance);
        awaitReady(service.module(), started.process(), started.port(), logFile(service, instance));
    }

    /** Waits until the process answers its readiness check with UP; fails if it exits or takes too long. */
    private static void awaitReady(String name, Process process, int port, Path log)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep waiting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " was not ready within " + READY_TIMEOUT + "; see " + log);
    }

    /** Whether every instance of the service answers its readiness check with UP. */
    public boolean ready(Service service) {
        HttpClient http = HttpClient.newHttpClient();
        for (Instance instance : instances.get(service)) {
            try {
                HttpRequest ready = HttpRequest.newBuilder(
                                URI.create("http://localhost:" + instance.port() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5))
                        .build();
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    public int port(Service service) {
        return settings.ports().getOrDefault(service, service.defaultPort());
    }

    public String url(Service service) {
        return "http://localhost:" + port(service);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path logFile(Service service) {
        return logFile(service, 0);
    }

    /** The log of one instance (the first's is the service's). */
    public Path logFile(Service service, int instance) {
        return settings.dataDir()
                .resolve("logs")
                .resolve(service.module() + (instance == 0 ? "" : "-" + (instance + 1)) + ".log");
    }

    /** A bearer token for a user with these roles, signed by this run's key, valid for a day. */
    public String token(String... roles) {
        return tokens.token("local-" + String.join("-", roles), Duration.ofDays(1), roles);
    }

    /** A request to a service with an admin's bearer token. */
    public HttpRequest.Builder request(Service service, String path) {
        return HttpRequest.newBuilder(URI.create(url(service) + path))
                .header("Authorization", "Bearer " + token("admin"));
    }

    /** Where engagement-service's email goes, when it runs. */
    public MailSink mailSink() {
        return mailSink;
    }

    /** The operating-system process of a running service. */
    public ProcessHandle process(Service service) {
        return instances.get(service).get(0).process().toHandle();
    }

    @Override
    public void close() throws IOException {
        List<Process> processes = new ArrayList<>(instances.values().stream()
                .flatMap(List::stream)
                .map(Instance::process)
                .toList());
        if (console != null) {
            processes.add(console);
        }
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        if (mailSink != null) {
            mailSink.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (settings.database() == null) {
            database.close();
        }
    }

    static void log(String format, Object... args) {
        System.out.printf("[platform] " + format + "%n", args);
    }

    private static long elapsedMillis(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }
}
