package io.distill.server.security;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.DefaultJWTTokenParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtContext;

/**
 * Verifies a bearer token as SmallRye JWT does (signature, issuer, audience, expiry, and a lifetime
 * {@code exp - iat} within {@code smallrye.jwt.time-to-live}), then refuses the two things it lets
 * through: an {@code iat} later than now by more than {@code mp.jwt.verify.clock.skew} (SmallRye only
 * bounds a token's age), and a {@code groups} that is not a JSON array of strings (SmallRye splits a
 * string into roles, so {@code "distill-read distill-submit"} would carry both).
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class StrictTokens extends JWTCallerPrincipalFactory {

    private final DefaultJWTTokenParser parser = new DefaultJWTTokenParser();
    private final long clockSkewSeconds;

    public StrictTokens(@ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60") long clockSkewSeconds) {
        this.clockSkewSeconds = clockSkewSeconds;
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo authContextInfo) throws ParseException {
        JwtContext verified = parser.parse(token, authContextInfo);
        JwtClaims claims = verified.getJwtClaims();
        refuseFutureIssue(claims);
        refuseGroupsNotAList(claims);
        return new DefaultJWTCallerPrincipal(verified.getJoseObjects().get(0).getHeader("typ"), claims);
    }

    private void refuseFutureIssue(JwtClaims claims) throws ParseException {
        try {
            long now = System.currentTimeMillis() / 1000;
            if (claims.getIssuedAt() != null && claims.getIssuedAt().getValue() > now + clockSkewSeconds) {
                throw new ParseException("The token's iat " + claims.getIssuedAt().getValue() + " is more than "
                        + clockSkewSeconds + " s after now (" + now + ")");
            }
        } catch (MalformedClaimException e) {
            throw new ParseException("The token's iat is not a number", e);
        }
    }

    /** Reads {@code groups} as the issuer wrote it: the parser has already turned a string into a list. */
    private static void refuseGroupsNotAList(JwtClaims claims) throws ParseException {
        try {
            JwtClaims written = JwtClaims.parse(claims.getRawJson());
            if (written.hasClaim("groups") && !written.isClaimValueStringList("groups")) {
                throw new ParseException("The token's groups claim is not a JSON array of strings");
            }
        } catch (InvalidJwtException e) {
            throw new ParseException("The token's claims cannot be read", e);
        }
    }
}
