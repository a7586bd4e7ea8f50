package io.retention.winback.offers;

import java.security.SecureRandom;

/**
 * Unique, unguessable offer codes: 16 characters of Crockford's base32 (80 random bits), grouped for reading aloud.
 * The alphabet leaves out I, L, O and U, which are easily mistaken.
 */
public final class OfferCodes {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int LENGTH = 16;

    private final SecureRandom random;

    public OfferCodes(SecureRandom random) {
        this.random = random;
    }

    public String next() {
        StringBuilder code = new StringBuilder(LENGTH + 3);
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return code.toString();
    }

    /** A code as a customer might type it: case and separators do not matter. */
    public static String normalise(String typed) {
        String compact =
                typed.trim().toUpperCase(java.util.Locale.ROOT).replace("-", "").replace(" ", "");
        if (compact.length() != LENGTH) {
            return typed;
        }
        return compact.substring(0, 4) + "-" + compact.substring(4, 8) + "-" + compact.substring(8, 12) + "-"
                + compact.substring(12);
    }
}
