package io.distill.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

/**
 * A token issuer for tests: an RSA key pair of its own, written as PEM files that a service under test
 * verifies with ({@code mp.jwt.verify.publickey.location}) and signs its service tokens with
 * ({@code smallrye.jwt.sign.key.location}), and RS256 tokens carrying the roles a test asks for. A
 * test that needs a bad token changes the {@link #claims} of a good one and {@link #sign}s them as
 * they are, which a token builder, checking its claims, would not always allow.
 */
public final class TestIssuer {

    public static final String ISSUER = "distill-test";
    /** The audience every service accepts. */
    public static final String AUDIENCE = "distill";

    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** A token from this issuer with {@code roles}, for {@link #AUDIENCE}, valid for an hour. */
    public String token(String... roles) {
        return sign(claims(roles));
    }

    /** A token with {@code roles} that expired a minute ago. */
    public String expiredToken(String... roles) {
        Map<String, Object> claims = claims(roles);
        claims.put("iat", now() - 3600);
        claims.put("exp", now() - 60);
        return sign(claims);
    }

    /**
     * The claims of a good token with {@code roles}: this issuer, a test user, {@link #AUDIENCE},
     * issued now and valid for an hour. The map is the caller's to change.
     */
    public Map<String, Object> claims(String... roles) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", "test-user");
        claims.put("upn", "test-user");
        claims.put("aud", AUDIENCE);
        claims.put("groups", List.of(roles));
        claims.put("iat", now());
        claims.put("exp", now() + 3600);
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }

    /** {@code claims} as an RS256 token signed by this issuer, exactly as given. */
    public String sign(Map<String, Object> claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        jws.setKey(keys.getPrivate());
        try {
            jws.setPayload(JSON.writeValueAsString(claims));
            return jws.getCompactSerialization();
        } catch (JsonProcessingException | JoseException e) {
            throw new IllegalStateException("Cannot sign test claims " + claims, e);
        }
    }

    /** Now, in the seconds since the epoch that JWT times are. */
    public static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
