package io.distill.deploycheck;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Checks what every service needs, over a neutral view of its container that Kubernetes and compose each build. */
final class Services {

    /** The health endpoints, by the probe that asks them; compose's one health check is the readiness probe. */
    private static final Map<String, String> PROBES = Map.of("startup", "/q/health/started",
            "liveness", "/q/health/live", "readiness", "/q/health/ready");
    /** How every service talks to a secure Kafka, on Kubernetes and with docker-compose.scram.yml. */
    static final Map<String, Value> SECURE_KAFKA = Map.of("KAFKA_SECURITY_PROTOCOL", Value.of("SASL_SSL"),
            "KAFKA_SASL_MECHANISM", Value.of("SCRAM-SHA-512"), "KAFKA_SSL_TRUSTSTORE_TYPE", Value.of("PEM"));

    /** Where a variable comes from: a literal {@code value}, a {@code configMap}'s key (with its text), a secret's. */
    record Value(String kind, String name, String key, String text) {
        static Value of(String text) {
            return new Value("value", null, null, text);
        }

        /** An expected literal matches any source with its text; an expected reference, that very key. */
        boolean matches(Value expected) {
            return expected != null && ("value".equals(expected.kind()) ? expected.text().equals(text)
                    : expected.kind().equals(kind) && Objects.equals(expected.name(), name)
                    && Objects.equals(expected.key(), key));
        }

        @Override
        public String toString() {
            return switch (kind) {
                case "value" -> "the value " + text;
                case "field" -> "the field " + key;
                default -> kind + " " + name + " key " + key;
            };
        }
    }

    /** A probe or health check: the path and port it asks, and its timeout and period in seconds. */
    record Probe(String path, int port, long timeout, long period) {}

    /** What a path is mounted from: a kind (a Kubernetes volume type; compose's volume, bind or secret), a source. */
    record Mount(String kind, String source, boolean readOnly) {}

    /**
     * A service's container as its platform runs it: its variables, its probes by kind (null where the platform has
     * that kind and the container does not use it), its mounts by path, whether its root is writable and it asks for
     * a GPU, its image, and what it fixes that every replica would share (a host name, a host port).
     */
    record Container(String where, Map<String, Value> env, Map<String, Probe> probes, Map<String, Mount> mounts,
            boolean writableRoot, boolean gpu, String image, List<String> fixed) {}

    /**
     * What a deployment offers every service: GPUs for the training ones, or none; the variables they must have as
     * there (the shared state, how to reach Kafka); the Kafka addresses they may use and the CA they trust (null: no
     * Kafka to check them against, or a plaintext one).
     */
    record Setup(boolean gpu, Map<String, Value> expected, Set<String> brokers, String ca) {}

    private Services() {}

    /** The text of a variable; empty when it is unset or a reference. */
    static String text(Map<String, Value> env, String name) {
        Value v = env.get(name);
        return v == null || v.text() == null ? "" : v.text();
    }

    /** Each variable of {@code expected} is as there: a literal with its text, a reference to that very key. */
    static void sameAs(Problems p, String where, Map<String, Value> env, Map<String, Value> expected) {
        expected.forEach((name, e) -> p.expect(env.get(name) != null && env.get(name).matches(e), where,
                name + " is " + Objects.toString(env.get(name), "unset") + ", expected " + e));
    }

    /**
     * What a service needs of its container on any platform: its settings, probes, mounts, the key it signs its calls'
     * tokens with, one id per replica, GPU.
     */
    static void check(Problems p, Contract.Service s, Container c, Setup setup) {
        String where = c.where();
        Map<String, Value> env = c.env();
        Map<String, Value> expected = new HashMap<>(setup.expected());
        expected.put("QUARKUS_HTTP_PORT", Value.of(String.valueOf(s.port())));
        expected.put("DISTILL_PUBLIC_URL", Value.of("http://" + s.name() + ":" + s.port()));
        sameAs(p, where, env, expected);
        Contract.ENV.stream().filter(name -> !expected.containsKey(name)).forEach(name -> p.expect(env.containsKey(name)
                && !(env.get(name).kind().equals("value") && env.get(name).text().isBlank()), where,
                name + " is not set"));
        for (String server : text(env, "KAFKA_BOOTSTRAP_SERVERS").split(",")) {
            p.expect(setup.brokers() == null || setup.brokers().contains(server.trim()), where,
                    "KAFKA_BOOTSTRAP_SERVERS " + server + " is not one of " + setup.brokers());
        }
        String truststore = text(env, "KAFKA_SSL_TRUSTSTORE_LOCATION");
        Mount ca = c.mounts().get(truststore);
        p.expect(setup.ca() == null || ca != null && setup.ca().equals(ca.source()), where,
                "KAFKA_SSL_TRUSTSTORE_LOCATION " + truststore + " is not " + setup.ca());
        c.probes().forEach((kind, probe) -> {
            String get = ":" + s.port() + PROBES.get(kind);
            p.expect(probe != null && get.equals(":" + probe.port() + probe.path()), where,
                    "no " + kind + " probe of " + get);
            if (probe != null) {
                // Readiness takes up to 2 s to say that Kafka is down (its check gives up after 1.5 s): a probe that
                // gave up sooner would time out rather than hear why, and one that asked again sooner would pile up.
                p.expect(probe.timeout() >= Contract.PROBE_TIMEOUT_SECONDS, where, kind + " probe timeout "
                        + probe.timeout() + " s is under " + Contract.PROBE_TIMEOUT_SECONDS + " s");
                p.expect(probe.period() >= probe.timeout(), where, kind + " probe period " + probe.period()
                        + " s is under its timeout");
            }
        });
        // A replica keeps nothing of its own: its data come read-only, and it writes only caches and scratch.
        Mount data = c.mounts().get(text(env, "DISTILL_DATA_DIR"));
        p.expect(data != null && data.readOnly(), where, "DISTILL_DATA_DIR is not mounted read-only");
        c.mounts().forEach((path, m) -> p.expect(Set.of("emptyDir", "tmpfs", "secret").contains(m.kind())
                || m == data && m.kind().equals("volume"), where, path + " is mounted from a " + m.kind()
                + ", not a cache"));
        // It signs its own tokens for the services it calls (ServiceTokens), with the issuer's private key.
        Mount signKey = c.mounts().get(text(env, "SMALLRYE_JWT_SIGN_KEY_LOCATION"));
        p.expect(s.calls().isEmpty() || signKey != null && signKey.kind().equals("secret"), where, "cannot sign"
                + " tokens to call " + String.join(", ", s.calls()) + ": SMALLRYE_JWT_SIGN_KEY_LOCATION is not a"
                + " mounted secret");
        Mount store = c.mounts().get(text(env, "DISTILL_STORE_DIR"));
        p.expect(store == null ? c.writableRoot() : !store.readOnly(), where, "DISTILL_STORE_DIR is not writable");
        p.expect(c.fixed().isEmpty(), where, "sets " + c.fixed() + ", which every replica would share");
        Value podName = new Value("field", null, "metadata.name", null);
        Contract.PLATFORM_ENV.forEach(name -> p.expect(env.get(name) == null || env.get(name).matches(podName), where,
                name + " is " + env.get(name) + ", which every replica would share"));
        boolean onGpu = setup.gpu() && s.trains();
        String device = text(env, "DISTILL_DEVICE");
        p.expect(device.isEmpty() || (onGpu ? Set.of("gpu") : Set.of("auto", "cpu")).contains(device), where,
                "DISTILL_DEVICE is " + device + (onGpu ? ", expected gpu" : ", expected auto or cpu"));
        p.expect(c.gpu() == onGpu, where, onGpu ? "asks for no GPU" : "asks for a GPU where none is expected");
        p.expect(c.image().endsWith("-cuda") == onGpu, where, "image " + c.image() + (onGpu ? " is not" : " is")
                + " a CUDA build");
    }
}
