package io.distill.server.objects;

import io.distill.server.config.DistillConfig;
import io.distill.server.outages.ObjectStoreUnavailableException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * This service's part of the shared S3-compatible object store: every key is under
 * {@code <service>/}, so services share a bucket and never each other's objects. Path-style
 * addressing, so MinIO, S3Proxy and AWS S3 all work.
 *
 * <p>The store may be away for a while (a restart, a failover). Jobs use this bean, which retries
 * a failing call with exponential backoff for {@code distill.object-store.retry-for} (the SDK's own
 * retry strategy, bounded by the call's time-out) before it gives up with an
 * {@link ObjectStoreUnavailableException}; requests use {@link #prompt()}, which gives up within
 * seconds so that the API can answer 503 at once. Errors name the object, never the endpoint or a
 * local path.
 */
@ApplicationScoped
public class ObjectStore {

    private static final Logger LOG = Logger.getLogger(ObjectStore.class);

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Duration patience;
    private final ObjectStore prompt;

    @Inject
    public ObjectStore(DistillConfig config, @ConfigProperty(name = "quarkus.application.name") String service) {
        this(config.objectStore(), service);
    }

    /** The store that {@code c} describes, under {@code service}'s prefix. */
    ObjectStore(DistillConfig.ObjectStore c, String service) {
        this.bucket = c.bucket();
        this.prefix = service + "/";
        this.patience = c.retryFor();
        this.s3 = client(c, retrying(c.retryFor(), 1_000), c.retryFor());
        this.prompt = new ObjectStore(client(c, retrying(c.promptTimeout(), 2), c.promptTimeout()), bucket, prefix,
                c.promptTimeout());
    }

    private ObjectStore(S3Client s3, String bucket, String prefix, Duration patience) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.patience = patience;
        this.prompt = this;
    }

    private static S3Client client(DistillConfig.ObjectStore c, RetryStrategy retries, Duration callTimeout) {
        return S3Client.builder()
                .endpointOverride(URI.create(c.endpoint()))
                .region(Region.of(c.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())))
                .forcePathStyle(true)
                // Checksums only where S3 requires them: S3-compatible stores differ in the trailers they accept.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(retries)
                        .apiCallTimeout(callTimeout).build())
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).build())
                .build();
    }

    /**
     * The SDK's standard strategy (connection failures, time-outs, 5xx and throttling are retried,
     * a 4xx is not), without its circuit breaker, which would stop retrying during a long outage;
     * the call's time-out, not the attempts, bounds how long it tries.
     */
    private static RetryStrategy retrying(Duration patience, int maxAttempts) {
        BackoffStrategy backoff = BackoffStrategy.exponentialDelay(Duration.ofMillis(500),
                Duration.ofMillis(Math.min(10_000, Math.max(500, patience.toMillis() / 4))));
        return AwsRetryStrategy.standardRetryStrategy().toBuilder().circuitBreakerEnabled(false)
                .maxAttempts(maxAttempts).backoffStrategy(backoff).throttlingBackoffStrategy(backoff).build();
    }

    /**
     * The bucket's {@code prefix} part instead of this service's, with the same patience: where users copy
     * files for a service to read ({@code uploads/}, the files a data set is registered from).
     */
    public ObjectStore under(String otherPrefix) {
        return new ObjectStore(s3, bucket, otherPrefix, patience);
    }

    /** The same store for a request: it gives up within seconds, so that the API answers 503 at once. */
    public ObjectStore prompt() {
        return prompt;
    }

    /** Uploads {@code file} as {@code key}. */
    public void put(String key, Path file) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(prefix + key), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw failure("store", key, e);
        }
    }

    /** Uploads {@code bytes} as {@code key}. */
    public void put(String key, byte[] bytes) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(prefix + key), RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw failure("store", key, e);
        }
    }

    /** The object's bytes, or empty when there is no such object. */
    public Optional<byte[]> read(String key) throws IOException {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    /** Downloads {@code key} to {@code file} through a temporary file; false when there is no such object. */
    public boolean download(String key, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(prefix + key))) {
            Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchKeyException e) {
            return false;
        } catch (SdkException e) {
            Files.deleteIfExists(part);
            throw failure("download", key, e);
        }
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    /** A stream of the object's bytes, {@code length} of them from {@code first} when a range is given. */
    public InputStream open(String key, Long first, Long last) throws IOException {
        try {
            return s3.getObject(b -> {
                b.bucket(bucket).key(prefix + key);
                if (first != null) {
                    b.range("bytes=" + first + "-" + (last == null ? "" : last));
                }
            });
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    /** The object's size in bytes, or empty when there is no such object. */
    public Optional<Long> size(String key) throws IOException {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(prefix + key));
            return Optional.of(head.contentLength());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("look up", key, e);
        } catch (SdkException e) {
            throw failure("look up", key, e);
        }
    }

    /** Deletes every object whose key starts with {@code keyPrefix}. */
    public void deleteAll(String keyPrefix) throws IOException {
        try {
            List<S3Object> objects = s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + keyPrefix))
                    .contents().stream().toList();
            for (S3Object object : objects) {
                s3.deleteObject(b -> b.bucket(bucket).key(object.key()));
            }
        } catch (SdkException e) {
            throw failure("delete", keyPrefix + "*", e);
        }
    }

    /** Whether the bucket answers, for readiness. */
    public void check() throws IOException {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (SdkException e) {
            throw new IOException("The object store does not answer for bucket " + bucket + ": " + cause(e), e);
        }
    }

    /**
     * A failed call, naming the object. A store that did not answer through all the retries is an
     * outage; a refusal (403, 404 on the bucket) is the store's answer, given with its status and code.
     */
    private IOException failure(String what, String key, SdkException e) {
        String object = prefix + key;
        LOG.debugf(e, "Cannot %s %s", what, object);
        if (e instanceof S3Exception s3e && s3e.statusCode() < 500 && s3e.statusCode() != 429) {
            String code = s3e.awsErrorDetails() == null ? null : s3e.awsErrorDetails().errorCode();
            return new IOException("Cannot " + what + " object " + object + ": the object store answered "
                    + s3e.statusCode() + (code == null ? "" : " " + code) + ".", e);
        }
        String why = e instanceof ApiCallTimeoutException ? "it did not answer" : "it failed (" + cause(e) + ")";
        return new ObjectStoreUnavailableException("Cannot " + what + " object " + object + ": the object store is"
                + " unavailable; " + why + " for " + patience.toSeconds() + " s of retries.", e);
    }

    /** The innermost cause's type, which says what happened without an address or a path in it. */
    private static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root instanceof S3Exception s3e ? "status " + s3e.statusCode() : root.getClass().getSimpleName();
    }

    @PreDestroy
    void close() {
        s3.close();
        if (prompt != this) {
            prompt.s3.close();
        }
    }
}
