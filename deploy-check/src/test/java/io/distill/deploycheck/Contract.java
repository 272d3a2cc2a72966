package io.distill.deploycheck;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/** The names the deploy files must carry, as docs/api.md fixes them. */
final class Contract {

    private Contract() {}

    /** A service: its module and image name, port, and the topics it publishes and consumes. */
    record Service(String name, int port, List<String> publishes, List<String> consumes, boolean trains) {}

    static final List<Service> SERVICES = List.of(
            new Service("teacher-service", 8081, List.of("teacher-models", "distill-progress"), List.of(), true),
            new Service("soft-target-service", 8082, List.of("soft-targets", "transfer-sets", "distill-progress"),
                    List.of("teacher-models"), false),
            new Service("student-service", 8083, List.of("student-models", "distill-progress"),
                    List.of("soft-targets", "transfer-sets"), true),
            new Service("specialist-service", 8084, List.of("specialist-ensembles", "distill-progress"),
                    List.of("soft-targets", "transfer-sets", "teacher-models", "student-models"), true));

    /** Every service reads these; a deployment must set each one (the last two: how tokens are verified). */
    static final List<String> ENV = List.of("QUARKUS_HTTP_PORT", "KAFKA_BOOTSTRAP_SERVERS", "DISTILL_DATA_DIR",
            "DISTILL_STORE_DIR", "DISTILL_PUBLIC_URL", "DISTILL_DEVICE", "DISTILL_ENGINE",
            "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
            "DISTILL_OBJECT_STORE_ENDPOINT", "DISTILL_OBJECT_STORE_BUCKET", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_REGION", "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "MP_JWT_VERIFY_ISSUER");

    /**
     * How a service logs in to a secure Kafka (SASL/SCRAM-SHA-512 over TLS): set on Kubernetes and by the
     * compose override docker-compose.scram.yml, not in docs/api.md's table, since a plaintext broker
     * (deploy/local, plain compose) needs none of them. Quarkus maps each to a {@code kafka.*} client setting.
     */
    static final List<String> KAFKA_SECURITY_ENV = List.of("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM",
            "KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_TYPE", "KAFKA_SSL_TRUSTSTORE_LOCATION");

    /** The credentials among {@link #ENV}: from a Secret in Kubernetes, from a variable in compose, never inline. */
    static final List<String> CREDENTIALS = List.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");

    /**
     * Read by every service but set by the platform: Kubernetes makes HOSTNAME the pod's name, Docker the
     * container's id. A fixed value would give every replica the same id.
     */
    static final List<String> PLATFORM_ENV = List.of("HOSTNAME");

    /**
     * A variable whose name says it holds a credential, whoever reads it (the services, PostgreSQL, MinIO);
     * a JAAS configuration holds a password.
     */
    static boolean isCredential(String name) {
        return CREDENTIALS.contains(name) || name.matches("(?i).*(PASSWORD|SECRET|ACCESS_KEY|USERNAME|JAAS).*|.*_USER");
    }

    /**
     * The shortest timeout a service's probe or health check may have, in seconds. Readiness answers
     * within 2 s even with Kafka down (its Kafka check gives up after 1.5 s), so a probe with this
     * timeout hears the 503 and its reason rather than timing out itself.
     */
    static final int PROBE_TIMEOUT_SECONDS = 3;

    /** The topics soft-targets must keep at least this long, so new students can replay a set. */
    static final long SOFT_TARGET_RETENTION_MS = 7L * 24 * 3600 * 1000;

    /** Every topic in the contract, then {@code <topic>.dlq} for every topic a service consumes. */
    static Set<String> topics() {
        Set<String> topics = new LinkedHashSet<>();
        SERVICES.forEach(s -> topics.addAll(s.publishes()));
        SERVICES.forEach(s -> topics.addAll(s.consumes()));
        SERVICES.forEach(s -> s.consumes().forEach(consumed -> topics.add(consumed + ".dlq")));
        return topics;
    }

    /**
     * A service's configuration: distill-service's META-INF/microprofile-config.properties (what every service
     * shares, when it is there) with the service's own application.properties over it, as Quarkus reads them.
     */
    static Properties properties(Service s) {
        Properties p = new Properties();
        for (String file : List.of("distill-service/src/main/resources/META-INF/microprofile-config.properties",
                s.name() + "/src/main/resources/application.properties")) {
            Path path = repo().resolve(file);
            if (Files.isRegularFile(path)) {
                try (Reader r = Files.newBufferedReader(path)) {
                    p.load(r);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
                }
            }
        }
        return p;
    }

    /** The repository root: Maven passes it; a run from the module directory finds it too. */
    static Path repo() {
        String dir = System.getProperty("distill.repo.dir");
        Path root = dir != null ? Path.of(dir) : Path.of("..");
        if (!Files.isDirectory(root.resolve("deploy"))) {
            root = Path.of(".");
        }
        return root.toAbsolutePath().normalize();
    }
}
