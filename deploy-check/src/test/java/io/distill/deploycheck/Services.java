package io.distill.deploycheck;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** What every service needs on Kubernetes and in compose alike: its variables, health checks in time, the shared state. */
final class Services {

    /** Where a variable comes from: a literal {@code value}, a key of a {@code configMap} (with its text) or a {@code secret}, a field. */
    record Value(String kind, String name, String key, String text) {
        static Value of(String text) {
            return new Value("value", null, null, text);
        }

        /** An expected literal matches any source with its text; an expected reference, that very key. */
        boolean matches(Value expected) {
            return expected != null && ("value".equals(expected.kind()) ? expected.text().equals(text)
                    : expected.kind().equals(kind) && Objects.equals(expected.name(), name) && Objects.equals(expected.key(), key));
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

    /** How every service talks to a secure Kafka, on Kubernetes and with docker-compose.scram.yml. */
    static final Map<String, Value> SECURE_KAFKA = Map.of("KAFKA_SECURITY_PROTOCOL", Value.of("SASL_SSL"),
            "KAFKA_SASL_MECHANISM", Value.of("SCRAM-SHA-512"), "KAFKA_SSL_TRUSTSTORE_TYPE", Value.of("PEM"));

    private Services() {}

    /** The text of a variable; empty when it is unset or a reference. */
    static String text(Map<String, Value> env, String name) {
        Value v = env.get(name);
        return v == null || v.text() == null ? "" : v.text();
    }

    /** Each variable of the contract is set, the port and public URL are the service's own, and the device is one there is. */
    static void variables(Problems p, Contract.Service s, String where, Map<String, Value> env) {
        Contract.ENV.forEach(name -> p.expect(env.containsKey(name) && !(env.get(name).kind().equals("value")
                && env.get(name).text().isBlank()), where + ": env " + name + " is not set"));
        String port = text(env, "QUARKUS_HTTP_PORT");
        String url = text(env, "DISTILL_PUBLIC_URL");
        String device = text(env, "DISTILL_DEVICE");
        p.expect(port.isEmpty() || port.equals(String.valueOf(s.port())), where + ": QUARKUS_HTTP_PORT " + port + " is not its port");
        String own = "http://" + s.name() + ":" + s.port();
        p.expect(url.isEmpty() || url.equals(own), where + ": DISTILL_PUBLIC_URL is " + url + ", expected " + own);
        p.expect(device.isEmpty() || Set.of("auto", "cpu", "gpu").contains(device), where + ": DISTILL_DEVICE is " + device);
    }

    /**
     * A probe or health check answers in time: readiness takes up to 2 s to say that Kafka is down (its check gives up after
     * 1.5 s), so a shorter timeout would time out rather than hear why; and it is not asked again before.
     */
    static void timing(Problems p, String where, long timeout, long period) {
        p.expect(timeout >= Contract.PROBE_TIMEOUT_SECONDS, where + " timeout " + timeout + " s is under " + Contract.PROBE_TIMEOUT_SECONDS
                + " s");
        p.expect(period >= timeout, where + " period " + period + " s is under its timeout " + timeout + " s");
    }

    /** Each variable of {@code expected} is as there: a literal with its text, a reference to that very key. */
    static void sameAs(Problems p, String where, Map<String, Value> env, Map<String, Value> expected) {
        expected.forEach((name, e) -> p.expect(env.get(name) != null && env.get(name).matches(e),
                where + ": " + name + " is " + env.get(name) + ", expected " + e));
    }
}
