package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.deploycheck.Services.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks merged compose files' servers, one-shots and gateway here; {@link #all} runs every compose check. */
final class ComposeChecks {

    /** A volume mount: named volume or host path, and whether it is read-only. */
    record Mount(String source, String target, boolean readOnly) {}

    private ComposeChecks() {}

    /**
     * Every problem of {@code compose}; {@code gpu} and {@code scram}: the overrides it merges; {@code written}: as in the files,
     * where credentials must be variables (docker-compose config prints them interpolated).
     */
    static List<String> all(JsonNode compose, boolean gpu, boolean scram, boolean written) {
        Problems p = new Problems();
        JsonNode services = compose.path("services");
        Set<String> volumes = new HashSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(volumes::add);
        JsonNode kafka = services.path("kafka");
        String roles = Services.text(env(kafka), "KAFKA_PROCESS_ROLES");
        p.expect(roles.contains("broker") && roles.contains("controller"), "kafka: KAFKA_PROCESS_ROLES is '" + roles
                + "', expected broker,controller");
        p.expect(kafka.path("healthcheck").has("test"), "kafka: no health check");
        String topics = script(services.path("kafka-topics"));
        Contract.topics().forEach(topic -> p.expect(topics.contains("--topic " + topic + " "), "kafka-topics: does not create topic "
                + topic));
        // New students replay a transfer set for a week without the teacher running again.
        Matcher retention = Pattern.compile("--topic soft-targets [^\n]*?retention\\.ms=(?:\\$\\{SOFT_TARGETS_RETENTION_MS:-)?(\\d+)")
                .matcher(topics);
        p.expect(retention.find() && Long.parseLong(retention.group(1)) >= Contract.SOFT_TARGET_RETENTION_MS,
                "kafka-topics: soft-targets kept under 7 days");
        JsonNode data = services.path("data");
        Mount filled = mounts(data).get(Services.text(env(data), "DISTILL_DATA_DIR"));
        oneShot(p, data, "data", "fetch-all.sh");
        p.expect(filled != null && !filled.readOnly() && volumes.contains(filled.source()),
                "data: does not fill a named volume at DISTILL_DATA_DIR");
        p.expect(mounts(data).values().stream().anyMatch(m -> m.source().endsWith("data") && m.readOnly() && !m.equals(filled)),
                "data: does not mount deploy/data read-only");
        JsonNode pg = services.path("postgres");
        p.expect(pg.path("healthcheck").path("test").toString().contains("pg_isready"), "postgres: no pg_isready health check");
        namedVolume(p, "postgres", pg, "/var/lib/postgresql/data", volumes);
        JsonNode minio = services.path("minio");
        List<String> command = K8sSecurity.texts(minio.path("command"));
        int server = command.indexOf("server");
        String dir = server >= 0 && server + 1 < command.size() ? command.get(server + 1) : "?";
        p.expect(!dir.equals("?"), "minio: does not run 'server <dir>'");
        namedVolume(p, "minio", minio, dir, volumes);
        p.expect(minio.path("healthcheck").has("test"), "minio: no health check");
        JsonNode bucket = services.path("minio-bucket");
        oneShot(p, bucket, "minio-bucket", "mc mb");
        p.expect(script(bucket).contains("$DISTILL_OBJECT_STORE_BUCKET"),
                "minio-bucket: does not make the bucket DISTILL_OBJECT_STORE_BUCKET");
        condition(p, "minio-bucket", bucket, "minio", "service_healthy");
        Map<String, Value> store = new HashMap<>(Map.of("DISTILL_OBJECT_STORE_ENDPOINT", Value.of("http://minio:9000"),
                "AWS_ACCESS_KEY_ID", env(minio).getOrDefault("MINIO_ROOT_USER", Value.of("")),
                "AWS_SECRET_ACCESS_KEY", env(minio).getOrDefault("MINIO_ROOT_PASSWORD", Value.of(""))));
        Services.sameAs(p, "minio-bucket", env(bucket), store);
        gateway(p, services.path("gateway"));
        ComposeServices.check(p, compose, gpu, scram, written, store);
        if (scram) {
            ComposeKafka.check(p, compose, written);
        }
        return p;
    }

    /** A one-shot that runs {@code does} and is not restarted. */
    private static void oneShot(Problems p, JsonNode job, String name, String does) {
        p.expect(script(job).contains(does), name + ": does not run " + does);
        p.expect("no".equals(job.path("restart").asText("no")), name + ": a one-shot must not restart");
    }

    private static void namedVolume(Problems p, String where, JsonNode svc, String path, Set<String> declared) {
        Mount m = mounts(svc).get(path);
        p.expect(m != null && !m.readOnly() && declared.contains(m.source()), where + ": " + path + " is not a writable named volume");
    }

    /** The gateway publishes each service's port and passes it to the service's name, which Docker's DNS resolves at request time. */
    private static void gateway(Problems p, JsonNode gateway) {
        String script = script(gateway);
        p.expect(script.contains("resolver 127.0.0.11"), "gateway: does not ask Docker's DNS (resolver 127.0.0.11) at request time");
        for (Contract.Service s : Contract.SERVICES) {
            String port = String.valueOf(s.port());
            p.expect(ports(gateway).contains(port + ":" + port), "gateway: port " + port + " is not published as " + port + ":" + port);
            p.expect(Pattern.compile("listen " + port + ";[^\n]*\\s" + Pattern.quote(s.name() + ":" + port) + ";").matcher(script).find(),
                    "gateway: port " + port + " does not pass to " + s.name() + ":" + port);
        }
    }

    /** A service's entrypoint and command, one part a line. */
    static String script(JsonNode svc) {
        List<String> parts = new ArrayList<>();
        for (JsonNode n : List.of(svc.path("entrypoint"), svc.path("command"))) {
            parts.addAll(n.isArray() ? K8sSecurity.texts(n) : List.of(n.asText()));
        }
        return String.join("\n", parts);
    }

    /** A service's published ports as {@code host:container}, or {@code host-ip:host:container}. */
    static List<String> ports(JsonNode svc) {
        List<String> ports = new ArrayList<>();
        svc.path("ports").forEach(x -> ports.add(x.isObject() ? x.path("published").asText() + ":" + x.path("target").asText()
                : x.asText()));
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
        p.expect(condition.equals(svc.at("/depends_on/" + on + "/condition").asText()), where + ": does not wait for " + on + " ("
                + condition + ")");
    }

    /** A compose duration ({@code 1m30s}, {@code 5s}, {@code 500ms}) in whole seconds, rounded down. */
    static long seconds(String duration) {
        return duration.endsWith("ms") ? Long.parseLong(duration.replace("ms", "")) / 1000
                : Duration.parse("PT" + duration.toUpperCase(Locale.ROOT)).toSeconds();
    }

    /** A service's environment, from the mapping or the list form. */
    static Map<String, Value> env(JsonNode service) {
        Map<String, Value> env = new LinkedHashMap<>();
        JsonNode e = service.path("environment");
        e.properties().forEach(f -> env.put(f.getKey(), Value.of(f.getValue().isNull() ? "" : f.getValue().asText())));
        for (JsonNode item : e.isArray() ? e : Render.YAML.createArrayNode()) {
            String[] kv = item.asText().split("=", 2);
            env.put(kv[0], Value.of(kv.length > 1 ? kv[1] : ""));
        }
        return env;
    }
}
