package io.retention.engagement.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void theSignatureIsTheHmacOfTimestampAndBody() {
        // HMAC-SHA256("key", "1700000000.{}") computed independently: printf '1700000000.{}' | openssl dgst -sha256
        // -hmac key
        assertThat(WebhookSignature.sign("key", 1_700_000_000L, "{}"))
                .isEqualTo("sha256=9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae");
    }

    @Test
    void verificationRefusesAnotherSecretBodyOrTimestamp() {
        String signature = WebhookSignature.sign("secret", 1_700_000_000L, "{\"a\":1}");
        assertThat(WebhookSignature.verify("secret", 1_700_000_000L, "{\"a\":1}", signature))
                .isTrue();
        assertThat(WebhookSignature.verify("other", 1_700_000_000L, "{\"a\":1}", signature))
                .isFalse();
        assertThat(WebhookSignature.verify("secret", 1_700_000_000L, "{\"a\":2}", signature))
                .isFalse();
        assertThat(WebhookSignature.verify("secret", 1_700_000_001L, "{\"a\":1}", signature))
                .isFalse();
        assertThat(WebhookSignature.verify("secret", 1_700_000_000L, "{\"a\":1}", null))
                .isFalse();
    }
}
