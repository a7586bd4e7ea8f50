package io.retention.local.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.retention.local.KafkaBroker;
import io.retention.local.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Gives a Quarkus test a real broker that, like the production cluster, lets clients in only over TLS with a
 * SCRAM-SHA-512 user: a certificate for {@code localhost} made with the JDK's keytool, the CA certificate as a PEM
 * file, a user named after the service. The service gets exactly the settings the prod overlay gives it
 * ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG},
 * {@code KAFKA_SSL_TRUSTSTORE_TYPE=PEM}, {@code KAFKA_SSL_TRUSTSTORE_LOCATION}).
 */
public class ScramTlsKafkaTestResource implements QuarkusTestResourceLifecycleManager {
    /** The SCRAM user the service signs in as. */
    public static final String USER = "retention-service";

    private KafkaBroker broker;
    private Path dataDir;

    @Override
    public Map<String, String> start() {
        String password = UUID.randomUUID().toString();
        try {
            dataDir = Files.createTempDirectory("retention-kafka-scram-");
            Path keyStore = dataDir.resolve("broker.p12");
            Path caCertificate = dataDir.resolve("ca.crt");
            String keyStorePassword = UUID.randomUUID().toString();
            keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-storetype", "PKCS12",
                    "-keystore", keyStore.toString(), "-storepass", keyStorePassword, "-keypass", keyStorePassword);
            keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keyStore.toString(), "-storepass", keyStorePassword,
                    "-file", caCertificate.toString());
            broker = KafkaBroker.start(dataDir.resolve("kafka"), 0, new KafkaBroker.ScramTlsListener(keyStore, keyStorePassword));
            broker.putScramUser(USER, password);
            return Map.of(
                    "kafka.bootstrap.servers", broker.scramTlsBootstrapServers(),
                    "kafka.security.protocol", "SASL_SSL",
                    "kafka.sasl.mechanism", "SCRAM-SHA-512",
                    "kafka.sasl.jaas.config", jaasConfig(USER, password),
                    "kafka.ssl.truststore.type", "PEM",
                    "kafka.ssl.truststore.location", caCertificate.toString());
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the SCRAM/TLS test broker", e);
        }
    }

    /** The JAAS line a client signs in with. */
    public static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
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
