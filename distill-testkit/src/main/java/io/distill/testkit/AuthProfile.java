package io.distill.testkit;

/**
 * A service under test with bearer tokens on ({@code DISTILL_AUTH=jwt}), trusting {@link #ISSUER}'s
 * keys alone; tests take their tokens from {@link #ISSUER} too. One key pair per test JVM.
 */
public class AuthProfile extends ConfigProfile {

    public static final TestIssuer ISSUER = new TestIssuer();

    public AuthProfile() {
        super("distill.auth", "jwt",
                "mp.jwt.verify.publickey.location", ISSUER.publicKey().toString(),
                "mp.jwt.verify.issuer", TestIssuer.ISSUER,
                "smallrye.jwt.sign.key.location", ISSUER.privateKey().toString());
    }
}
