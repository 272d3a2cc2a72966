package io.distill.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** deploy/local/s3.sh runs a real S3 server with the services' bucket for the AWS SDK v2, and stops it completely. */
class LocalS3ScriptTest {


    @TempDir
    Path work;

    @Test
    void startedServerServesTheBucketToTheAwsSdkAndStopLeavesNoProcess() throws Exception {
        int port = LocalScript.freePort();
        String endpoint = "http://127.0.0.1:" + port;
        long pid;
        try {
            assertThat(run("start", port).exitCode()).isZero();
            pid = Long.parseLong(Files.readString(work.resolve("server.pid")).trim());
            assertThat(ProcessHandle.of(pid)).get().matches(ProcessHandle::isAlive);
            LocalScript.Result status = run("status", port);
            assertThat(status.exitCode()).isZero();
            assertThat(status.output()).contains("running (pid " + pid + ") on " + endpoint);

            byte[] artifact = new byte[2 * 1024 * 1024];
            new Random(3).nextBytes(artifact);
            try (S3Client s3 = S3ServerTest.client(endpoint, "script-key", "script-secret")) {
                s3.putObject(r -> r.bucket("script-check").key("artifacts/student.params"),
                        RequestBody.fromBytes(artifact));
                assertThat(s3.getObjectAsBytes(r -> r.bucket("script-check").key("artifacts/student.params"))
                        .asByteArray()).isEqualTo(artifact);
                assertThat(s3.listObjectsV2(r -> r.bucket("script-check")).contents())
                        .extracting(S3Object::key).containsExactly("artifacts/student.params");
            }
        } finally {
            assertThat(run("stop", port).exitCode()).isZero();
        }

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(work.resolve("server.pid")).doesNotExist();
        assertThat(work.resolve("data")).doesNotExist();
        assertThat(LocalScript.portOpen(port)).isFalse();
        assertThat(run("status", port).exitCode()).isEqualTo(3);
    }

    private LocalScript.Result run(String command, int port) throws IOException, InterruptedException {
        return new LocalScript("s3").run(command, Map.of("S3_PORT", Integer.toString(port), "S3_WORK_DIR",
                work.toString(), "DISTILL_OBJECT_STORE_BUCKET", "script-check", "AWS_ACCESS_KEY_ID", "script-key",
                "AWS_SECRET_ACCESS_KEY", "script-secret", "S3_HEAP", "256m"));
    }
}
