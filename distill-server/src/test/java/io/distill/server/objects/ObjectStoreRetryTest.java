package io.distill.server.objects;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.server.config.DistillConfig;
import io.distill.server.outages.ObjectStoreUnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

/**
 * An object store that does not answer: a job's call retries for its configured time and then gives
 * up as an outage naming the object, without the store's address or the local file in the message.
 */
class ObjectStoreRetryTest {

    @Test
    void aStoreThatDoesNotAnswerIsAnOutageNamingTheObjectOnly(@TempDir Path dir) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DistillConfig.ObjectStore config = new Settings("http://127.0.0.1:" + closedPort);
        Path file = Files.writeString(dir.resolve("model.params"), "weights");
        ObjectStore store = new ObjectStore(config, "teacher-service");
        try {
            assertThatThrownBy(() -> store.put("checkpoints/t-1/model.params", file))
                    .isInstanceOf(ObjectStoreUnavailableException.class)
                    .hasMessageContaining("teacher-service/checkpoints/t-1/model.params")
                    .hasMessageContaining("the object store is unavailable")
                    .hasMessageNotContaining(Integer.toString(closedPort))
                    .hasMessageNotContaining(dir.toString())
                    // A refused connection fails in a millisecond: the call was still retrying when its time ran out.
                    .hasCauseInstanceOf(ApiCallTimeoutException.class);
            assertThatThrownBy(() -> store.prompt().read("models/m/metadata.json"))
                    .isInstanceOf(ObjectStoreUnavailableException.class)
                    .hasMessageContaining("teacher-service/models/m/metadata.json");
        } finally {
            store.close();
        }
    }

    /** The store's settings as a deployment gives them: a 3 s patience for jobs, 1 s for requests. */
    private record Settings(String endpoint) implements DistillConfig.ObjectStore {
        public String bucket() {
            return "distill";
        }

        public String region() {
            return "us-east-1";
        }

        public String accessKeyId() {
            return "distill";
        }

        public String secretAccessKey() {
            return "secret";
        }

        public Duration retryFor() {
            return Duration.ofSeconds(3);
        }

        public Duration promptTimeout() {
            return Duration.ofSeconds(1);
        }
    }
}
