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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The names the deploy files must carry, as docs/api.md fixes them. */
final class Contract {

    /**
     * A service: its module and image name, port, the topics it publishes and consumes, whether it trains, and the
     * services it calls over HTTP with tokens it signs itself (downloads of artifacts and of data sets' arrays, which
     * teacher-service serves to every service, itself included; re-streams of expired transfer sets).
     */
    record Service(String name, int port, List<String> publishes, List<String> consumes, boolean trains,
            List<String> calls) {}

    static final List<Service> SERVICES = List.of(
            new Service("teacher-service", 8081, List.of("teacher-models", "datasets", "distill-progress"),
                    List.of("datasets"), true, List.of("teacher-service")),
            new Service("soft-target-service", 8082, List.of("soft-targets", "transfer-sets", "distill-progress"),
                    List.of("teacher-models", "datasets"), false, List.of("teacher-service")),
            new Service("student-service", 8083, List.of("student-models", "distill-progress"),
                    List.of("soft-targets", "transfer-sets", "datasets"), true,
                    List.of("teacher-service", "soft-target-service")),
            new Service("specialist-service", 8084, List.of("specialist-ensembles", "distill-progress"),
                    List.of("soft-targets", "transfer-sets", "teacher-models", "student-models", "datasets"), true,
                    List.of("teacher-service", "student-service", "soft-target-service")));

    /** Every service reads these; a deployment must set each one (the last two: how tokens are verified). */
    static final List<String> ENV = List.of("QUARKUS_HTTP_PORT", "KAFKA_BOOTSTRAP_SERVERS", "DISTILL_DATA_DIR",
            "DISTILL_STORE_DIR", "DISTILL_PUBLIC_URL", "DISTILL_DEVICE", "DISTILL_ENGINE",
            "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
            "DISTILL_OBJECT_STORE_ENDPOINT", "DISTILL_OBJECT_STORE_BUCKET", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "MP_JWT_VERIFY_ISSUER");

    /** Read by every service and set by the platform (a pod's name, a container's id), unlike a fixed value. */
    static final List<String> PLATFORM_ENV = List.of("HOSTNAME");

    /** Readiness answers within 2 s even with Kafka down, so a probe that waits this long hears why. */
    static final int PROBE_TIMEOUT_SECONDS = 3;

    /**
     * The topics that keep the latest event of each key forever (cleanup.policy compact, alone): a service that starts
     * later, or a new consumer group reading from the earliest offset, still learns every model, set and data set.
     */
    static final Set<String> COMPACTED = Set.of("teacher-models", "student-models", "transfer-sets",
            "specialist-ensembles", "datasets");

    /** How long soft-targets must keep a transfer set, so new students can replay it without the teacher. */
    static final long SOFT_TARGET_RETENTION_MS = 7L * 24 * 3600 * 1000;

    private Contract() {}

    /**
     * A variable whose name says it holds a credential, whoever reads it (the services, PostgreSQL, MinIO; JAAS holds a
     * password): from a Secret in Kubernetes, from a variable in compose, never inline.
     */
    static boolean isCredential(String name) {
        return name.matches("(?i).*(PASSWORD|SECRET|ACCESS_KEY|USERNAME|JAAS).*|.*_USER");
    }

    /** Every topic in the contract, then {@code <topic>.dlq} for every topic a service consumes. */
    static Set<String> topics() {
        Set<String> topics = new LinkedHashSet<>();
        SERVICES.forEach(s -> topics.addAll(s.publishes()));
        SERVICES.forEach(s -> topics.addAll(s.consumes()));
        SERVICES.forEach(s -> s.consumes().forEach(consumed -> topics.add(consumed + ".dlq")));
        return topics;
    }

    /** The service named {@code name}. */
    static Service service(String name) {
        return SERVICES.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    /**
     * A service's configuration: distill-server's META-INF/microprofile-config.properties (what every service shares,
     * when it is there) with the service's own application.properties over it, as Quarkus reads them: a
     * {@code ${name}} in a value is the property {@code name}, such as the group id {@code ${quarkus.application.name}}.
     */
    static Properties properties(Service s) {
        Properties p = new Properties();
        for (String file : List.of("distill-server/src/main/resources/META-INF/microprofile-config.properties",
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
        Pattern reference = Pattern.compile("\\$\\{([^}:]+)}");
        p.stringPropertyNames().forEach(key -> p.setProperty(key, reference.matcher(p.getProperty(key))
                .replaceAll(m -> Matcher.quoteReplacement(p.getProperty(m.group(1), m.group())))));
        return p;
    }

    /** The repository root: Maven passes it; a run from the module directory finds it too. */
    static Path repo() {
        Path root = Path.of(System.getProperty("distill.repo.dir", ".."));
        return (Files.isDirectory(root.resolve("deploy")) ? root : Path.of(".")).toAbsolutePath().normalize();
    }
}
