package io.retention.local.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.retention.local.KafkaBroker;
import io.retention.local.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Gives a Quarkus test a real broker that, like the production cluster, lets clients in only over TLS with a
 * SCRAM-SHA-512 user and allows each user only what its ACLs say: a certificate for {@code localhost} made with the
 * JDK's keytool, the CA certificate as a PEM file, the user the {@code user} argument names (the service), with the ACLs
 * of that user's {@code KafkaUser} in the prod overlay. The service gets exactly the settings the prod overlay gives it
 * ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG},
 * {@code KAFKA_SSL_TRUSTSTORE_TYPE=PEM}, {@code KAFKA_SSL_TRUSTSTORE_LOCATION}). The plain listener, whose clients are
 * super users, is for the test itself: {@value #PLAIN_BOOTSTRAP}.
 */
public class ScramTlsKafkaTestResource implements QuarkusTestResourceLifecycleManager {
    /** The setting that gives a test the plain listener, to publish and read as the systems around the service do. */
    public static final String PLAIN_BOOTSTRAP = "retention.test.kafka.plain-bootstrap-servers";
    /** The prod overlay's users and their ACLs, from a service module's directory (where its tests run). */
    private static final Path KAFKA_USERS = Path.of("..", "deploy", "k8s", "overlays", "prod", "kafka-users.yaml");

    private String user;
    private KafkaBroker broker;
    private Path dataDir;

    @Override
    public void init(Map<String, String> initArgs) {
        user = initArgs.get("user");
        if (user == null) {
            throw new IllegalArgumentException(
                    "name the service's Kafka user: @ResourceArg(name = \"user\", value = ...)");
        }
    }

    @Override
    public Map<String, String> start() {
        String password = UUID.randomUUID().toString();
        try {
            dataDir = Files.createTempDirectory("retention-kafka-scram-");
            Path keyStore = dataDir.resolve("broker.p12");
            Path caCertificate = dataDir.resolve("ca.crt");
            String keyStorePassword = UUID.randomUUID().toString();
            keytool(
                    "-genkeypair",
                    "-alias",
                    "broker",
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-validity",
                    "2",
                    "-dname",
                    "CN=localhost",
                    "-ext",
                    "SAN=dns:localhost",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    keyStore.toString(),
                    "-storepass",
                    keyStorePassword,
                    "-keypass",
                    keyStorePassword);
            keytool(
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    "broker",
                    "-keystore",
                    keyStore.toString(),
                    "-storepass",
                    keyStorePassword,
                    "-file",
                    caCertificate.toString());
            broker = KafkaBroker.start(
                    dataDir.resolve("kafka"), 0, new KafkaBroker.ScramTlsListener(keyStore, keyStorePassword, true));
            broker.putScramUser(user, password);
            broker.allow(aclsOf(user, KAFKA_USERS));
            return Map.of(
                    "kafka.bootstrap.servers",
                    broker.scramTlsBootstrapServers(),
                    "kafka.security.protocol",
                    "SASL_SSL",
                    "kafka.sasl.mechanism",
                    "SCRAM-SHA-512",
                    "kafka.sasl.jaas.config",
                    jaasConfig(user, password),
                    "kafka.ssl.truststore.type",
                    "PEM",
                    "kafka.ssl.truststore.location",
                    caCertificate.toString(),
                    PLAIN_BOOTSTRAP,
                    broker.bootstrapServers());
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the SCRAM/TLS test broker", e);
        }
    }

    /** The JAAS line a client signs in with. */
    public static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /** The ACLs a Strimzi {@code KafkaUser} of the manifest grants, as Kafka's own bindings. */
    static List<AclBinding> aclsOf(String user, Path manifest) throws IOException {
        List<AclBinding> bindings = new ArrayList<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (var documents = yaml.readerFor(JsonNode.class).<JsonNode>readValues(manifest.toFile())) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (!"KafkaUser".equals(document.path("kind").asText())
                        || !user.equals(document.path("metadata").path("name").asText())) {
                    continue;
                }
                for (JsonNode acl : document.path("spec").path("authorization").path("acls")) {
                    JsonNode resource = acl.path("resource");
                    ResourcePattern pattern = new ResourcePattern(
                            ResourceType.fromString(
                                    constant(resource.path("type").asText())),
                            resource.path("name").asText("kafka-cluster"),
                            "prefix".equals(resource.path("patternType").asText())
                                    ? PatternType.PREFIXED
                                    : PatternType.LITERAL);
                    AclPermissionType permission =
                            "deny".equals(acl.path("type").asText()) ? AclPermissionType.DENY : AclPermissionType.ALLOW;
                    for (JsonNode operation : acl.path("operations")) {
                        bindings.add(new AclBinding(
                                pattern,
                                new AccessControlEntry(
                                        "User:" + user,
                                        acl.path("host").asText("*"),
                                        AclOperation.fromString(constant(operation.asText())),
                                        permission)));
                    }
                }
            }
        }
        if (bindings.isEmpty()) {
            throw new IllegalStateException("no KafkaUser '" + user + "' with ACLs in " + manifest);
        }
        return bindings;
    }

    /** Strimzi's spelling of a Kafka enum constant ({@code transactionalId}, {@code DescribeConfigs}) as Kafka's. */
    private static String constant(String strimziName) {
        return strimziName.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("keytool " + arguments[0] + " failed: " + output);
        }
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
        TempDirs.deleteQuietly(dataDir);
    }
}
