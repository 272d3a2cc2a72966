package io.distill.server.security;

import io.distill.server.config.AuthMode;
import io.distill.server.config.DistillConfig;
import io.quarkus.vertx.http.security.HttpSecurity;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Who may do what over REST. With bearer tokens on ({@code DISTILL_AUTH=jwt}, the default), a
 * {@link TokenRoles#SUBMIT} token may POST (start and cancel jobs) and a {@link TokenRoles#READ} token may GET
 * and HEAD, and ask an ensemble for predictions; health, metrics and the API's description stay open.
 * The rules apply in JAX-RS, with authentication on demand ({@code quarkus.http.auth.proactive=false}),
 * so a 401 or 403 is answered as a problem like any other error ({@code SecurityProblems}).
 */
@Singleton
public class AccessRules {

    private static final Logger LOG = Logger.getLogger(AccessRules.class);
    private static final String PUBLIC_KEY = "mp.jwt.verify.publickey.location";

    void configure(@Observes HttpSecurity http, DistillConfig config) {
        if (config.auth() == AuthMode.OFF) {
            LOG.warn("REST authentication is OFF (DISTILL_AUTH=off): anyone who reaches this service may start"
                    + " and cancel jobs and download its models. Readiness reports auth: off.");
            return;
        }
        boolean keyed = ConfigProvider.getConfig().getOptionalValue(PUBLIC_KEY, String.class).isPresent()
                || ConfigProvider.getConfig().getOptionalValue("mp.jwt.verify.publickey", String.class).isPresent();
        if (!keyed) {
            throw new IllegalStateException("DISTILL_AUTH=jwt (the default) needs the token issuer's public key:"
                    + " set MP_JWT_VERIFY_PUBLICKEY_LOCATION (and MP_JWT_VERIFY_ISSUER), or DISTILL_AUTH=off to run"
                    + " without authentication.");
        }
        http.post("/ensembles/*/predict").applyToJaxRs().roles(TokenRoles.READ, TokenRoles.SUBMIT);
        http.post("/*").applyToJaxRs().roles(TokenRoles.SUBMIT);
        http.path("/*").methods("GET", "HEAD").applyToJaxRs().roles(TokenRoles.READ);
        http.path("/*").applyToJaxRs().authenticated();
    }
}
