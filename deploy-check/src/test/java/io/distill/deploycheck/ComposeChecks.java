package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.deploycheck.Env.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the compose files, merged as docker-compose merges them (or as {@code docker-compose config} prints
 * them): Kafka, the topic, data and bucket one-shots, PostgreSQL, MinIO and the gateway here; the services in
 * {@link ComposeServices}, the secure Kafka of docker-compose.scram.yml in {@link ComposeKafka}.
 */
final class ComposeChecks {

    static final String POSTGRES = "postgres";
    static final String MINIO = "minio";
    static final String BUCKET = "minio-bucket";
    static final String GATEWAY = "gateway";

    /** A volume mount: named volume or host path, and whether it is read-only. */
    record Mount(String source, String target, boolean readOnly) {}

    private ComposeChecks() {}

    /**
     * Every problem of {@code compose}; {@code gpu} and {@code scram}: the overrides it merges; {@code written}: as in
     * the files (credentials must be variables there, which docker-compose config prints interpolated).
     */
    static List<String> all(JsonNode compose, boolean gpu, boolean scram, boolean written) {
        Problems p = new Problems();
        JsonNode services = compose.path("services");
        Set<String> volumes = new HashSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(volumes::add);
        JsonNode kafka = services.path("kafka");
        p.expect(kafka.path("image").asText().startsWith("apache/kafka:"), "kafka: image " + kafka.path("image").asText() + " is not apache/kafka");
        String roles = Env.text(Env.of(kafka), "KAFKA_PROCESS_ROLES");
        p.expect(roles.contains("broker") && roles.contains("controller"), "kafka: KAFKA_PROCESS_ROLES is '" + roles + "', expected broker,controller (KRaft)");
        p.expect(kafka.path("healthcheck").has("test"), "kafka: no health check");
        topics(p, services);
        oneShot(p, services, "data", "fetch-all.sh", "the data sets (deploy/data/fetch-all.sh)");
        String dataDir = Env.text(Env.of(services.path("data")), "DISTILL_DATA_DIR");
        Mount data = mounts(services.path("data")).get(dataDir);
        p.expect(data != null && !data.readOnly() && volumes.contains(data.source()), "data: does not write the data volume at DISTILL_DATA_DIR");
        p.expect(mounts(services.path("data")).values().stream().anyMatch(m -> m.source().endsWith("data") && m.readOnly() && !m.equals(data)),
                "data: does not mount deploy/data read-only");
        JsonNode pg = services.path(POSTGRES);
        p.expect(pg.path("image").asText().startsWith("postgres:"), "postgres: image " + pg.path("image").asText() + " is not the official postgres image");
        for (String name : List.of("POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD")) {
            p.expect(!Env.text(Env.of(pg), name).isBlank(), "postgres: env " + name + " is not set");
        }
        p.expect(pg.path("healthcheck").path("test").toString().contains("pg_isready"), "postgres: no pg_isready health check");
        namedVolume(p, POSTGRES, pg, "/var/lib/postgresql/data", volumes);
        JsonNode minio = services.path(MINIO);
        p.expect(minio.path("image").asText().startsWith("minio/minio"), "minio: image " + minio.path("image").asText() + " is not minio/minio");
        List<String> command = K8sSecurity.texts(minio.path("command"));
        int server = command.indexOf("server");
        p.expect(server >= 0 && server + 1 < command.size(), "minio: command " + command + " does not run 'server <dir>'");
        namedVolume(p, MINIO, minio, server >= 0 && server + 1 < command.size() ? command.get(server + 1) : "?", volumes);
        for (String name : List.of("MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD")) {
            p.expect(!Env.text(Env.of(minio), name).isBlank(), "minio: env " + name + " is not set");
        }
        p.expect(minio.path("healthcheck").has("test"), "minio: no health check");
        oneShot(p, services, BUCKET, "mc mb", "the bucket DISTILL_OBJECT_STORE_BUCKET (mc mb)");
        p.expect(script(services.path(BUCKET)).contains("$DISTILL_OBJECT_STORE_BUCKET"), BUCKET + ": does not create the bucket DISTILL_OBJECT_STORE_BUCKET");
        condition(p, BUCKET, services.path(BUCKET), MINIO, "service_healthy");
        Map<String, Value> minioEnv = Env.of(minio);
        Map<String, Value> bucketEnv = Env.of(services.path(BUCKET));
        Map<String, Value> store = new HashMap<>(Map.of("DISTILL_OBJECT_STORE_ENDPOINT", Value.of("http://minio:9000"),
                "AWS_ACCESS_KEY_ID", minioEnv.getOrDefault("MINIO_ROOT_USER", Value.of("")),
                "AWS_SECRET_ACCESS_KEY", minioEnv.getOrDefault("MINIO_ROOT_PASSWORD", Value.of(""))));
        Services.sameAs(p, BUCKET, bucketEnv, store);
        gateway(p, services.path(GATEWAY));
        ComposeServices.check(p, compose, gpu, scram, written, store);
        if (scram) {
            ComposeKafka.check(p, compose, written);
        }
        return p;
    }

    /** The one-shot that creates the topics names every topic of the contract and its DLQs, and keeps soft-targets a week. */
    private static void topics(Problems p, JsonNode services) {
        String script = script(services.path("kafka-topics"));
        p.expect(services.has("kafka-topics"), "no kafka-topics service");
        for (String topic : Contract.topics()) {
            p.expect(!services.has("kafka-topics") || script.contains("--topic " + topic + " "), "kafka-topics: does not create topic " + topic);
        }
        Matcher retention = Pattern.compile("--topic soft-targets [^\n]*?retention\\.ms=(?:\\$\\{SOFT_TARGETS_RETENTION_MS:-)?(\\d+)").matcher(script);
        p.expect(retention.find() && Long.parseLong(retention.group(1)) >= Contract.SOFT_TARGET_RETENTION_MS,
                "kafka-topics: soft-targets has no retention.ms of at least 7 days");
    }

    /** A one-shot that runs {@code does} and is not restarted. */
    private static void oneShot(Problems p, JsonNode services, String name, String does, String what) {
        JsonNode job = services.path(name);
        p.expect(!job.isMissingNode(), "no " + name + " service");
        p.expect(job.isMissingNode() || script(job).contains(does), name + ": does not make " + what);
        p.expect("no".equals(job.path("restart").asText("no")), name + ": a one-shot must not restart");
    }

    private static void namedVolume(Problems p, String where, JsonNode svc, String path, Set<String> declared) {
        Mount m = mounts(svc).get(path);
        p.expect(m != null && !m.readOnly() && declared.contains(m.source()), where + ": " + path + " is not a writable named volume");
    }

    /** The gateway publishes each service's port and passes it to the service's name, which Docker's DNS resolves at request time. */
    private static void gateway(Problems p, JsonNode gateway) {
        String script = script(gateway);
        p.expect(script.contains("resolver 127.0.0.11"), GATEWAY + ": does not resolve names with Docker's DNS at request time (resolver 127.0.0.11)");
        for (Contract.Service s : Contract.SERVICES) {
            String port = String.valueOf(s.port());
            p.expect(ports(gateway).contains(port + ":" + port), GATEWAY + ": port " + port + " is not published as " + port + ":" + port);
            p.expect(Pattern.compile("listen " + port + ";[^\n]*\\s" + Pattern.quote(s.name() + ":" + port) + ";").matcher(script).find(),
                    GATEWAY + ": port " + port + " does not pass to " + s.name() + ":" + port);
        }
    }

    /** A service's entrypoint and command, one part a line. */
    static String script(JsonNode svc) {
        List<String> parts = new ArrayList<>();
        for (String key : List.of("entrypoint", "command")) {
            JsonNode n = svc.path(key);
            parts.addAll(n.isArray() ? K8sSecurity.texts(n) : List.of(n.asText()));
        }
        return String.join("\n", parts);
    }

    /** A service's published ports as {@code host:container}, or {@code host-ip:host:container}. */
    static List<String> ports(JsonNode svc) {
        List<String> ports = new ArrayList<>();
        svc.path("ports").forEach(x -> ports.add(x.isObject() ? x.path("published").asText() + ":" + x.path("target").asText() : x.asText()));
        return ports;
    }

    /** A service's mounts by target path, from the short or the long form. */
    static Map<String, Mount> mounts(JsonNode svc) {
        Map<String, Mount> mounts = new HashMap<>();
        for (JsonNode v : svc.path("volumes")) {
            String[] parts = v.asText().split(":");
            Mount m = v.isObject() ? new Mount(v.path("source").asText(), v.path("target").asText(), v.path("read_only").asBoolean())
                    : new Mount(parts[0], parts.length > 1 ? parts[1] : parts[0], parts.length > 2 && parts[2].contains("ro"));
            mounts.put(m.target(), m);
        }
        return mounts;
    }

    /** A service's secrets by name, from the short or the long form. */
    static Set<String> secrets(JsonNode svc) {
        Set<String> names = new HashSet<>();
        svc.path("secrets").forEach(x -> names.add(x.isObject() ? x.path("source").asText() : x.asText()));
        return names;
    }

    static void condition(Problems p, String where, JsonNode svc, String on, String condition) {
        p.expect(condition.equals(svc.path("depends_on").path(on).path("condition").asText()),
                where + ": does not depend on " + on + " with condition " + condition);
    }

    /** A compose duration ({@code 1m30s}, {@code 5s}, {@code 500ms}) in whole seconds, rounded down. */
    static long seconds(String duration) {
        Matcher m = Pattern.compile("(\\d+)(ms|us|ns|h|m|s)").matcher(duration);
        double total = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double n = Double.parseDouble(m.group(1));
            total += switch (m.group(2)) {
                case "h" -> n * 3600;
                case "m" -> n * 60;
                case "s" -> n;
                case "ms" -> n / 1e3;
                case "us" -> n / 1e6;
                default -> n / 1e9;
            };
            end = m.end();
        }
        if (end != duration.length() || end == 0) {
            throw new IllegalArgumentException("The compose duration '" + duration + "' is not like 1m30s, 5s or 500ms.");
        }
        return (long) total;
    }
}
