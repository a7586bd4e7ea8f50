package io.retention.engagement.playbook;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The playbooks as one shared bean. */
public class PlaybooksProducer {

    @Produces
    @Singleton
    AtRiskPlaybooks atRiskPlaybooks() {
        return new AtRiskPlaybooks();
    }
}
