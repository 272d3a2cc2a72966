package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.deploycheck.Services.Value;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks docker-compose.scram.yml's Kafka: SASL_SSL only, ACLs, a user per principal of acls.tsv, each service logged in as itself. */
final class ComposeKafka {

    private static final Pattern JAAS = Pattern.compile(
            "org\\.apache\\.kafka\\.common\\.security\\.scram\\.ScramLoginModule required username=\"([^\"]*)\" password=\"([^\"]*)\";");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[A-Z][A-Z0-9_]*(:?[?-][^}]*)?}");

    private ComposeKafka() {}

    /** {@code written}: as in the files, where each service's password must be a variable. */
    static void check(Problems p, JsonNode compose, boolean written) {
        JsonNode services = compose.path("services");
        Map<String, Value> env = ComposeChecks.env(services.path("kafka"));
        Map<String, String> protocols = pairs(Services.text(env, "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"), ":");
        Set<String> controllers = Set.of(Services.text(env, "KAFKA_CONTROLLER_LISTENER_NAMES").split(","));
        for (String listener : Services.text(env, "KAFKA_LISTENERS").split(",")) {
            String name = listener.replaceAll("://.*", "").trim();
            String protocol = protocols.getOrDefault(name, name);
            String auth = env.getOrDefault("KAFKA_LISTENER_NAME_" + name + "_SSL_CLIENT_AUTH", env.getOrDefault("KAFKA_SSL_CLIENT_AUTH",
                    Value.of(""))).text();
            p.expect(controllers.contains(name) ? protocol.equals("SSL") && auth.equals("required") : protocol.equals("SASL_SSL"),
                    "kafka: listener "
                    + name + " is " + protocol + (controllers.contains(name) ? " with client authentication '" + auth
                    + "', expected SSL, required" : ""));
        }
        Services.sameAs(p, "kafka", env, Map.of("KAFKA_SASL_ENABLED_MECHANISMS", Value.of("SCRAM-SHA-512"),
                "KAFKA_AUTHORIZER_CLASS_NAME", Value.of("org.apache.kafka.metadata.authorizer.StandardAuthorizer")));
        p.expect(!"true".equals(Services.text(env, "KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND")),
                "kafka: KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND lets anyone in");
        for (String user : Services.text(env, "KAFKA_SUPER_USERS").split(";")) {
            p.expect(user.isBlank() || user.equals("User:admin") || user.startsWith("User:CN="), "kafka: super user " + user
                    + " passes every ACL");
        }
        JsonNode topics = services.path("kafka-topics");
        p.expect(Services.text(ComposeChecks.env(topics), "KAFKA_TOOL_OPTIONS").contains("--command-config")
                && ComposeChecks.secrets(topics).contains("kafka-admin-password"), "kafka-topics: does not log in as admin");
        JsonNode access = services.path("kafka-access");
        p.expect(ComposeChecks.mounts(access).values().stream().anyMatch(m -> m.readOnly()
                && Render.DEPLOY.resolve(m.source()).normalize().equals(Render.REPO.resolve(KafkaAcls.FILE))),
                "kafka-access: does not read acls.tsv");
        ComposeChecks.condition(p, "kafka-access", access, "kafka", "service_healthy");
        for (String principal : KafkaAcls.principals(KafkaAcls.read())) {
            String secret = "kafka-password-" + principal;
            p.expect(ComposeChecks.secrets(access).contains(secret) && compose.at("/secrets/" + secret + "/file").asText().endsWith("/"
                    + principal + ".password"),
                    "kafka-access: no secret " + secret + " with " + principal + ".password");
        }
        Map<String, String> secure = new LinkedHashMap<>();
        pairs(Services.text(env, "KAFKA_ADVERTISED_LISTENERS"), "://").forEach((name, address) -> secure.put(address,
                protocols.getOrDefault(name, name)));
        for (Contract.Service s : Contract.SERVICES) {
            JsonNode svc = services.path(s.name());
            Map<String, Value> client = ComposeChecks.env(svc);
            Services.sameAs(p, s.name(), client, Services.SECURE_KAFKA);
            String bootstrap = Services.text(client, "KAFKA_BOOTSTRAP_SERVERS");
            p.expect("SASL_SSL".equals(secure.get(bootstrap)), s.name() + ": KAFKA_BOOTSTRAP_SERVERS " + bootstrap
                    + " is not a SASL_SSL listener " + secure);
            Matcher jaas = JAAS.matcher(Services.text(client, "KAFKA_SASL_JAAS_CONFIG"));
            p.expect(jaas.matches() && jaas.group(1).equals(s.name()), s.name() + ": KAFKA_SASL_JAAS_CONFIG does not log in as "
                    + s.name());
            p.expect(!written || !jaas.matches() || VARIABLE.matcher(jaas.group(2)).matches(), s.name()
                    + ": the Kafka password is written inline");
            String location = Services.text(client, "KAFKA_SSL_TRUSTSTORE_LOCATION");
            String ca = location.replaceFirst("^/run/secrets/", "");
            p.expect(ComposeChecks.secrets(svc).contains(ca) && compose.at("/secrets/" + ca + "/file").asText().endsWith("/ca.pem"),
                    s.name() + ": KAFKA_SSL_TRUSTSTORE_LOCATION " + location + " is not the CA's ca.pem");
            ComposeChecks.condition(p, s.name(), svc, "kafka-access", "service_completed_successfully");
        }
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
