package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks docker-compose files (parsed, or as docker-compose config prints them) against the contract. */
final class ComposeChecks {

    private ComposeChecks() {}

    /** deploy/docker-compose.yml: Kafka, the topic and data one-shots, the four services, and their shared state. */
    static List<String> base(JsonNode compose, Path deployDir) {
        List<String> problems = new ArrayList<>();
        JsonNode services = compose.path("services");
        JsonNode kafka = services.path("kafka");
        if (!kafka.path("image").asText().startsWith("apache/kafka:")) {
            problems.add("kafka: image " + kafka.path("image").asText() + " is not apache/kafka");
        }
        String roles = env(kafka).getOrDefault("KAFKA_PROCESS_ROLES", "");
        if (!roles.contains("broker") || !roles.contains("controller")) {
            problems.add("kafka: KAFKA_PROCESS_ROLES is '" + roles + "', expected broker,controller (KRaft)");
        }
        if (kafka.path("healthcheck").path("test").isMissingNode()) {
            problems.add("kafka: no health check");
        }
        problems.addAll(topics(services));
        problems.addAll(data(services));
        Set<String> declared = new HashSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(declared::add);
        for (Contract.Service s : Contract.SERVICES) {
            JsonNode svc = services.path(s.name());
            if (svc.isMissingNode()) {
                problems.add("no service " + s.name());
                continue;
            }
            problems.addAll(service(s, svc, deployDir, declared));
        }
        problems.addAll(ComposeSharedState.check(compose));
        return problems;
    }

    private static List<String> service(Contract.Service s, JsonNode svc, Path deployDir, Set<String> declared) {
        List<String> problems = new ArrayList<>();
        String where = s.name();
        Path dockerfile = deployDir.resolve(svc.path("build").path("context").asText("?"))
                .resolve(svc.path("build").path("dockerfile").asText("?")).normalize();
        if (!dockerfile.endsWith(Path.of(s.name(), "src/main/docker/Dockerfile.jvm")) || !Files.isRegularFile(dockerfile)) {
            problems.add(where + ": builds from " + dockerfile + ", expected an existing " + s.name() + "/src/main/docker/Dockerfile.jvm");
        }
        Map<String, String> env = env(svc);
        for (String name : Contract.ENV) {
            if (!env.containsKey(name) || env.get(name).isBlank()) {
                problems.add(where + ": env " + name + " is not set");
            }
        }
        check(problems, where, "QUARKUS_HTTP_PORT", env, String.valueOf(s.port()));
        check(problems, where, "KAFKA_BOOTSTRAP_SERVERS", env, "kafka:9092");
        check(problems, where, "DISTILL_PUBLIC_URL", env, "http://" + s.name() + ":" + s.port());
        if (!Set.of("auto", "cpu", "gpu").contains(env.getOrDefault("DISTILL_DEVICE", "auto"))) {
            problems.add(where + ": DISTILL_DEVICE is " + env.get("DISTILL_DEVICE"));
        }
        Map<String, Mount> mounts = mounts(svc);
        Mount data = mounts.get(env.get("DISTILL_DATA_DIR"));
        if (data == null || !data.readOnly() || !declared.contains(data.source())) {
            problems.add(where + ": DISTILL_DATA_DIR is not a named volume mounted read-only");
        }
        JsonNode test = svc.path("healthcheck").path("test");
        String health = test.toString();
        if (test.isMissingNode()) {
            problems.add(where + ": no health check");
        } else if (!health.contains("/q/health/ready") || !health.contains(String.valueOf(s.port()))) {
            problems.add(where + ": health check " + health + " does not call /q/health/ready on port " + s.port());
        }
        // Compose's defaults when unset: a 30 s timeout, every 30 s.
        long timeout = seconds(svc.path("healthcheck").path("timeout").asText("30s"));
        long interval = seconds(svc.path("healthcheck").path("interval").asText("30s"));
        if (timeout < Contract.PROBE_TIMEOUT_SECONDS) {
            problems.add(where + ": health check timeout " + svc.path("healthcheck").path("timeout").asText() + " is under "
                    + Contract.PROBE_TIMEOUT_SECONDS + "s (readiness may take up to 2 s to say Kafka is down)");
        }
        if (interval < timeout) {
            problems.add(where + ": health check interval " + svc.path("healthcheck").path("interval").asText()
                    + " is under its timeout");
        }
        JsonNode depends = svc.path("depends_on");
        expectCondition(problems, where, depends, "kafka", "service_healthy");
        expectCondition(problems, where, depends, "kafka-topics", "service_completed_successfully");
        expectCondition(problems, where, depends, "data", "service_completed_successfully");
        JsonNode limits = svc.path("deploy").path("resources").path("limits");
        if (!limits.has("cpus") || !limits.has("memory")) {
            problems.add(where + ": no cpus and memory limits");
        }
        return problems;
    }

    /** The one-shot that creates the topics names every topic of the contract and its DLQs. */
    static List<String> topics(JsonNode services) {
        JsonNode creator = services.path("kafka-topics");
        if (creator.isMissingNode()) {
            return List.of("no kafka-topics service");
        }
        String script = text(creator.path("entrypoint")) + "\n" + text(creator.path("command"));
        List<String> problems = new ArrayList<>();
        for (String topic : Contract.topics()) {
            if (!script.contains("--topic " + topic + " ")) {
                problems.add("kafka-topics: does not create topic " + topic);
            }
        }
        Matcher retention = Pattern.compile("--topic soft-targets [^\n]*?retention\\.ms=(?:\\$\\{SOFT_TARGETS_RETENTION_MS:-)?(\\d+)").matcher(script);
        if (!retention.find()) {
            problems.add("kafka-topics: soft-targets has no retention.ms");
        } else if (Long.parseLong(retention.group(1)) < Contract.SOFT_TARGET_RETENTION_MS) {
            problems.add("kafka-topics: soft-targets keeps " + retention.group(1) + " ms, less than 7 days");
        }
        return problems;
    }

    static String text(JsonNode command) {
        if (!command.isArray()) {
            return command.asText();
        }
        List<String> parts = new ArrayList<>();
        command.forEach(part -> parts.add(part.asText()));
        return String.join("\n", parts);
    }

    private static List<String> data(JsonNode services) {
        JsonNode data = services.path("data");
        if (data.isMissingNode()) {
            return List.of("no data service");
        }
        List<String> problems = new ArrayList<>();
        if (!data.path("command").toString().contains("fetch-all.sh")) {
            problems.add("data: does not run deploy/data/fetch-all.sh");
        }
        if (!"no".equals(data.path("restart").asText("no"))) {
            problems.add("data: a one-shot must not restart");
        }
        String target = env(data).get("DISTILL_DATA_DIR");
        Mount m = mounts(data).get(target);
        if (m == null || m.readOnly()) {
            problems.add("data: does not write the data volume at DISTILL_DATA_DIR");
        }
        if (mounts(data).values().stream().noneMatch(x -> x.source().endsWith("data") && x.readOnly() && !x.source().equals(m == null ? "" : m.source()))) {
            problems.add("data: does not mount deploy/data read-only");
        }
        return problems;
    }

    /** deploy/docker-compose.gpu.yml: an NVIDIA GPU, DISTILL_DEVICE=gpu and the CUDA image for each training service. */
    static List<String> gpu(JsonNode gpu, JsonNode base, Path deployDir) {
        List<String> problems = new ArrayList<>();
        for (Contract.Service s : Contract.trainingServices()) {
            JsonNode svc = gpu.path("services").path(s.name());
            if (svc.isMissingNode()) {
                problems.add("gpu: no override for " + s.name());
                continue;
            }
            problems.addAll(gpuService(s, svc));
            String context = svc.path("build").path("context")
                    .asText(base.path("services").path(s.name()).path("build").path("context").asText("?"));
            Path dockerfile = deployDir.resolve(context).resolve(svc.path("build").path("dockerfile").asText("?")).normalize();
            if (!Files.isRegularFile(dockerfile)) {
                problems.add("gpu: " + s.name() + " builds from " + dockerfile + ", which does not exist");
            }
        }
        return problems;
    }

    static List<String> gpuService(Contract.Service s, JsonNode svc) {
        List<String> problems = new ArrayList<>();
        if (!"gpu".equals(env(svc).get("DISTILL_DEVICE"))) {
            problems.add("gpu: " + s.name() + " does not set DISTILL_DEVICE=gpu");
        }
        boolean reserved = false;
        for (JsonNode device : svc.path("deploy").path("resources").path("reservations").path("devices")) {
            boolean gpu = device.path("capabilities").toString().contains("\"gpu\"");
            int count = device.path("count").asText().equals("all") ? Integer.MAX_VALUE : device.path("count").asInt(0);
            reserved |= "nvidia".equals(device.path("driver").asText()) && gpu && (count > 0 || device.has("device_ids"));
        }
        if (!reserved) {
            problems.add("gpu: " + s.name() + " reserves no NVIDIA GPU (deploy.resources.reservations.devices)");
        }
        return problems;
    }

    /** The merged result of both files, as docker-compose config prints it: GPU reservations beside the limits. */
    static List<String> merged(JsonNode compose) {
        List<String> problems = new ArrayList<>();
        for (Contract.Service s : Contract.trainingServices()) {
            JsonNode svc = compose.path("services").path(s.name());
            problems.addAll(gpuService(s, svc));
            if (!svc.path("deploy").path("resources").path("limits").has("memory")) {
                problems.add("merged: " + s.name() + " lost its memory limit");
            }
            if (!svc.path("healthcheck").path("test").toString().contains("/q/health/ready")) {
                problems.add("merged: " + s.name() + " lost its health check");
            }
        }
        return problems;
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

    /** A service's environment, from either the mapping or the list form. */
    static Map<String, String> env(JsonNode svc) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode e = svc.path("environment");
        if (e.isObject()) {
            e.fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().isNull() ? "" : f.getValue().asText()));
        } else {
            for (JsonNode item : e) {
                String[] kv = item.asText().split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return env;
    }

    /** A service's published ports as {@code host:container}, or {@code host-ip:host:container}. */
    static List<String> ports(JsonNode svc) {
        List<String> ports = new ArrayList<>();
        for (JsonNode p : svc.path("ports")) {
            ports.add(p.isObject() ? p.path("published").asText() + ":" + p.path("target").asText() : p.asText());
        }
        return ports;
    }

    /** A volume mount: named volume or host path, and whether it is read-only. */
    record Mount(String source, String target, boolean readOnly) {}

    /** A service's mounts by target path, from either the short or the long form. */
    static Map<String, Mount> mounts(JsonNode svc) {
        Map<String, Mount> mounts = new HashMap<>();
        for (JsonNode v : svc.path("volumes")) {
            Mount m;
            if (v.isObject()) {
                m = new Mount(v.path("source").asText(), v.path("target").asText(), v.path("read_only").asBoolean(false));
            } else {
                String[] parts = v.asText().split(":");
                m = new Mount(parts[0], parts.length > 1 ? parts[1] : parts[0], parts.length > 2 && parts[2].contains("ro"));
            }
            mounts.put(m.target(), m);
        }
        return mounts;
    }

    private static void check(List<String> problems, String where, String name, Map<String, String> env, String value) {
        if (env.containsKey(name) && !value.equals(env.get(name))) {
            problems.add(where + ": " + name + " is " + env.get(name) + ", expected " + value);
        }
    }

    static void expectCondition(List<String> problems, String where, JsonNode depends, String on, String condition) {
        if (!condition.equals(depends.path(on).path("condition").asText())) {
            problems.add(where + ": does not depend on " + on + " with condition " + condition);
        }
    }

    static ObjectNode copy(JsonNode node) {
        return (ObjectNode) node.deepCopy();
    }
}
