package io.retention.local;

import io.retention.contract.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * Apache Kafka's own server, one node acting as broker and KRaft controller, in this JVM. The storage is formatted on
 * first start and kept in {@code dataDir}, so a restart finds its topics and offsets again.
 */
public final class KafkaBroker implements AutoCloseable {
    /** Partitions of each contract topic: records are keyed by customer id, so this bounds consumer parallelism. */
    public static final int PARTITIONS = 3;

    /**
     * A second listener for clients that sign in with SCRAM-SHA-512 over TLS, as the production cluster's do.
     *
     * @param keyStore         the broker's key and certificate (PKCS12), issued for {@code localhost}
     * @param keyStorePassword its password
     * @param authorize        whether the broker enforces ACLs, as the production cluster does (clients of the plain
     *                         listener, tools and tests, are super users)
     */
    public record ScramTlsListener(Path keyStore, String keyStorePassword, boolean authorize) {}

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final String scramTlsBootstrapServers;

    private KafkaBroker(KafkaRaftServer server, String bootstrapServers, String scramTlsBootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.scramTlsBootstrapServers = scramTlsBootstrapServers;
    }

    /**
     * Formats (if new), starts and waits for a broker, then creates the contract topics and their dead-letter topics.
     *
     * @param port the client port, or 0 for a free one
     */
    public static KafkaBroker start(Path dataDir, int port) throws Exception {
        return start(dataDir, port, null);
    }

    /** The same with a SCRAM-over-TLS listener beside the plain one (on a free port), when {@code scramTls} is given. */
    public static KafkaBroker start(Path dataDir, int port, ScramTlsListener scramTls) throws Exception {
        int clientPort = port == 0 ? freePort() : port;
        int controllerPort = freePort();
        Path logDir = dataDir.resolve("log");
        Files.createDirectories(logDir);

        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        String listeners = "PLAINTEXT://localhost:" + clientPort;
        String scramTlsAddress = null;
        if (scramTls != null) {
            scramTlsAddress = "localhost:" + freePort();
            listeners += ",SASL_SSL://" + scramTlsAddress;
            props.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
            props.put(
                    "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            props.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
            props.put(
                    "listener.name.sasl_ssl.ssl.keystore.location",
                    scramTls.keyStore().toString());
            props.put("listener.name.sasl_ssl.ssl.keystore.password", scramTls.keyStorePassword());
            props.put("listener.name.sasl_ssl.ssl.key.password", scramTls.keyStorePassword());
            if (scramTls.authorize()) {
                props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
                props.put("super.users", "User:ANONYMOUS");
            }
        }
        props.put("listeners", listeners + ",CONTROLLER://localhost:" + controllerPort);
        props.put("advertised.listeners", listeners);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL");
        props.put("log.dirs", logDir.toString());
        // A single node can hold one replica of each internal topic; without these, consumer groups never form.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", String.valueOf(PARTITIONS));
        props.put("auto.create.topics.enable", "true");
        KafkaConfig config = new KafkaConfig(props, false);

        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(config, logDir);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        KafkaBroker broker = new KafkaBroker(server, "localhost:" + clientPort, scramTlsAddress);
        broker.createContractTopics();
        return broker;
    }

    private static void format(KafkaConfig config, Path logDir) throws Exception {
        new Formatter()
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .run();
    }

    /** An admin client on the plain listener, patient enough for a broker that has just started. */
    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) Duration.ofSeconds(60).toMillis()));
    }

    private void createContractTopics() throws InterruptedException, ExecutionException {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : Topics.ALL) {
                for (String name : List.of(topic, Topics.deadLetter(topic))) {
                    if (!existing.contains(name)) {
                        missing.add(new NewTopic(name, PARTITIONS, (short) 1));
                    }
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
                awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
            }
        }
    }

    /**
     * Waits until the broker serves every partition of the new topics: a producer that starts sending before it does
     * gets NotLeaderOrFollower, and the idempotent producer's retry can then stall for good on out-of-order sequence
     * numbers (seen in the benchmark).
     */
    private static void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            if (served(admin, topics)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the broker elected no leader for " + topics + " within 60 s");
            }
            Thread.sleep(50);
        }
    }

    /**
     * Whether every partition of the topics has a leader. The broker learns of a topic a moment after the controller
     * has created it, and until then says it does not host it: that is "not yet", not a failure.
     */
    private static boolean served(Admin admin, List<String> topics) throws InterruptedException, ExecutionException {
        try {
            return admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .flatMap(description -> description.partitions().stream())
                    .allMatch(partition ->
                            partition.leader() != null && !partition.leader().isEmpty());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The SCRAM-over-TLS listener's address, or null when the broker has none. */
    public String scramTlsBootstrapServers() {
        return scramTlsBootstrapServers;
    }

    /** Grants these ACLs (the cluster operator's job in production). */
    public void allow(Collection<AclBinding> acls) throws InterruptedException, ExecutionException {
        try (Admin admin = admin()) {
            admin.createAcls(acls).all().get();
        }
    }

    /** Creates (or changes) a SCRAM-SHA-512 user, as the cluster operator does for each service. */
    public void putScramUser(String user, String password) throws InterruptedException, ExecutionException {
        try (Admin admin = admin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)))
                    .all()
                    .get();
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    /**
     * Runs a broker as a process of its own ({@link BrokerProcess}): arguments are the storage directory and the client
     * port; prints a ready line once the contract's topics exist, and runs until it is stopped or killed.
     */
    public static void main(String[] args) throws Exception {
        KafkaBroker broker = start(Path.of(args[0]), Integer.parseInt(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        System.out.println(BrokerProcess.READY + " at " + broker.bootstrapServers());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** A port nothing listens on now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
