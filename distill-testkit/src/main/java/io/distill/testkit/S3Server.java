package io.distill.testkit;

import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * A real S3-compatible server (S3Proxy on its filesystem backend) in the test JVM, as a Quarkus test resource.
 *
 * <p>The server starts once per JVM on a free port, keeps its objects under {@code target/}, and stops
 * when the JVM exits, like {@link KafkaBroker}; it is found through system properties, since Quarkus
 * loads each test profile in its own class loader. Every {@link #start()} creates a fresh, empty
 * bucket. Clients sign with AWS Signature V2 or V4 and address buckets in path style.
 * Use it with {@code @WithTestResource(S3Server.class)}.
 */
public class S3Server implements QuarkusTestResourceLifecycleManager {

    /** A fresh bucket of the running server, with the credentials that open it. */
    public record Bucket(String endpoint, String bucket, String accessKeyId, String secretAccessKey) {
    }

    /** Any region will do for S3Proxy; the SDK needs one. */
    public static final String REGION = "us-east-1";

    /** The running server's endpoint, for every class loader of the JVM. */
    static final String ENDPOINT_PROPERTY = "testkit.object-store.endpoint";
    /** The directory the server keeps its buckets in, one subdirectory each. */
    static final String BASE_DIRECTORY_PROPERTY = "testkit.object-store.base-directory";
    /** How many buckets this JVM has created, so that every name is new. */
    static final String COUNT_PROPERTY = "testkit.object-store.buckets";

    static final String ACCESS_KEY_ID = "distill-test";
    static final String SECRET_ACCESS_KEY = "distill-test-secret";

    private static S3Proxy server;

    /** A new, empty bucket, starting the server on first use. */
    public static Bucket freshBucket() {
        String endpoint = endpoint();
        String name = "distill-" + nextNumber();
        try {
            // On the filesystem backend a bucket is a directory under the base directory.
            Files.createDirectory(Path.of(System.getProperty(BASE_DIRECTORY_PROPERTY), name));
        } catch (IOException e) {
            throw new UncheckedIOException("Creating the test bucket " + name + " failed", e);
        }
        return new Bucket(endpoint, name, ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    }

    @Override
    public Map<String, String> start() {
        Bucket bucket = freshBucket();
        return Map.of(
                "distill.object-store.endpoint", bucket.endpoint(),
                "distill.object-store.bucket", bucket.bucket(),
                "distill.object-store.access-key-id", bucket.accessKeyId(),
                "distill.object-store.secret-access-key", bucket.secretAccessKey(),
                "distill.object-store.region", REGION);
    }

    @Override
    public void stop() {
        // Shared by every test of this JVM; the shutdown hook stops it.
    }

    /** The running server's endpoint, starting it on first use. */
    static String endpoint() {
        // System properties are one object per JVM, whatever class loader this class came from.
        synchronized (System.getProperties()) {
            String running = System.getProperty(ENDPOINT_PROPERTY);
            if (running == null) {
                Path baseDirectory = createBaseDirectory();
                server = startServer(baseDirectory);
                Runtime.getRuntime().addShutdownHook(
                        new Thread(() -> shutdown(baseDirectory), "object-store-test-server-stop"));
                System.setProperty(BASE_DIRECTORY_PROPERTY, baseDirectory.toString());
                running = "http://127.0.0.1:" + server.getPort();
                System.setProperty(ENDPOINT_PROPERTY, running);
            }
            return running;
        }
    }

    private static int nextNumber() {
        synchronized (System.getProperties()) {
            int number = Integer.getInteger(COUNT_PROPERTY, 0) + 1;
            System.setProperty(COUNT_PROPERTY, Integer.toString(number));
            return number;
        }
    }

    private static Path createBaseDirectory() {
        try {
            Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
            return Files.createTempDirectory(target, "object-store-");
        } catch (IOException e) {
            throw new UncheckedIOException("Creating the test object store's directory under target/ failed", e);
        }
    }

    private static S3Proxy startServer(Path baseDirectory) {
        try {
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(new FilesystemNio2BlobStore(baseDirectory.toString()))
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY_ID, SECRET_ACCESS_KEY)
                    // At exit nobody waits for open connections to drain.
                    .stopTimeout(0)
                    .build();
            proxy.start();
            // The state of S3Proxy's (shaded) Jetty server.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .until(() -> "STARTED".equals(proxy.getState()));
            return proxy;
        } catch (Exception e) {
            throw new IllegalStateException("The in-JVM S3 test server did not start: " + e.getMessage(), e);
        }
    }

    private static synchronized void shutdown(Path baseDirectory) {
        try {
            if (server != null) {
                server.stop();
                server = null;
            }
            try (Stream<Path> files = Files.walk(baseDirectory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        } catch (Exception e) {
            // The JVM is exiting; nothing is left to protect.
        }
    }
}
