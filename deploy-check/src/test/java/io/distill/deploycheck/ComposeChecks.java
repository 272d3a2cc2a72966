package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.deploycheck.Services.Container;
import io.distill.deploycheck.Services.Mount;
import io.distill.deploycheck.Services.Probe;
import io.distill.deploycheck.Services.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Runs every compose check on merged compose files: the servers', the one-shots', the gateway's, the services'. */
final class ComposeChecks {

    /** A variable, as docker-compose interpolates it: with a default ({@code :-}) or required ({@code :?}), or not. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[A-Z_][A-Z0-9_]*(:?[-?][^}]*)?}");
    private static final Pattern REQUIRED = Pattern.compile("\\$\\{[A-Z_][A-Z0-9_]*:?\\?[^}]*}");
    private static final Pattern JAAS = Pattern.compile("org\\.apache\\.kafka\\.common\\.security\\.scram\\."
            + "ScramLoginModule required username=\"([^\"]*)\" password=\"([^\"]*)\";");
    /** What each service waits for: servers that are healthy, and one-shots that have finished. */
    private static final Map<String, String> STARTS_AFTER = Map.of("kafka", "service_healthy", "postgres",
            "service_healthy", "minio", "service_healthy", "kafka-topics", "service_completed_successfully", "data",
            "service_completed_successfully", "minio-bucket", "service_completed_successfully");

    private ComposeChecks() {}

    /**
     * Every problem of {@code compose}; {@code gpu} and {@code scram}: the overrides it merges; {@code written}: as in
     * the files, where credentials must be variables (docker-compose config prints them interpolated).
     */
    static List<String> all(JsonNode compose, boolean gpu, boolean scram, boolean written) {
        Problems p = new Problems();
        JsonNode services = compose.path("services");
        // A server must be healthy to be waited for, and a one-shot that restarted would never have finished.
        STARTS_AFTER.forEach((name, condition) -> p.expect(condition.equals("service_healthy")
                ? services.path(name).path("healthcheck").has("test")
                : services.path(name).path("restart").asText("no").equals("no"), name,
                condition.equals("service_healthy") ? "no health check" : "a one-shot must not restart"));
        String roles = Services.text(env(services.path("kafka")), "KAFKA_PROCESS_ROLES");
        p.expect(roles.contains("broker") && roles.contains("controller"), "kafka", "KAFKA_PROCESS_ROLES is '" + roles
                + "', expected broker,controller");
        String topics = script(services.path("kafka-topics"));
        Contract.topics().forEach(topic -> p.expect(topics.contains("--topic " + topic + " "), "kafka-topics",
                "does not create topic " + topic));
        Contract.COMPACTED.forEach(topic -> p.expect(Pattern.compile("--topic " + Pattern.quote(topic)
                + " [^\n]*--config cleanup\\.policy=compact(\\s|$)").matcher(topics).find(), "kafka-topics",
                "does not compact topic " + topic));
        // New students replay a transfer set for a week without the teacher running again.
        Matcher retention = Pattern.compile("--topic soft-targets [^\n]*?retention\\.ms=(?:\\$\\{[A-Z_]+:-)?(\\d+)")
                .matcher(topics);
        p.expect(retention.find() && Long.parseLong(retention.group(1)) >= Contract.SOFT_TARGET_RETENTION_MS,
                "kafka-topics", "soft-targets kept under 7 days");
        JsonNode data = services.path("data");
        Map<String, Mount> dataMounts = mounts(compose, data);
        Mount filled = dataMounts.get(Services.text(env(data), "DISTILL_DATA_DIR"));
        p.expect(script(data).contains("fetch-all.sh"), "data", "does not run fetch-all.sh");
        p.expect(filled != null && filled.kind().equals("volume") && !filled.readOnly(), "data",
                "does not fill a named volume at DISTILL_DATA_DIR");
        p.expect(dataMounts.values().stream().anyMatch(m -> m.source().endsWith("data") && m.readOnly()), "data",
                "does not mount deploy/data read-only");
        List<String> minio = K8sSecurity.texts(services.path("minio").path("command"));
        int at = minio.indexOf("server");
        String dir = at >= 0 && at + 1 < minio.size() ? minio.get(at + 1) : "?";
        p.expect(!dir.equals("?"), "minio", "does not run 'server <dir>'");
        Map.of("postgres", "/var/lib/postgresql/data", "minio", dir).forEach((name, path) -> {
            Mount m = mounts(compose, services.path(name)).get(path);
            p.expect(m != null && m.kind().equals("volume") && !m.readOnly(), name, path
                    + " is not a writable named volume");
        });
        JsonNode bucket = services.path("minio-bucket");
        p.expect(script(bucket).contains("mc mb") && script(bucket).contains("$DISTILL_OBJECT_STORE_BUCKET"),
                "minio-bucket", "does not make the bucket DISTILL_OBJECT_STORE_BUCKET (mc mb)");
        condition(p, "minio-bucket", bucket, "minio", "service_healthy");
        Map<String, Value> store = env(services.path("minio"));
        Map<String, Value> expected = new HashMap<>(Map.of("DISTILL_OBJECT_STORE_ENDPOINT",
                Value.of("http://minio:9000"), "AWS_ACCESS_KEY_ID", store.getOrDefault("MINIO_ROOT_USER", Value.of("")),
                "AWS_SECRET_ACCESS_KEY", store.getOrDefault("MINIO_ROOT_PASSWORD", Value.of(""))));
        Services.sameAs(p, "minio-bucket", env(bucket), expected);
        gateway(p, services.path("gateway"));
        Map<String, Value> pg = env(services.path("postgres"));
        expected.put("QUARKUS_DATASOURCE_JDBC_URL", Value.of("jdbc:postgresql://postgres:5432/"
                + Services.text(pg, "POSTGRES_DB")));
        expected.put("QUARKUS_DATASOURCE_USERNAME", pg.getOrDefault("POSTGRES_USER", Value.of("")));
        expected.put("QUARKUS_DATASOURCE_PASSWORD", pg.getOrDefault("POSTGRES_PASSWORD", Value.of("")));
        expected.put("DISTILL_OBJECT_STORE_BUCKET", env(bucket).getOrDefault("DISTILL_OBJECT_STORE_BUCKET",
                Value.of("")));
        JsonNode kafka = services.path("kafka");
        Mount ca = mounts(compose, kafka).get(Services.text(env(kafka), "KAFKA_SSL_TRUSTSTORE_LOCATION"));
        if (scram) {
            expected.putAll(Services.SECURE_KAFKA);
            kafka(p, compose, written);
        }
        Services.Setup setup = new Services.Setup(gpu, expected, brokers(env(kafka), scram),
                scram ? (ca == null ? "the broker's CA" : ca.source()) : null);
        for (Contract.Service s : Contract.SERVICES) {
            JsonNode svc = services.path(s.name());
            Container c = container(compose, s.name());
            Services.check(p, s, c, setup);
            Path dockerfile = Render.DEPLOY.resolve(svc.at("/build/context").asText("?"))
                    .resolve(svc.at("/build/dockerfile").asText("?")).normalize();
            String cuda = c.image().endsWith("-cuda") ? "-cuda" : "";
            Path own = Path.of(s.name(), "src/main/docker/Dockerfile.jvm" + cuda);
            p.expect(dockerfile.endsWith(own) && Files.isRegularFile(dockerfile), s.name(), "builds from " + dockerfile
                    + ", expected " + own);
            STARTS_AFTER.forEach((on, condition) -> condition(p, s.name(), svc, on, condition));
            p.expect(svc.at("/deploy/resources/limits").has("cpus") && svc.at("/deploy/resources/limits").has("memory"),
                    s.name(), "no cpus and memory limits");
        }
        // As written, a credential is a variable and a secret a required one; a user name may have a default.
        services.properties().forEach(svc -> env(svc.getValue()).forEach((name, v) -> {
            boolean credential = written && Contract.isCredential(name) && !name.contains("JAAS");
            p.expect(!credential || VARIABLE.matcher(v.text()).matches(), svc.getKey(), "credential " + name
                    + " is written inline");
            p.expect(!credential || !name.matches(".*(PASSWORD|SECRET).*") || !VARIABLE.matcher(v.text()).matches()
                    || REQUIRED.matcher(v.text()).matches(), svc.getKey(), "secret " + name + " has a default");
        }));
        return p;
    }

    /**
     * The gateway publishes each service's port and passes it to the service's name, resolved at request time, with
     * bodies as large as the service takes (nginx refuses a larger one with 413, over 1m unless told otherwise).
     */
    private static void gateway(Problems p, JsonNode gateway) {
        String script = script(gateway);
        p.expect(script.contains("resolver 127.0.0.11"), "gateway", "does not ask Docker's DNS at request time");
        for (Contract.Service s : Contract.SERVICES) {
            String port = String.valueOf(s.port());
            p.expect(ports(gateway).contains(port + ":" + port), "gateway", "port " + port + " is not published as "
                    + port + ":" + port);
            p.expect(Pattern.compile("listen " + port + ";[^\n]*\\s" + Pattern.quote(s.name() + ":" + port) + ";")
                    .matcher(script).find(), "gateway", "port " + port + " does not pass to " + s.name() + ":" + port);
            long limit = bytes(Contract.properties(s).getProperty("quarkus.http.limits.max-body-size", "10M"));
            Matcher taken = Pattern.compile("listen " + port + ";[^\n]*\\sclient_max_body_size (\\d+[kKmMgG]?);")
                    .matcher(script);
            long passed = taken.find() ? bytes(taken.group(1)) : bytes("1m");
            p.expect(passed >= limit, "gateway", "port " + port + " takes bodies up to " + passed + " bytes, under "
                    + s.name() + "'s " + limit);
        }
    }

    /** A size as Quarkus and nginx write it, such as 64M or 4m: bytes, or KiB, MiB or GiB after k, m or g. */
    private static long bytes(String size) {
        int unit = "kmg".indexOf(Character.toLowerCase(size.charAt(size.length() - 1)));
        return Long.parseLong(unit < 0 ? size : size.substring(0, size.length() - 1)) << (10 * (unit + 1));
    }

    /** The addresses the broker advertises on the compose network; if {@code scram}, those of SASL_SSL listeners. */
    static Set<String> brokers(Map<String, Value> kafka, boolean scram) {
        Map<String, String> protocols = pairs(Services.text(kafka, "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"), ":");
        Set<String> brokers = new HashSet<>();
        pairs(Services.text(kafka, "KAFKA_ADVERTISED_LISTENERS"), "://").forEach((name, address) -> {
            if (address.startsWith("kafka:") && (!scram || "SASL_SSL".equals(protocols.get(name)))) {
                brokers.add(address);
            }
        });
        return brokers;
    }

    /** docker-compose.scram.yml's Kafka: SASL_SSL only, ACLs, a user per principal of acls.tsv, each its own. */
    private static void kafka(Problems p, JsonNode compose, boolean written) {
        JsonNode services = compose.path("services");
        Map<String, Value> env = env(services.path("kafka"));
        Map<String, String> protocols = pairs(Services.text(env, "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"), ":");
        Set<String> controllers = Set.of(Services.text(env, "KAFKA_CONTROLLER_LISTENER_NAMES").split(","));
        for (String listener : Services.text(env, "KAFKA_LISTENERS").split(",")) {
            String name = listener.replaceAll("://.*", "").trim();
            String protocol = protocols.getOrDefault(name, name);
            String own = Services.text(env, "KAFKA_LISTENER_NAME_" + name + "_SSL_CLIENT_AUTH");
            String auth = own.isEmpty() ? Services.text(env, "KAFKA_SSL_CLIENT_AUTH") : own;
            // The controller's listener takes the broker's certificate; every other one, a user's password.
            boolean controller = controllers.contains(name);
            p.expect(controller ? protocol.equals("SSL") && auth.equals("required") : protocol.equals("SASL_SSL"),
                    "kafka", "listener " + name + " is " + protocol + (controller ? " with client authentication '"
                    + auth + "', expected SSL, required" : ""));
        }
        Services.sameAs(p, "kafka", env, Map.of("KAFKA_SASL_ENABLED_MECHANISMS", Value.of("SCRAM-SHA-512"),
                "KAFKA_AUTHORIZER_CLASS_NAME", Value.of("org.apache.kafka.metadata.authorizer.StandardAuthorizer")));
        p.expect(!"true".equals(Services.text(env, "KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND")), "kafka",
                "KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND lets anyone in");
        for (String user : Services.text(env, "KAFKA_SUPER_USERS").split(";")) {
            p.expect(user.isBlank() || user.equals("User:admin") || user.startsWith("User:CN="), "kafka", "super user "
                    + user + " passes every ACL");
        }
        JsonNode topics = services.path("kafka-topics");
        p.expect(Services.text(env(topics), "KAFKA_TOOL_OPTIONS").contains("--command-config")
                && mounts(compose, topics).containsKey("/run/secrets/kafka-admin-password"),
                "kafka-topics", "does not log in as admin");
        JsonNode access = services.path("kafka-access");
        Map<String, Mount> mounts = mounts(compose, access);
        p.expect(mounts.values().stream().anyMatch(m -> m.readOnly() && Render.DEPLOY.resolve(m.source()).normalize()
                .equals(Render.REPO.resolve(KafkaAcls.FILE))), "kafka-access", "does not read acls.tsv");
        condition(p, "kafka-access", access, "kafka", "service_healthy");
        for (String principal : KafkaAcls.read().stream().map(KafkaAcls.Grant::principal).distinct().toList()) {
            Mount secret = mounts.get("/run/secrets/kafka-password-" + principal);
            p.expect(secret != null && secret.source().endsWith("/" + principal + ".password"), "kafka-access",
                    "no secret kafka-password-" + principal + " with " + principal + ".password");
        }
        for (Contract.Service s : Contract.SERVICES) {
            JsonNode svc = services.path(s.name());
            Matcher jaas = JAAS.matcher(Services.text(env(svc), "KAFKA_SASL_JAAS_CONFIG"));
            p.expect(jaas.matches() && jaas.group(1).equals(s.name()), s.name(),
                    "KAFKA_SASL_JAAS_CONFIG does not log in as " + s.name());
            p.expect(!written || !jaas.matches() || VARIABLE.matcher(jaas.group(2)).matches(), s.name(),
                    "the Kafka password is written inline");
            condition(p, s.name(), svc, "kafka-access", "service_completed_successfully");
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

    /** A service as {@link Services} checks it: its health check is the readiness probe. */
    static Container container(JsonNode compose, String name) {
        JsonNode svc = compose.path("services").path(name);
        JsonNode health = svc.path("healthcheck");
        Matcher url = Pattern.compile(":(\\d+)(/[\\w/]*)").matcher(health.path("test").toString());
        // Compose's defaults when unset: a 30 s timeout, every 30 s.
        Probe ready = url.find() ? new Probe(url.group(2), Integer.parseInt(url.group(1)),
                seconds(health.path("timeout").asText("30s")), seconds(health.path("interval").asText("30s"))) : null;
        // A fixed name or host port would be every replica's: "--scale" could not start a second one.
        List<String> fixed = Stream.concat(Stream.of("container_name", "hostname").filter(svc::has),
                ports(svc).stream().map(port -> "host port " + port)).toList();
        JsonNode devices = svc.at("/deploy/resources/reservations/devices");
        boolean gpu = devices.findValuesAsText("driver").contains("nvidia")
                && devices.findValues("capabilities").stream().anyMatch(c -> K8sSecurity.texts(c).contains("gpu"));
        return new Container(name, env(svc), Collections.singletonMap("readiness", ready), mounts(compose, svc),
                !svc.path("read_only").asBoolean(), gpu, svc.path("image").asText(), fixed);
    }

    /** A service's entrypoint and command, one part a line. */
    static String script(JsonNode svc) {
        return Stream.of(svc.path("entrypoint"), svc.path("command")).flatMap(n -> n.isArray() ? n.valueStream()
                : Stream.of(n)).map(JsonNode::asText).collect(Collectors.joining("\n"));
    }

    /** A service's published ports as {@code host:container}, or {@code host-ip:host:container}. */
    static List<String> ports(JsonNode svc) {
        return svc.path("ports").valueStream().map(x -> x.isObject() ? x.path("published").asText() + ":"
                + x.path("target").asText() : x.asText()).toList();
    }

    /** A service's mounts by path: its volumes, in the short or the long form, and its secrets' files. */
    static Map<String, Mount> mounts(JsonNode compose, JsonNode svc) {
        Map<String, Mount> mounts = new HashMap<>();
        for (JsonNode v : svc.path("volumes")) {
            String[] parts = v.asText().split(":");
            String source = v.isObject() ? v.path("source").asText() : parts.length > 1 ? parts[0] : "";
            String kind = v.isObject() ? v.path("type").asText() : source.matches("[.~/].*") ? "bind" : "volume";
            boolean readOnly = v.isObject() ? v.path("read_only").asBoolean()
                    : parts.length > 2 && parts[2].contains("ro");
            mounts.put(v.isObject() ? v.path("target").asText() : parts[parts.length > 1 ? 1 : 0],
                    new Mount(kind, source, readOnly));
        }
        for (JsonNode secret : svc.path("secrets")) {
            String name = secret.isObject() ? secret.path("source").asText() : secret.asText();
            String target = secret.path("target").asText(name);
            mounts.put(target.startsWith("/") ? target : "/run/secrets/" + target,
                    new Mount("secret", compose.at("/secrets/" + name + "/file").asText(), true));
        }
        return mounts;
    }

    static void condition(Problems p, String where, JsonNode svc, String on, String condition) {
        p.expect(condition.equals(svc.at("/depends_on/" + on + "/condition").asText()), where, "does not wait for " + on
                + " (" + condition + ")");
    }

    /** A compose duration ({@code 1m30s}, {@code 5s}, {@code 500ms}) in whole seconds, rounded down. */
    static long seconds(String duration) {
        return duration.endsWith("ms") ? Long.parseLong(duration.replace("ms", "")) / 1000
                : Duration.parse("PT" + duration.toUpperCase(Locale.ROOT)).toSeconds();
    }

    /** A service's environment, in the mapping form that docker-compose config prints (a list fails the checks). */
    static Map<String, Value> env(JsonNode service) {
        Map<String, Value> env = new LinkedHashMap<>();
        service.path("environment").properties().forEach(f -> env.put(f.getKey(), Value.of(f.getValue().isNull() ? ""
                : f.getValue().asText())));
        return env;
    }
}
