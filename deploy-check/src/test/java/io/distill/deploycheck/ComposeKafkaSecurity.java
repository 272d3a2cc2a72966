package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * deploy/docker-compose.scram.yml over deploy/docker-compose.yml: a broker whose listeners are all SASL_SSL (the
 * controller's TLS with client certificates), with ACLs enforced; a one-shot that makes a SCRAM user per principal
 * of acls.tsv and its ACLs; and every service logged in as itself over TLS.
 */
final class ComposeKafkaSecurity {

    static final String ACCESS = "kafka-access";
    private static final Pattern JAAS = Pattern.compile(
            "org\\.apache\\.kafka\\.common\\.security\\.scram\\.ScramLoginModule required username=\"([^\"]*)\" password=\"([^\"]*)\";");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[A-Z][A-Z0-9_]*(:?[?-][^}]*)?}");

    private ComposeKafkaSecurity() {}

    /** {@code override} over {@code base} as docker-compose merges what is checked here: mappings key by key, lists of names joined. */
    static ObjectNode merge(JsonNode base, JsonNode override) {
        ObjectNode out = base.deepCopy();
        override.fields().forEachRemaining(e -> {
            JsonNode old = out.get(e.getKey());
            if (old instanceof ObjectNode && e.getValue() instanceof ObjectNode) {
                out.set(e.getKey(), merge(old, e.getValue()));
            } else if (old instanceof ArrayNode a && e.getValue() instanceof ArrayNode b && Set.of("secrets", "volumes").contains(e.getKey())) {
                ArrayNode joined = a.deepCopy();
                b.forEach(item -> {
                    if (!contains(joined, item)) {
                        joined.add(item.deepCopy());
                    }
                });
                out.set(e.getKey(), joined);
            } else {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        return out;
    }

    /**
     * Every problem of the secure setup in {@code compose} (the files merged); {@code written}: as in the files, where
     * each service's password must be a variable (docker-compose config prints it interpolated).
     */
    static List<String> check(JsonNode compose, Path deployDir, List<KafkaAcls.Grant> grants, boolean written) {
        JsonNode services = compose.path("services");
        List<String> problems = new ArrayList<>(broker(services.path("kafka")));
        problems.addAll(access(compose, deployDir, grants));
        if (!ComposeChecks.env(services.path("kafka-topics")).getOrDefault("KAFKA_TOOL_OPTIONS", "").contains("--command-config")
                || !secrets(services.path("kafka-topics")).contains("kafka-admin-password")) {
            problems.add("kafka-topics: does not log in as admin (KAFKA_TOOL_OPTIONS --command-config, secret kafka-admin-password)");
        }
        Map<String, String> advertised = advertised(ComposeChecks.env(services.path("kafka")));
        for (Contract.Service s : Contract.SERVICES) {
            problems.addAll(service(s.name(), services.path(s.name()), compose, advertised, written));
        }
        return problems;
    }

    /** Each listener is SASL_SSL, the controller's is TLS with required client certificates; SCRAM-SHA-512 and ACLs. */
    static List<String> broker(JsonNode kafka) {
        Map<String, String> env = ComposeChecks.env(kafka);
        List<String> problems = new ArrayList<>();
        Map<String, String> protocols = protocols(env);
        Set<String> controllers = Set.of(env.getOrDefault("KAFKA_CONTROLLER_LISTENER_NAMES", "").split(","));
        for (String listener : env.getOrDefault("KAFKA_LISTENERS", "").split(",")) {
            String name = listener.replaceAll("://.*", "").trim();
            String protocol = protocols.getOrDefault(name, name);
            if (controllers.contains(name)) {
                String auth = env.getOrDefault("KAFKA_LISTENER_NAME_" + name + "_SSL_CLIENT_AUTH", env.get("KAFKA_SSL_CLIENT_AUTH"));
                if (!protocol.equals("SSL") || !"required".equals(auth)) {
                    problems.add("kafka: controller listener " + name + " is " + protocol + " with client authentication " + auth
                            + ", expected SSL with required client certificates");
                }
            } else if (!protocol.equals("SASL_SSL")) {
                problems.add("kafka: listener " + name + " is " + protocol + ", expected SASL_SSL");
            }
        }
        expect(problems, "kafka", env, "KAFKA_SASL_ENABLED_MECHANISMS", "SCRAM-SHA-512");
        expect(problems, "kafka", env, "KAFKA_AUTHORIZER_CLASS_NAME", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        if ("true".equals(env.get("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND"))) {
            problems.add("kafka: KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND lets anyone use a resource without ACLs");
        }
        for (String user : env.getOrDefault("KAFKA_SUPER_USERS", "").split(";")) {
            if (!user.isBlank() && !user.equals("User:admin") && !user.startsWith("User:CN=")) {
                problems.add("kafka: super user " + user + " passes every ACL; only admin and the broker's certificate may");
            }
        }
        return problems;
    }

    /** The one-shot reads acls.tsv and has the password of every principal in it. */
    static List<String> access(JsonNode compose, Path deployDir, List<KafkaAcls.Grant> grants) {
        JsonNode job = compose.path("services").path(ACCESS);
        if (job.isMissingNode()) {
            return List.of("no " + ACCESS + " service (the SCRAM users and ACLs of " + KafkaAcls.FILE + ")");
        }
        List<String> problems = new ArrayList<>();
        Path acls = deployDir.getParent().resolve(KafkaAcls.FILE).normalize();
        boolean reads = ComposeChecks.mounts(job).values().stream()
                .anyMatch(m -> m.readOnly() && deployDir.resolve(m.source()).normalize().equals(acls));
        if (!reads) {
            problems.add(ACCESS + ": does not mount " + KafkaAcls.FILE + " read-only");
        }
        ComposeChecks.expectCondition(problems, ACCESS, job.path("depends_on"), "kafka", "service_healthy");
        Set<String> mine = secrets(job);
        for (String principal : KafkaAcls.principals(grants)) {
            String secret = "kafka-password-" + principal;
            String file = compose.path("secrets").path(secret).path("file").asText();
            if (!mine.contains(secret) || !file.endsWith("/" + principal + ".password")) {
                problems.add(ACCESS + ": no secret " + secret + " with " + principal + ".password for principal " + principal);
            }
        }
        return problems;
    }

    private static List<String> service(String name, JsonNode svc, JsonNode compose, Map<String, String> advertised, boolean written) {
        Map<String, String> env = ComposeChecks.env(svc);
        List<String> problems = new ArrayList<>();
        expect(problems, name, env, "KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        expect(problems, name, env, "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        expect(problems, name, env, "KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
        String bootstrap = env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "");
        if (!"SASL_SSL".equals(advertised.get(bootstrap))) {
            problems.add(name + ": KAFKA_BOOTSTRAP_SERVERS " + bootstrap + " is not a SASL_SSL listener of kafka " + advertised);
        }
        Matcher jaas = JAAS.matcher(env.getOrDefault("KAFKA_SASL_JAAS_CONFIG", ""));
        if (!jaas.matches() || !jaas.group(1).equals(name)) {
            problems.add(name + ": KAFKA_SASL_JAAS_CONFIG does not log in with SCRAM as " + name);
        } else if (written && !VARIABLE.matcher(jaas.group(2)).matches()) {
            problems.add(name + ": the password in KAFKA_SASL_JAAS_CONFIG is written inline; use ${VARIABLE:?...}");
        }
        String location = env.getOrDefault("KAFKA_SSL_TRUSTSTORE_LOCATION", "");
        String secret = location.startsWith("/run/secrets/") ? location.substring("/run/secrets/".length()) : "";
        if (!secrets(svc).contains(secret) || !compose.path("secrets").path(secret).path("file").asText().endsWith("/ca.pem")) {
            problems.add(name + ": KAFKA_SSL_TRUSTSTORE_LOCATION " + location + " is not a secret of the CA's ca.pem");
        }
        ComposeChecks.expectCondition(problems, name, svc.path("depends_on"), ACCESS, "service_completed_successfully");
        return problems;
    }

    /** The listener names and their protocols, from KAFKA_LISTENER_SECURITY_PROTOCOL_MAP. */
    private static Map<String, String> protocols(Map<String, String> env) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : env.getOrDefault("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "").split(",")) {
            String[] kv = pair.trim().split(":");
            if (kv.length == 2) {
                map.put(kv[0], kv[1]);
            }
        }
        return map;
    }

    /** Each advertised {@code host:port} and its listener's protocol. */
    private static Map<String, String> advertised(Map<String, String> env) {
        Map<String, String> protocols = protocols(env);
        Map<String, String> out = new LinkedHashMap<>();
        for (String listener : env.getOrDefault("KAFKA_ADVERTISED_LISTENERS", "").split(",")) {
            String[] parts = listener.trim().split("://");
            if (parts.length == 2) {
                out.put(parts[1], protocols.getOrDefault(parts[0], parts[0]));
            }
        }
        return out;
    }

    /** A service's secrets by name, from the short or the long form. */
    static Set<String> secrets(JsonNode svc) {
        Set<String> names = new LinkedHashSet<>();
        svc.path("secrets").forEach(s -> names.add(s.isObject() ? s.path("source").asText() : s.asText()));
        return names;
    }

    private static void expect(List<String> problems, String where, Map<String, String> env, String name, String value) {
        if (!value.equals(env.get(name))) {
            problems.add(where + ": " + name + " is " + env.get(name) + ", expected " + value);
        }
    }

    private static boolean contains(ArrayNode list, JsonNode item) {
        for (JsonNode x : list) {
            if (x.equals(item)) {
                return true;
            }
        }
        return false;
    }
}
