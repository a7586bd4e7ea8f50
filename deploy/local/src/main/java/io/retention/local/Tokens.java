package io.retention.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * A throw-away signing key and the bearer tokens it signs, standing in for the identity provider on one machine: the
 * local platform and the tests make one per run; services verify tokens with its public key. Nothing of it is kept
 * in the repository.
 */
public final class Tokens {
    /** The roles the services' endpoints allow. */
    public static final List<String> ROLES = List.of("admin", "account-manager", "analyst", "ingest");

    public static final String ISSUER = "retention-local";

    private final KeyPair keys;

    private Tokens(KeyPair keys) {
        this.keys = keys;
    }

    public static Tokens generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new Tokens(generator.generateKeyPair());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    /** Writes the public key as PEM, for {@code mp.jwt.verify.publickey.location}. */
    public Path writePublicKey(Path file) {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes())
                        .encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the private key as PEM (PKCS#8), readable by its owner only: the console signs local sign-ins with it, as
     * this key stands in for the identity provider on one machine.
     */
    public Path writePrivateKey(Path file) {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes())
                        .encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            return Files.writeString(file, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A token for a user with these roles, valid for the given time. */
    public String token(String subject, Duration validFor, String... roles) {
        return token(subject, validFor, Map.of(), roles);
    }

    /** The same with more claims (an identity provider's {@code preferred_username}, say). */
    public String token(String subject, Duration validFor, Map<String, String> extraClaims, String... roles) {
        JwtClaims claims = new JwtClaims();
        extraClaims.forEach(claims::setClaim);
        claims.setIssuer(ISSUER);
        claims.setSubject(subject);
        claims.setClaim("upn", subject);
        claims.setStringListClaim("groups", List.of(roles));
        claims.setIssuedAtToNow();
        claims.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() + validFor.toSeconds()));
        claims.setGeneratedJwtId();
        JsonWebSignature signature = new JsonWebSignature();
        signature.setPayload(claims.toJson());
        signature.setKey(keys.getPrivate());
        signature.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        signature.setHeader("typ", "JWT");
        try {
            return signature.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }
}
