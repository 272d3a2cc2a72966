package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.deploycheck.Env.Value;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose.scram.yml over the base file: a broker whose listeners are all SASL_SSL (the controller's TLS with
 * client certificates) with ACLs enforced; a one-shot that makes a SCRAM user per principal of acls.tsv with its
 * ACLs; and every service logged in as itself over TLS.
 */
final class ComposeKafka {

    static final String ACCESS = "kafka-access";
    private static final Pattern JAAS = Pattern.compile(
            "org\\.apache\\.kafka\\.common\\.security\\.scram\\.ScramLoginModule required username=\"([^\"]*)\" password=\"([^\"]*)\";");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[A-Z][A-Z0-9_]*(:?[?-][^}]*)?}");

    private ComposeKafka() {}

    /** {@code written}: as in the files, where each service's password must be a variable. */
    static void check(Problems p, JsonNode compose, boolean written) {
        JsonNode services = compose.path("services");
        Map<String, Value> env = Env.of(services.path("kafka"));
        Map<String, String> protocols = pairs(Env.text(env, "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"), ":");
        Set<String> controllers = Set.of(Env.text(env, "KAFKA_CONTROLLER_LISTENER_NAMES").split(","));
        for (String listener : Env.text(env, "KAFKA_LISTENERS").split(",")) {
            String name = listener.replaceAll("://.*", "").trim();
            String protocol = protocols.getOrDefault(name, name);
            if (controllers.contains(name)) {
                String own = Env.text(env, "KAFKA_LISTENER_NAME_" + name + "_SSL_CLIENT_AUTH");
                String auth = own.isEmpty() ? Env.text(env, "KAFKA_SSL_CLIENT_AUTH") : own;
                p.expect(protocol.equals("SSL") && auth.equals("required"), "kafka: controller listener " + name + " is " + protocol
                        + " with client authentication '" + auth + "', expected SSL with required client certificates");
            } else {
                p.expect(protocol.equals("SASL_SSL"), "kafka: listener " + name + " is " + protocol + ", expected SASL_SSL");
            }
        }
        Services.sameAs(p, "kafka", env, Map.of("KAFKA_SASL_ENABLED_MECHANISMS", Value.of("SCRAM-SHA-512"),
                "KAFKA_AUTHORIZER_CLASS_NAME", Value.of("org.apache.kafka.metadata.authorizer.StandardAuthorizer")));
        p.expect(!"true".equals(Env.text(env, "KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND")), "kafka: KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND lets anyone use a resource without ACLs");
        for (String user : Env.text(env, "KAFKA_SUPER_USERS").split(";")) {
            p.expect(user.isBlank() || user.equals("User:admin") || user.startsWith("User:CN="),
                    "kafka: super user " + user + " passes every ACL; only admin and the broker's certificate may");
        }
        JsonNode topics = services.path("kafka-topics");
        p.expect(Env.text(Env.of(topics), "KAFKA_TOOL_OPTIONS").contains("--command-config") && ComposeChecks.secrets(topics).contains("kafka-admin-password"),
                "kafka-topics: does not log in as admin (KAFKA_TOOL_OPTIONS --command-config, secret kafka-admin-password)");
        access(p, compose);
        Map<String, String> advertised = pairs(Env.text(env, "KAFKA_ADVERTISED_LISTENERS"), "://");
        for (Contract.Service s : Contract.SERVICES) {
            client(p, compose, s.name(), advertised, protocols, written);
        }
    }

    /** The one-shot reads acls.tsv and has the password of every principal in it, once the broker is healthy. */
    private static void access(Problems p, JsonNode compose) {
        JsonNode job = compose.path("services").path(ACCESS);
        Path acls = Render.REPO.resolve(KafkaAcls.FILE);
        p.expect(!job.isMissingNode(), "no " + ACCESS + " service (the SCRAM users and ACLs of " + KafkaAcls.FILE + ")");
        p.expect(job.isMissingNode() || ComposeChecks.mounts(job).values().stream()
                .anyMatch(m -> m.readOnly() && Render.DEPLOY.resolve(m.source()).normalize().equals(acls)), ACCESS + ": does not mount " + KafkaAcls.FILE + " read-only");
        ComposeChecks.condition(p, ACCESS, job, "kafka", "service_healthy");
        for (String principal : KafkaAcls.principals(KafkaAcls.read())) {
            String secret = "kafka-password-" + principal;
            p.expect(ComposeChecks.secrets(job).contains(secret) && compose.path("secrets").path(secret).path("file").asText().endsWith("/" + principal + ".password"),
                    ACCESS + ": no secret " + secret + " with " + principal + ".password for principal " + principal);
        }
    }

    /** A service: SASL_SSL and SCRAM-SHA-512 to a SASL_SSL listener, as itself, trusting the CA, once the users exist. */
    private static void client(Problems p, JsonNode compose, String name, Map<String, String> advertised, Map<String, String> protocols, boolean written) {
        JsonNode svc = compose.path("services").path(name);
        Map<String, Value> env = Env.of(svc);
        Services.sameAs(p, name, env, Services.SECURE_KAFKA);
        String bootstrap = Env.text(env, "KAFKA_BOOTSTRAP_SERVERS");
        Map<String, String> secure = new LinkedHashMap<>();
        advertised.forEach((listener, address) -> secure.put(address, protocols.getOrDefault(listener, listener)));
        p.expect("SASL_SSL".equals(secure.get(bootstrap)), name + ": KAFKA_BOOTSTRAP_SERVERS " + bootstrap + " is not a SASL_SSL listener of kafka " + secure);
        Matcher jaas = JAAS.matcher(Env.text(env, "KAFKA_SASL_JAAS_CONFIG"));
        p.expect(jaas.matches() && jaas.group(1).equals(name), name + ": KAFKA_SASL_JAAS_CONFIG does not log in with SCRAM as " + name);
        p.expect(!written || !jaas.matches() || VARIABLE.matcher(jaas.group(2)).matches(),
                name + ": the password in KAFKA_SASL_JAAS_CONFIG is written inline; use ${VARIABLE:?...}");
        String location = Env.text(env, "KAFKA_SSL_TRUSTSTORE_LOCATION");
        String secret = location.startsWith("/run/secrets/") ? location.substring("/run/secrets/".length()) : "";
        p.expect(ComposeChecks.secrets(svc).contains(secret) && compose.path("secrets").path(secret).path("file").asText().endsWith("/ca.pem"),
                name + ": KAFKA_SSL_TRUSTSTORE_LOCATION " + location + " is not a secret of the CA's ca.pem");
        ComposeChecks.condition(p, name, svc, ACCESS, "service_completed_successfully");
    }

    /** {@code a:b,c:d} as a map; the key of each pair is before {@code separator}. */
    private static Map<String, String> pairs(String list, String separator) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : list.split(",")) {
            String[] kv = pair.trim().split(Pattern.quote(separator), 2);
            if (kv.length == 2) {
                map.put(kv[0], kv[1]);
            }
        }
        return map;
    }
}
