package io.distill.service.objects;

import io.distill.service.config.DistillConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
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
 */
@ApplicationScoped
public class ObjectStore {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final String endpoint;

    public ObjectStore(DistillConfig config, @ConfigProperty(name = "quarkus.application.name") String service) {
        DistillConfig.ObjectStore c = config.objectStore();
        this.bucket = c.bucket();
        this.prefix = service + "/";
        this.endpoint = c.endpoint();
        this.s3 = S3Client.builder()
                .endpointOverride(URI.create(c.endpoint()))
                .region(Region.of(c.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())))
                .forcePathStyle(true)
                // Checksums only where S3 requires them: S3-compatible stores differ in the trailers they accept.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Uploads {@code file} as {@code key}. */
    public void put(String key, Path file) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(prefix + key), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw failure("store " + file + " as", key, e);
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
            throw new IOException("The object store at " + endpoint + " does not answer for bucket " + bucket + ": "
                    + e.getMessage(), e);
        }
    }

    private IOException failure(String what, String key, SdkException e) {
        return new IOException("Cannot " + what + " s3://" + bucket + "/" + prefix + key + " at " + endpoint + ": "
                + e.getMessage(), e);
    }

    @PreDestroy
    void close() {
        s3.close();
    }
}
