package io.retention.local.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.retention.local.KafkaBroker;
import io.retention.local.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Gives a Quarkus test a real Apache Kafka broker (KRaft) on a free port, with the contract topics created. */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
    private KafkaBroker broker;
    private Path dataDir;

    @Override
    public Map<String, String> start() {
        try {
            dataDir = Files.createTempDirectory("retention-kafka-");
            broker = KafkaBroker.start(dataDir, 0);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test broker", e);
        }
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
        TempDirs.deleteQuietly(dataDir);
    }
}
