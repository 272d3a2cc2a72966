package io.distill.testkit;

import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/**
 * A token issuer for tests: an RSA key pair of its own, written as PEM files that a service under test
 * verifies with ({@code mp.jwt.verify.publickey.location}) and signs its service tokens with
 * ({@code smallrye.jwt.sign.key.location}), and RS256 tokens carrying the roles a test asks for.
 */
public final class TestIssuer {

    public static final String ISSUER = "distill-test";

    private final KeyPair keys;
    private final Path directory;

    public TestIssuer() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
            this.directory = Files.createDirectories(Path.of("target", "test-keys", UUID.randomUUID().toString()));
            Files.writeString(publicKey(), pem("PUBLIC KEY", keys.getPublic().getEncoded()));
            Files.writeString(privateKey(), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path publicKey() {
        return directory.resolve("public.pem").toAbsolutePath();
    }

    public Path privateKey() {
        return directory.resolve("private.pem").toAbsolutePath();
    }

    /** A token from this issuer with {@code roles}, valid for an hour. */
    public String token(String... roles) {
        return Jwt.issuer(ISSUER).subject("test-user").upn("test-user").groups(Set.of(roles))
                .expiresIn(Duration.ofHours(1)).sign(keys.getPrivate());
    }

    /** A token with {@code roles} that expired a minute ago. */
    public String expiredToken(String... roles) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer(ISSUER).subject("test-user").groups(Set.of(roles)).issuedAt(now - 3600)
                .expiresAt(now - 60).sign(keys.getPrivate());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
