package io.retention.engagement.playbook;

import io.retention.engagement.config.EngagementConfig;
import io.retention.engagement.policy.CommunicationPolicy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;

/** The plain decision classes as shared beans, built from the configuration. */
public class PlaybookBeans {

    @Produces
    @Singleton
    PlaybookCatalog catalog(EngagementConfig config) throws IOException {
        if (config.playbooksFile().isEmpty()) {
            return PlaybookCatalog.standard();
        }
        try (InputStream json =
                Files.newInputStream(Path.of(config.playbooksFile().get()))) {
            return PlaybookCatalog.read(json);
        }
    }

    @Produces
    @Singleton
    Planner planner(EngagementConfig config) {
        return new Planner(config.staleAfter());
    }

    @Produces
    @Singleton
    CommunicationPolicy policy(EngagementConfig config) {
        EngagementConfig.Policy policy = config.policy();
        return new CommunicationPolicy(new CommunicationPolicy.Settings(
                policy.capMessages(),
                policy.capWindow(),
                policy.quietStart(),
                policy.quietEnd(),
                ZoneId.of(policy.defaultTimeZone())));
    }
}
