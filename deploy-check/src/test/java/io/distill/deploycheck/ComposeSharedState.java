package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the shared state of deploy/docker-compose.yml as docs/api.md's "Replicas"
 * asks: PostgreSQL and MinIO with health checks and volumes, the bucket one-shot, services that hold
 * nothing of their own and can be scaled, and the gateway that publishes their ports.
 */
final class ComposeSharedState {

    static final String POSTGRES = "postgres";
    static final String MINIO = "minio";
    static final String BUCKET = "minio-bucket";
    static final String GATEWAY = "gateway";
    private static final Pattern INTERPOLATED = Pattern.compile("\\$\\{[A-Z_][A-Z0-9_]*(:?[-?][^}]*)?}");
    private static final Pattern REQUIRED = Pattern.compile("\\$\\{[A-Z_][A-Z0-9_]*:?\\?[^}]*}");

    private ComposeSharedState() {}

    /** Every problem of the shared state, in the file as written (before docker-compose interpolates it). */
    static List<String> check(JsonNode compose) {
        JsonNode services = compose.path("services");
        Set<String> declared = new HashSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(declared::add);
        List<String> problems = new ArrayList<>();
        problems.addAll(postgres(services, declared));
        problems.addAll(minio(services, declared));
        problems.addAll(bucket(services));
        for (Contract.Service s : Contract.SERVICES) {
            if (services.has(s.name())) {
                problems.addAll(service(s, services));
            }
        }
        problems.addAll(gateway(services));
        problems.addAll(credentials(services));
        return problems;
    }

    static List<String> postgres(JsonNode services, Set<String> declared) {
        JsonNode pg = services.path(POSTGRES);
        if (pg.isMissingNode()) {
            return List.of("no postgres service");
        }
        List<String> problems = new ArrayList<>();
        if (!pg.path("image").asText().startsWith("postgres:")) {
            problems.add("postgres: image " + pg.path("image").asText() + " is not the official postgres image");
        }
        Map<String, String> env = ComposeChecks.env(pg);
        for (String name : List.of("POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD")) {
            if (env.getOrDefault(name, "").isBlank()) {
                problems.add("postgres: env " + name + " is not set");
            }
        }
        if (!pg.path("healthcheck").path("test").toString().contains("pg_isready")) {
            problems.add("postgres: no pg_isready health check");
        }
        problems.addAll(namedVolume(POSTGRES, pg, "/var/lib/postgresql/data", declared));
        return problems;
    }

    static List<String> minio(JsonNode services, Set<String> declared) {
        JsonNode minio = services.path(MINIO);
        if (minio.isMissingNode()) {
            return List.of("no minio service");
        }
        List<String> problems = new ArrayList<>();
        if (!minio.path("image").asText().startsWith("minio/minio")) {
            problems.add("minio: image " + minio.path("image").asText() + " is not minio/minio");
        }
        List<String> command = new ArrayList<>();
        minio.path("command").forEach(c -> command.add(c.asText()));
        int server = command.indexOf("server");
        if (server < 0 || server + 1 >= command.size()) {
            problems.add("minio: command " + command + " does not run 'server <dir>'");
        } else {
            problems.addAll(namedVolume(MINIO, minio, command.get(server + 1), declared));
        }
        Map<String, String> env = ComposeChecks.env(minio);
        for (String name : List.of("MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD")) {
            if (env.getOrDefault(name, "").isBlank()) {
                problems.add("minio: env " + name + " is not set");
            }
        }
        if (minio.path("healthcheck").path("test").isMissingNode()) {
            problems.add("minio: no health check");
        }
        return problems;
    }

    private static List<String> namedVolume(String where, JsonNode svc, String path, Set<String> declared) {
        ComposeChecks.Mount m = ComposeChecks.mounts(svc).get(path);
        if (m == null || m.readOnly() || !declared.contains(m.source())) {
            return List.of(where + ": " + path + " is not a writable named volume");
        }
        return List.of();
    }

    /** The one-shot creates the services' bucket in MinIO, with MinIO's credentials, once MinIO is healthy. */
    static List<String> bucket(JsonNode services) {
        JsonNode job = services.path(BUCKET);
        if (job.isMissingNode()) {
            return List.of("no " + BUCKET + " service");
        }
        List<String> problems = new ArrayList<>();
        String script = ComposeChecks.text(job.path("entrypoint")) + "\n" + ComposeChecks.text(job.path("command"));
        if (!script.contains("mc mb") || !script.contains("$$DISTILL_OBJECT_STORE_BUCKET")) {
            problems.add(BUCKET + ": does not create the bucket DISTILL_OBJECT_STORE_BUCKET (mc mb)");
        }
        if (!"no".equals(job.path("restart").asText("no"))) {
            problems.add(BUCKET + ": a one-shot must not restart");
        }
        ComposeChecks.expectCondition(problems, BUCKET, job.path("depends_on"), MINIO, "service_healthy");
        problems.addAll(objectStoreEnv(BUCKET, ComposeChecks.env(job), services));
        return problems;
    }

    /** A service: the database and the object store of this file, and nothing that stops it from scaling. */
    private static List<String> service(Contract.Service s, JsonNode services) {
        JsonNode svc = services.path(s.name());
        String where = s.name();
        List<String> problems = new ArrayList<>();
        JsonNode depends = svc.path("depends_on");
        ComposeChecks.expectCondition(problems, where, depends, POSTGRES, "service_healthy");
        ComposeChecks.expectCondition(problems, where, depends, MINIO, "service_healthy");
        ComposeChecks.expectCondition(problems, where, depends, BUCKET, "service_completed_successfully");
        Map<String, String> env = ComposeChecks.env(svc);
        Map<String, String> pg = ComposeChecks.env(services.path(POSTGRES));
        expect(problems, where, env, "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgres:5432/" + pg.get("POSTGRES_DB"));
        expect(problems, where, env, "QUARKUS_DATASOURCE_USERNAME", pg.get("POSTGRES_USER"));
        expect(problems, where, env, "QUARKUS_DATASOURCE_PASSWORD", pg.get("POSTGRES_PASSWORD"));
        problems.addAll(objectStoreEnv(where, env, services));
        String store = env.get("DISTILL_STORE_DIR");
        if (store != null && ComposeChecks.mounts(svc).containsKey(store)) {
            problems.add(where + ": DISTILL_STORE_DIR is a volume; it is a cache only, the state is in PostgreSQL and MinIO");
        }
        if (!ComposeChecks.ports(svc).isEmpty()) {
            problems.add(where + ": publishes host port(s) " + ComposeChecks.ports(svc) + ", so it cannot be scaled; the gateway publishes them");
        }
        for (String fixed : List.of("container_name", "hostname")) {
            if (svc.has(fixed)) {
                problems.add(where + ": sets " + fixed + ", which every replica would share");
            }
        }
        for (String name : Contract.PLATFORM_ENV) {
            if (env.containsKey(name)) {
                problems.add(where + ": sets " + name + ", which every replica would share; Docker sets it to the container's id");
            }
        }
        return problems;
    }

    /** The MinIO endpoint, MinIO's own credentials, and the bucket that the one-shot creates. */
    private static List<String> objectStoreEnv(String where, Map<String, String> env, JsonNode services) {
        List<String> problems = new ArrayList<>();
        Map<String, String> minio = ComposeChecks.env(services.path(MINIO));
        expect(problems, where, env, "DISTILL_OBJECT_STORE_ENDPOINT", "http://minio:9000");
        expect(problems, where, env, "AWS_ACCESS_KEY_ID", minio.get("MINIO_ROOT_USER"));
        expect(problems, where, env, "AWS_SECRET_ACCESS_KEY", minio.get("MINIO_ROOT_PASSWORD"));
        if (!where.equals(BUCKET)) {
            expect(problems, where, env, "DISTILL_OBJECT_STORE_BUCKET",
                    ComposeChecks.env(services.path(BUCKET)).get("DISTILL_OBJECT_STORE_BUCKET"));
        }
        return problems;
    }

    private static void expect(List<String> problems, String where, Map<String, String> env, String name, String value) {
        if (!env.containsKey(name) || !env.get(name).equals(value)) {
            problems.add(where + ": " + name + " is " + env.get(name) + ", expected " + value);
        }
    }

    /** The gateway publishes each service's port and passes it to the service's name, which Docker's DNS resolves. */
    static List<String> gateway(JsonNode services) {
        JsonNode gateway = services.path(GATEWAY);
        if (gateway.isMissingNode()) {
            return List.of("no " + GATEWAY + " service");
        }
        List<String> problems = new ArrayList<>();
        String script = ComposeChecks.text(gateway.path("entrypoint")) + "\n" + ComposeChecks.text(gateway.path("command"));
        if (!script.contains("resolver 127.0.0.11")) {
            problems.add(GATEWAY + ": does not resolve names with Docker's DNS at request time (resolver 127.0.0.11)");
        }
        for (Contract.Service s : Contract.SERVICES) {
            String port = String.valueOf(s.port());
            if (!ComposeChecks.ports(gateway).contains(port + ":" + port)) {
                problems.add(GATEWAY + ": port " + port + " is not published as " + port + ":" + port);
            }
            Pattern route = Pattern.compile("listen " + port + ";[^\n]*\\s" + Pattern.quote(s.name() + ":" + port) + ";");
            if (!route.matcher(script).find()) {
                problems.add(GATEWAY + ": port " + port + " does not pass to " + s.name() + ":" + port);
            }
        }
        return problems;
    }

    /**
     * A secret is a required variable, ${NAME:?message}, never a literal or a default in the file; a
     * user name may have a local default.
     */
    static List<String> credentials(JsonNode services) {
        List<String> problems = new ArrayList<>();
        services.fields().forEachRemaining(svc -> ComposeChecks.env(svc.getValue()).forEach((name, value) -> {
            if (!Contract.isCredential(name)) {
                return;
            }
            if (!INTERPOLATED.matcher(value).matches()) {
                problems.add(svc.getKey() + ": credential " + name + " is written inline; use ${VARIABLE:?message}");
            } else if (isSecret(name) && !REQUIRED.matcher(value).matches()) {
                problems.add(svc.getKey() + ": secret " + name + " has a default in the file; use ${VARIABLE:?message}");
            }
        }));
        return problems;
    }

    private static boolean isSecret(String name) {
        return name.contains("PASSWORD") || name.contains("SECRET");
    }
}
