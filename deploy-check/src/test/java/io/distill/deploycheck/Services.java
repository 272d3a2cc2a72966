package io.distill.deploycheck;

import io.distill.deploycheck.Env.Value;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What every service needs on Kubernetes and in compose alike: its variables, sound health checks, the shared state. */
final class Services {

    /** How every service talks to a secure Kafka, on Kubernetes and with docker-compose.scram.yml. */
    static final Map<String, Value> SECURE_KAFKA = Map.of("KAFKA_SECURITY_PROTOCOL", Value.of("SASL_SSL"),
            "KAFKA_SASL_MECHANISM", Value.of("SCRAM-SHA-512"), "KAFKA_SSL_TRUSTSTORE_TYPE", Value.of("PEM"));

    private Services() {}

    /** Each of {@code required} is set, the port and public URL are the service's own, and the device is one there is. */
    static void variables(Problems p, Contract.Service s, String where, Map<String, Value> env, List<String> required) {
        for (String name : required) {
            p.expect(env.containsKey(name) && env.get(name).isSet(), where + ": env " + name + " is not set");
        }
        String port = Env.text(env, "QUARKUS_HTTP_PORT");
        p.expect(port.isEmpty() || port.equals(String.valueOf(s.port())), where + ": QUARKUS_HTTP_PORT is " + port + ", expected " + s.port());
        String url = Env.text(env, "DISTILL_PUBLIC_URL");
        String own = "http://" + s.name() + ":" + s.port();
        p.expect(url.isEmpty() || url.equals(own), where + ": DISTILL_PUBLIC_URL is " + url + ", expected " + own);
        String device = Env.text(env, "DISTILL_DEVICE");
        p.expect(device.isEmpty() || Set.of("auto", "cpu", "gpu").contains(device),
                where + ": DISTILL_DEVICE is " + device + ", expected auto, cpu or gpu");
    }

    /**
     * A probe or health check answers in time: readiness takes up to 2 s to say that Kafka is down (its check gives
     * up after 1.5 s), so a shorter timeout would time out rather than hear why; and it is not asked again before.
     */
    static void timing(Problems p, String where, long timeout, long period) {
        p.expect(timeout >= Contract.PROBE_TIMEOUT_SECONDS, where + " timeout " + timeout + " s is under "
                + Contract.PROBE_TIMEOUT_SECONDS + " s (readiness may take up to 2 s to say Kafka is down)");
        p.expect(period >= timeout, where + " period " + period + " s is under its timeout " + timeout + " s");
    }

    /** Each variable of {@code expected} is as there: a literal with its text, a reference to that very key. */
    static void sameAs(Problems p, String where, Map<String, Value> env, Map<String, Value> expected) {
        expected.forEach((name, e) -> p.expect(env.get(name) != null && env.get(name).matches(e),
                where + ": " + name + " is " + env.get(name) + ", expected " + e));
    }
}
