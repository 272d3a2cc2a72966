package io.distill.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.testkit.S3Server.Bucket;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The test object store is a real S3 server for the AWS SDK v2: objects round-trip, buckets start empty. */
class S3ServerTest {

    @Test
    void freshBucketRoundTripsObjectsThroughTheAwsSdk() {
        Bucket bucket = S3Server.freshBucket();
        byte[] checkpoint = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(checkpoint);

        try (S3Client s3 = client(bucket, bucket.secretAccessKey())) {
            s3.putObject(r -> r.bucket(bucket.bucket()).key("models/teacher-1/checkpoint.params"),
                    RequestBody.fromBytes(checkpoint));
            s3.putObject(r -> r.bucket(bucket.bucket()).key("models/teacher-1/metrics.json"),
                    RequestBody.fromString("{\"testErrors\":118}"));

            byte[] read = s3.getObjectAsBytes(r -> r.bucket(bucket.bucket()).key("models/teacher-1/checkpoint.params"))
                    .asByteArray();
            byte[] range = s3.getObjectAsBytes(r -> r.bucket(bucket.bucket())
                    .key("models/teacher-1/checkpoint.params").range("bytes=1000-1999")).asByteArray();
            assertThat(read).isEqualTo(checkpoint);
            assertThat(range).isEqualTo(Arrays.copyOfRange(checkpoint, 1000, 2000));
            assertThat(s3.listObjectsV2(r -> r.bucket(bucket.bucket()).prefix("models/teacher-1/")).contents())
                    .extracting(S3Object::key, S3Object::size)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("models/teacher-1/checkpoint.params",
                                    (long) checkpoint.length),
                            org.assertj.core.groups.Tuple.tuple("models/teacher-1/metrics.json", 18L));
        }
    }

    @Test
    void twoFreshBucketsAreSeparate() {
        Bucket first = S3Server.freshBucket();
        Bucket second = S3Server.freshBucket();
        assertThat(first.bucket()).isNotEqualTo(second.bucket());

        try (S3Client s3 = client(first, first.secretAccessKey())) {
            s3.putObject(r -> r.bucket(first.bucket()).key("only-in-first"), RequestBody.fromString("x"));
            assertThat(s3.listObjectsV2(r -> r.bucket(second.bucket())).contents()).isEmpty();
        }
    }

    @Test
    void wrongSecretIsRefused() {
        Bucket bucket = S3Server.freshBucket();

        try (S3Client s3 = client(bucket, "wrong")) {
            assertThatThrownBy(() -> s3.listObjectsV2(r -> r.bucket(bucket.bucket())))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void everyStartHandsQuarkusANewBucket() {
        Map<String, String> first = new S3Server().start();
        Map<String, String> second = new S3Server().start();

        assertThat(first).containsOnlyKeys("distill.object-store.endpoint", "distill.object-store.bucket",
                "distill.object-store.access-key-id", "distill.object-store.secret-access-key",
                "distill.object-store.region");
        assertThat(first).containsEntry("distill.object-store.region", "us-east-1");
        assertThat(first.get("distill.object-store.endpoint")).startsWith("http://127.0.0.1:");
        assertThat(second.get("distill.object-store.bucket")).isNotEqualTo(first.get("distill.object-store.bucket"));
    }

    /** The client settings a service needs against S3Proxy: endpoint, path style, checksums only when required. */
    static S3Client client(String endpoint, String accessKeyId, String secretAccessKey) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(S3Server.REGION))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .build();
    }

    private static S3Client client(Bucket bucket, String secretAccessKey) {
        return client(bucket.endpoint(), bucket.accessKeyId(), secretAccessKey);
    }
}
