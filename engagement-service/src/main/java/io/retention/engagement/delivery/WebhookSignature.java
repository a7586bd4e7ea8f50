package io.retention.engagement.delivery;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook call: {@code sha256=} and the hex HMAC-SHA256, under the shared secret, of the timestamp,
 * a dot and the body. The timestamp lets the receiver refuse replays of old calls.
 */
public final class WebhookSignature {
    public static final String SIGNATURE_HEADER = "X-Retention-Signature";
    public static final String TIMESTAMP_HEADER = "X-Retention-Timestamp";
    private static final String PREFIX = "sha256=";

    private WebhookSignature() {}

    public static String sign(String secret, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Whether a received signature is the one the secret gives, compared in constant time. */
    public static boolean verify(String secret, long timestampSeconds, String body, String signature) {
        if (signature == null) {
            return false;
        }
        return MessageDigest.isEqual(
                sign(secret, timestampSeconds, body).getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8));
    }
}
