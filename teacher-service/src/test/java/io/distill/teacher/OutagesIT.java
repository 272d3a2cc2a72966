package io.distill.teacher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.datasets.DatasetFormat;
import io.distill.contract.datasets.DatasetManifest;
import io.distill.contract.datasets.DatasetManifestBuilder;
import io.distill.contract.datasets.ElementType;
import io.distill.contract.datasets.InputShape;
import io.distill.contract.events.Topics;
import io.distill.contract.json.Json;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.LocalServer;
import io.distill.testkit.ServiceReplica;
import io.distill.testkit.TopicReader;
import io.distill.testkit.TopicWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged teacher-service on a PostgreSQL server and an object store that restart under it, as
 * an operator's restart or a failover does: a job running through either outage still succeeds, the
 * API answers 503 with Retry-After meanwhile, a record that arrives on a topic meanwhile is handled
 * once the database is back (not dead-lettered), a job whose replica keeps dying is FAILED at the
 * attempt cap, and a cancel ends a job that was recovered after a restart.
 */
class OutagesIT {

    private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
    private static final String ONE_RUNNING = "distill_jobs{state=\"running\"} 1.0";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String JOB = "{\"hidden\": [256, 256], \"epochs\": %d, \"trainLimit\": 6000,"
            + " \"batchSize\": 100}";

    private static LocalServer postgres;
    private static LocalServer objects;
    private static ServiceReplica replica;

    @BeforeAll
    static void start() throws Exception {
        Path work = Path.of("target", "outages").toAbsolutePath();
        postgres = LocalServer.postgres(work.resolve("postgres"));
        objects = LocalServer.objectStore(work.resolve("s3"));
        ServiceReplica.Cluster cluster = new ServiceReplica.Cluster(
                Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath(), postgres.database(),
                objects.bucket(), KafkaBroker.bootstrapServers(), work);
        replica = ServiceReplica.start(cluster, "teacher-outages", Map.of("DISTILL_JOBS_OUTAGE_RETRY_DELAY", "5s"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (replica != null) {
            replica.close();
        }
        if (objects != null) {
            objects.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aJobAndARecordRunThroughADatabaseRestartWhileTheApiAnswers503() throws Exception {
        String id = replica.post("/teachers", JOB.formatted(30)).path("id").asText();
        awaitJob(id, j -> j.path("epoch").asInt() >= 2, Duration.ofMinutes(3));
        DatasetManifest announced = announcedDuringOutage();
        // The gauges count the jobs every 5 s: once they have counted this one, the outage must not lose it.
        Awaitility.await("the running job counted").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> send("GET", "/q/metrics").body(), body -> body.contains(ONE_RUNNING));

        postgres.stop();
        try {
            TopicWriter.send(Topics.DATASETS, announced.datasetId(), announced);
            assertUnavailable(send("GET", "/teachers/" + id), "the database");
            assertUnavailable(send("POST", "/teachers"), "the database");
            assertUnavailable(send("POST", "/teachers/" + id + "/cancel"), "the database");
            HttpResponse<String> metrics = send("GET", "/q/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains(ONE_RUNNING);
            Thread.sleep(20_000);
        } finally {
            postgres.start();
        }

        assertSucceedsAfterEpoch(id, 30);
        JsonNode known = Awaitility.await("the data set announced during the outage").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> send("GET", "/datasets/" + announced.datasetId()), r -> r.statusCode() == 200)
                .body().transform(OutagesIT::json);
        assertThat(known.path("name").asText()).isEqualTo(announced.name());
        assertThat(TopicReader.readAll(Topics.dlq(Topics.DATASETS), announced.datasetId()::equals)).isEmpty();
    }

    /** A set as another replica would announce it; only its record matters here, not its arrays. */
    private static DatasetManifest announcedDuringOutage() {
        return DatasetManifestBuilder.builder().datasetId("ds-0123456789abcdef").name("outage-table")
                .format(DatasetFormat.CSV).shape(InputShape.vector(3)).type(ElementType.FLOAT32)
                .classNames(List.of("a", "b")).splits(new DatasetManifest.SplitSizes(12, 1, 3))
                .validation("last-twelfth-of-train").scaling("standard").files(List.of())
                .arraysUri("http://teacher-service/datasets/ds-0123456789abcdef/arrays").arraysSha256("0".repeat(64))
                .heapBytes(1024).registeredAt(Instant.now()).build();
    }

    private static JsonNode json(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aJobRunsThroughAnObjectStoreRestartAndDownloadsAnswer503Meanwhile() throws Exception {
        String first = replica.post("/teachers", JOB.formatted(1)).path("id").asText();
        String model = awaitJob(first, j -> FINAL.contains(j.path("state").asText()), Duration.ofMinutes(3))
                .path("modelIds").get(0).asText();
        String id = replica.post("/teachers", JOB.formatted(20)).path("id").asText();
        awaitJob(id, j -> j.path("epoch").asInt() >= 2, Duration.ofMinutes(3));

        objects.stop();
        try {
            assertUnavailable(send("GET", "/models/" + model + "/artifact"), "the object store");
            Thread.sleep(30_000);
        } finally {
            objects.start();
        }

        assertSucceedsAfterEpoch(id, 20);
    }

    @Test
    void aJobWhoseReplicaDiesAtEveryStartIsFailedAtTheAttemptCapAndACancelEndsARecoveredJob() throws Exception {
        String id = replica.post("/teachers", JOB.formatted(200)).path("id").asText();
        for (int attempt = 1; attempt <= 3; attempt++) {
            int expected = attempt;
            awaitJob(id, j -> j.path("attempts").asInt() == expected && j.path("epoch").asInt() >= 1
                    && "RUNNING".equals(j.path("state").asText()), Duration.ofMinutes(3));
            replica.kill();
            replica.restart();
        }
        JsonNode failed = awaitJob(id, j -> FINAL.contains(j.path("state").asText()), Duration.ofMinutes(2));
        assertThat(failed.path("state").asText()).isEqualTo("FAILED");
        assertThat(failed.path("error").asText()).contains("started 3 times", "distill.jobs.max-attempts");

        String recovered = replica.post("/teachers", JOB.formatted(200)).path("id").asText();
        awaitJob(recovered, j -> j.path("epoch").asInt() >= 1, Duration.ofMinutes(3));
        replica.kill();
        replica.restart();
        awaitJob(recovered, j -> j.path("attempts").asInt() == 2 && "RUNNING".equals(j.path("state").asText()),
                Duration.ofMinutes(2));
        assertThat(send("POST", "/teachers/" + recovered + "/cancel").statusCode()).isEqualTo(200);
        JsonNode cancelled = awaitJob(recovered, j -> FINAL.contains(j.path("state").asText()),
                Duration.ofSeconds(30));
        assertThat(cancelled.path("state").asText()).isEqualTo("CANCELLED");
    }

    /** A 503 problem that asks the client to come back, says what is away, and not where it is. */
    private static void assertUnavailable(HttpResponse<String> answer, String what) {
        assertThat(answer.statusCode()).as(answer.uri() + ": " + answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("10");
        assertThat(answer.body()).contains(what + " is unavailable").doesNotContain("127.0.0.1");
    }

    private static void assertSucceedsAfterEpoch(String id, int epochs) {
        JsonNode done = awaitJob(id, j -> FINAL.contains(j.path("state").asText()), Duration.ofMinutes(5));
        assertThat(done.path("state").asText()).as(done.path("error").asText()).isEqualTo("SUCCEEDED");
        assertThat(done.path("metrics").path("lastEpoch").asInt()).isEqualTo(epochs);
    }

    private static JsonNode awaitJob(String id, Predicate<JsonNode> until, Duration timeout) {
        return Awaitility.await("teacher job " + id).atMost(timeout).pollInterval(Duration.ofMillis(500))
                .until(() -> job(id), j -> j != null && until.test(j));
    }

    /** The job, or null while the service cannot show it (it answers 503 during an outage). */
    private static JsonNode job(String id) throws IOException, InterruptedException {
        HttpResponse<String> answer = send("GET", "/teachers/" + id);
        return answer.statusCode() == 200 ? Json.mapper().readTree(answer.body()) : null;
    }

    private static HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher body = method.equals("POST") && path.equals("/teachers")
                ? HttpRequest.BodyPublishers.ofString(JOB.formatted(1)) : HttpRequest.BodyPublishers.noBody();
        return HTTP.send(HttpRequest.newBuilder(URI.create(replica.url() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").method(method, body).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
