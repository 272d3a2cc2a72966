package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.deploycheck.Env.Value;
import io.distill.deploycheck.ComposeChecks.Mount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The four services in the merged compose files: built from their Dockerfiles, with the contract's variables, the
 * data read-only, a readiness health check, limits, the order they start in, the shared PostgreSQL and MinIO, no
 * credential in the files, nothing that stops them from scaling, and an NVIDIA GPU where the override asks for one.
 */
final class ComposeServices {

    private static final Pattern INTERPOLATED = Pattern.compile("\\$\\{[A-Z_][A-Z0-9_]*(:?[-?][^}]*)?}");
    private static final Pattern REQUIRED = Pattern.compile("\\$\\{[A-Z_][A-Z0-9_]*:?\\?[^}]*}");
    /** What each service waits for: healthy servers, and one-shots that have finished. */
    private static final Map<String, String> STARTS_AFTER = Map.of("kafka", "service_healthy", "kafka-topics", "service_completed_successfully",
            "data", "service_completed_successfully", ComposeChecks.POSTGRES, "service_healthy", ComposeChecks.MINIO, "service_healthy",
            ComposeChecks.BUCKET, "service_completed_successfully");

    private ComposeServices() {}

    /** {@code store}: the object store's endpoint and credentials, as the bucket one-shot uses them. */
    static void check(Problems p, JsonNode compose, boolean gpu, boolean scram, boolean written, Map<String, Value> store) {
        JsonNode services = compose.path("services");
        Map<String, Value> pg = Env.of(services.path(ComposeChecks.POSTGRES));
        Map<String, Value> expected = new HashMap<>(store);
        expected.put("QUARKUS_DATASOURCE_JDBC_URL", Value.of("jdbc:postgresql://postgres:5432/" + Env.text(pg, "POSTGRES_DB")));
        expected.put("QUARKUS_DATASOURCE_USERNAME", pg.getOrDefault("POSTGRES_USER", Value.of("")));
        expected.put("QUARKUS_DATASOURCE_PASSWORD", pg.getOrDefault("POSTGRES_PASSWORD", Value.of("")));
        expected.put("DISTILL_OBJECT_STORE_BUCKET", Env.of(services.path(ComposeChecks.BUCKET)).getOrDefault("DISTILL_OBJECT_STORE_BUCKET", Value.of("")));
        Path deploy = Render.DEPLOY;
        for (Contract.Service s : Contract.SERVICES) {
            JsonNode svc = services.path(s.name());
            if (svc.isMissingNode()) {
                p.add("no service " + s.name());
                continue;
            }
            String where = s.name();
            boolean onGpu = gpu && s.trains();
            Path dockerfile = deploy.resolve(svc.path("build").path("context").asText("?")).resolve(svc.path("build").path("dockerfile").asText("?")).normalize();
            Path own = Path.of(s.name(), "src/main/docker", onGpu ? "Dockerfile.jvm-cuda" : "Dockerfile.jvm");
            p.expect(dockerfile.endsWith(own) && Files.isRegularFile(dockerfile), where + ": builds from " + dockerfile + ", expected an existing " + own);
            p.expect(!onGpu || svc.path("image").asText().endsWith("-cuda"), where + ": image " + svc.path("image").asText()
                    + " is not a CUDA build (tag ending -cuda)");
            Map<String, Value> env = Env.of(svc);
            Services.variables(p, s, where, env, Contract.ENV);
            Services.sameAs(p, where, env, expected);
            if (!scram) {
                Services.sameAs(p, where, env, Map.of("KAFKA_BOOTSTRAP_SERVERS", Value.of("kafka:9092")));
            }
            Mount data = ComposeChecks.mounts(svc).get(Env.text(env, "DISTILL_DATA_DIR"));
            p.expect(data != null && data.readOnly() && compose.path("volumes").has(data.source()), where + ": DISTILL_DATA_DIR is not a named volume mounted read-only");
            p.expect(!ComposeChecks.mounts(svc).containsKey(Env.text(env, "DISTILL_STORE_DIR")),
                    where + ": DISTILL_STORE_DIR is a volume; it is a cache only, the state is in PostgreSQL and MinIO");
            JsonNode health = svc.path("healthcheck");
            p.expect(health.path("test").toString().contains("/q/health/ready") && health.path("test").toString().contains(":" + s.port() + "/"),
                    where + ": no health check of /q/health/ready on port " + s.port());
            // Compose's defaults when unset: a 30 s timeout, every 30 s.
            Services.timing(p, where + ": health check", ComposeChecks.seconds(health.path("timeout").asText("30s")),
                    ComposeChecks.seconds(health.path("interval").asText("30s")));
            STARTS_AFTER.forEach((on, condition) -> ComposeChecks.condition(p, where, svc, on, condition));
            JsonNode resources = svc.path("deploy").path("resources");
            p.expect(resources.path("limits").has("cpus") && resources.path("limits").has("memory"), where + ": no cpus and memory limits");
            p.expect(ComposeChecks.ports(svc).isEmpty(), where + ": publishes host port(s) " + ComposeChecks.ports(svc)
                    + ", so it cannot be scaled; the gateway publishes them");
            for (String fixed : List.of("container_name", "hostname")) {
                p.expect(!svc.has(fixed), where + ": sets " + fixed + ", which every replica would share");
            }
            Contract.PLATFORM_ENV.forEach(name -> p.expect(!env.containsKey(name),
                    where + ": sets " + name + ", which every replica would share; Docker sets it to the container's id"));
            boolean reserved = false;
            for (JsonNode device : resources.path("reservations").path("devices")) {
                int count = device.path("count").asText().equals("all") ? Integer.MAX_VALUE : device.path("count").asInt(0);
                reserved |= "nvidia".equals(device.path("driver").asText()) && device.path("capabilities").toString().contains("\"gpu\"")
                        && (count > 0 || device.has("device_ids"));
            }
            p.expect(reserved == onGpu, where + (onGpu ? ": reserves no NVIDIA GPU (deploy.resources.reservations.devices)" : ": reserves a GPU where none is expected"));
            p.expect("gpu".equals(Env.text(env, "DISTILL_DEVICE")) == onGpu, where + ": DISTILL_DEVICE is " + Env.text(env, "DISTILL_DEVICE")
                    + (onGpu ? ", expected gpu" : ", but it has no GPU"));
        }
        if (written) {
            credentials(p, services);
        }
    }

    /**
     * As written, a credential is a variable, and a secret a required one ({@code ${NAME:?message}}); a user name may
     * have a default. A JAAS configuration's password is {@link ComposeKafka}'s part.
     */
    private static void credentials(Problems p, JsonNode services) {
        services.properties().forEach(svc -> Env.of(svc.getValue()).forEach((name, v) -> {
            if (Contract.isCredential(name) && !name.contains("JAAS")) {
                boolean secret = name.contains("PASSWORD") || name.contains("SECRET");
                p.expect(INTERPOLATED.matcher(v.text()).matches(), svc.getKey() + ": credential " + name + " is written inline; use ${VARIABLE:?message}");
                p.expect(!secret || !INTERPOLATED.matcher(v.text()).matches() || REQUIRED.matcher(v.text()).matches(),
                        svc.getKey() + ": secret " + name + " has a default in the file; use ${VARIABLE:?message}");
            }
        }));
    }
}
