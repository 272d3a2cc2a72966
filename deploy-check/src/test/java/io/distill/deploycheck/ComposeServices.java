package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.deploycheck.ComposeChecks.Mount;
import io.distill.deploycheck.Services.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks the four services of the merged compose files, which must start in order, scale, share the state and keep no credential. */
final class ComposeServices {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[A-Z_][A-Z0-9_]*(:?[-?][^}]*)?}");
    private static final Pattern REQUIRED = Pattern.compile("\\$\\{[A-Z_][A-Z0-9_]*:?\\?[^}]*}");
    /** What each service waits for: healthy servers, and one-shots that have finished. */
    private static final Map<String, String> STARTS_AFTER = Map.of("kafka", "service_healthy", "postgres", "service_healthy",
            "minio", "service_healthy", "kafka-topics", "service_completed_successfully", "data", "service_completed_successfully",
            "minio-bucket", "service_completed_successfully");

    private ComposeServices() {}

    /** {@code store}: the object store's endpoint and credentials, as the bucket one-shot uses them. */
    static void check(Problems p, JsonNode compose, boolean gpu, boolean scram, boolean written, Map<String, Value> store) {
        JsonNode services = compose.path("services");
        Map<String, Value> pg = ComposeChecks.env(services.path("postgres"));
        Map<String, Value> expected = new HashMap<>(store);
        expected.put("QUARKUS_DATASOURCE_JDBC_URL", Value.of("jdbc:postgresql://postgres:5432/" + Services.text(pg, "POSTGRES_DB")));
        expected.put("QUARKUS_DATASOURCE_USERNAME", Value.of(Services.text(pg, "POSTGRES_USER")));
        expected.put("QUARKUS_DATASOURCE_PASSWORD", Value.of(Services.text(pg, "POSTGRES_PASSWORD")));
        expected.put("DISTILL_OBJECT_STORE_BUCKET", Value.of(Services.text(ComposeChecks.env(services.path("minio-bucket")),
                "DISTILL_OBJECT_STORE_BUCKET")));
        if (!scram) {
            expected.put("KAFKA_BOOTSTRAP_SERVERS", Value.of("kafka:9092"));
        }
        for (Contract.Service s : Contract.SERVICES) {
            JsonNode svc = services.path(s.name());
            String where = s.name();
            boolean onGpu = gpu && s.trains();
            Map<String, Value> env = ComposeChecks.env(svc);
            Path dockerfile = Render.DEPLOY.resolve(svc.at("/build/context").asText("?")).resolve(svc.at("/build/dockerfile").asText("?"))
                    .normalize();
            Path own = Path.of(s.name(), "src/main/docker", onGpu ? "Dockerfile.jvm-cuda" : "Dockerfile.jvm");
            p.expect(dockerfile.endsWith(own) && Files.isRegularFile(dockerfile), where + ": builds from " + dockerfile + ", expected "
                    + own);
            p.expect(!onGpu || svc.path("image").asText().endsWith("-cuda"), where + ": image " + svc.path("image").asText()
                    + " is not a CUDA build");
            Services.variables(p, s, where, env);
            Services.sameAs(p, where, env, expected);
            Mount data = ComposeChecks.mounts(svc).get(Services.text(env, "DISTILL_DATA_DIR"));
            p.expect(data != null && data.readOnly() && compose.path("volumes").has(data.source()),
                    where + ": the data is not a named volume, read-only");
            p.expect(!ComposeChecks.mounts(svc).containsKey(Services.text(env, "DISTILL_STORE_DIR")),
                    where + ": DISTILL_STORE_DIR is a volume; it is a cache");
            JsonNode health = svc.path("healthcheck");
            p.expect(health.path("test").toString().contains(":" + s.port() + "/q/health/ready"),
                    where + ": no health check of /q/health/ready");
            // Compose's defaults when unset: a 30 s timeout, every 30 s.
            Services.timing(p, where + ": health check", ComposeChecks.seconds(health.path("timeout").asText("30s")),
                    ComposeChecks.seconds(health.path("interval").asText("30s")));
            STARTS_AFTER.forEach((on, condition) -> ComposeChecks.condition(p, where, svc, on, condition));
            p.expect(svc.at("/deploy/resources/limits").has("cpus") && svc.at("/deploy/resources/limits").has("memory"),
                    where + ": no cpus and memory limits");
            // A fixed name, host port or HOSTNAME would be every replica's: "--scale" could not start a second one, or they would share an
            // id.
            p.expect(ComposeChecks.ports(svc).isEmpty(), where + ": publishes host port(s) " + ComposeChecks.ports(svc)
                    + "; the gateway does");
            List.of("container_name", "hostname").forEach(fixed -> p.expect(!svc.has(fixed), where + ": sets " + fixed
                    + ", so it cannot scale"));
            Contract.PLATFORM_ENV.forEach(name -> p.expect(!env.containsKey(name), where + ": sets " + name
                    + "; Docker makes it the container's id"));
            boolean reserved = false;
            for (JsonNode device : svc.at("/deploy/resources/reservations/devices")) {
                reserved |= "nvidia".equals(device.path("driver").asText()) && K8sSecurity.texts(device.path("capabilities"))
                        .contains("gpu")
                        && (device.path("count").asText().equals("all") || device.path("count").asInt(0) > 0 || device.has("device_ids"));
            }
            p.expect(reserved == onGpu, where + (onGpu ? ": reserves no NVIDIA GPU" : ": reserves a GPU where none is expected"));
            p.expect("gpu".equals(Services.text(env, "DISTILL_DEVICE")) == onGpu, where + ": DISTILL_DEVICE is " + Services.text(env,
                    "DISTILL_DEVICE"));
        }
        if (written) {
            // As written, a credential is a variable and a secret a required one; a user name may have a default.
            services.properties().forEach(svc -> ComposeChecks.env(svc.getValue()).forEach((name, v) -> {
                boolean credential = Contract.isCredential(name) && !name.contains("JAAS");
                p.expect(!credential || VARIABLE.matcher(v.text()).matches(), svc.getKey() + ": credential " + name + " is written inline");
                p.expect(!credential || !name.matches(".*(PASSWORD|SECRET).*") || !VARIABLE.matcher(v.text()).matches()
                        || REQUIRED.matcher(v.text()).matches(), svc.getKey() + ": secret " + name
                        + " has a default; use ${VARIABLE:?message}");
            }));
        }
    }
}
