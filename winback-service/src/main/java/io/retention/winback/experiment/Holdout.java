package io.retention.winback.experiment;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Whether a lost customer is in the holdout group that gets no offer: a hash of a salt and the customer id mapped to
 * [0, 1) and compared with the share. The same customer always lands on the same side (a replay or a second instance
 * decides the same), and without the salt nobody can tell who is held out. Pure logic.
 */
public final class Holdout {
    private final double share;
    private final String salt;

    public Holdout(double share, String salt) {
        if (share < 0 || share >= 1) {
            throw new IllegalArgumentException("the holdout share must be at least 0 and below 1");
        }
        this.share = share;
        this.salt = salt;
    }

    public boolean isHeldOut(String customerId) {
        return position(customerId) < share;
    }

    /** The customer's place in [0, 1). */
    double position(String customerId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((salt + ":" + customerId).getBytes(StandardCharsets.UTF_8));
            return (ByteBuffer.wrap(digest).getLong() >>> 11) / (double) (1L << 53);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
