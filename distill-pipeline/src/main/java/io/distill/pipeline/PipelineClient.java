package io.distill.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.core.events.JobResult;
import io.distill.core.events.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Starts one pipeline with a single {@code POST /teachers} carrying a plan, follows every job it
 * spawns on {@code distill-progress}, then prints the results table. Used by
 * {@code deploy/local/run.sh}.
 *
 * <pre>
 * PipelineClient BODY_FILE TEACHER_URL SOFT_TARGET_URL STUDENT_URL SPECIALIST_URL [TIMEOUT_MINUTES] [--check]
 * </pre>
 *
 * Kafka settings come from {@code KAFKA_*} environment variables, as for the services
 * ({@link KafkaSettings}): {@code KAFKA_BOOTSTRAP_SERVERS}, and for TLS or SASL
 * {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG} and so on.
 *
 * Exit status: 0 when every job the plan names succeeded (and, with {@code --check}, the distilled
 * student of the full set has fewer test errors than the hard one); 1 otherwise; 2 for bad usage.
 */
public final class PipelineClient {

    private static final Map<String, String> ROOTS = Map.of("teacher-service", "/teachers",
            "soft-target-service", "/transfer-sets", "student-service", "/students",
            "specialist-service", "/ensembles");
    /** After a failure, wait this long without events before deciding nothing else will come. */
    private static final Duration QUIET_AFTER_FAILURE = Duration.ofMinutes(2);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, String> urls = new HashMap<>();
    /** How many jobs, children included, each replica ran to their end. */
    private final Map<String, Integer> byInstance = new java.util.TreeMap<>();

    private PipelineClient(String teacher, String softTargets, String students, String specialists) {
        urls.put("teacher-service", teacher);
        urls.put("soft-target-service", softTargets);
        urls.put("student-service", students);
        urls.put("specialist-service", specialists);
    }

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>(List.of(args));
        boolean check = positional.remove("--check");
        if (positional.size() < 5 || positional.size() > 6) {
            System.err.println("usage: PipelineClient BODY_FILE TEACHER_URL SOFT_TARGET_URL STUDENT_URL"
                    + " SPECIALIST_URL [TIMEOUT_MINUTES] [--check]   (Kafka settings from KAFKA_* variables)");
            System.exit(2);
        }
        JsonNode body = Json.mapper().readTree(Files.readString(Path.of(positional.get(0))));
        Duration timeout = Duration.ofMinutes(positional.size() == 6 ? Long.parseLong(positional.get(5)) : 180);
        PipelineClient client = new PipelineClient(positional.get(1), positional.get(2), positional.get(3),
                positional.get(4));
        System.exit(client.run(body, KafkaSettings.from(System.getenv()), timeout, check));
    }

    private int run(JsonNode body, Map<String, Object> kafka, Duration timeout, boolean check) throws Exception {
        int expected = expectedJobs(body.path("plan"));
        List<JsonNode> results = follow(body, kafka, expected, timeout);
        ResultsTable table = ResultsTable.of(results, this::job);
        System.out.println();
        System.out.print(table.render());
        System.out.println();
        System.out.println("Jobs by replica (children included): " + byInstance);
        boolean allSucceeded = results.size() == expected
                && results.stream().allMatch(r -> "SUCCEEDED".equals(r.path("state").asText()));
        if (!allSucceeded) {
            System.out.printf("%d of the %d jobs the plan names succeeded.%n",
                    results.stream().filter(r -> "SUCCEEDED".equals(r.path("state").asText())).count(), expected);
            return 1;
        }
        if (check && !table.distilledBeatsHard()) {
            System.out.println("Check failed: the distilled student does not have fewer test errors than the hard one.");
            return 1;
        }
        return 0;
    }

    /** The teacher job, each transfer set, and each student and ensemble the plan lists. */
    static int expectedJobs(JsonNode plan) {
        int jobs = 1;
        for (JsonNode set : plan.path("transferSets")) {
            jobs += 1 + set.path("students").size() + set.path("ensembles").size();
        }
        return jobs;
    }

    /** Posts the teacher and follows distill-progress until every expected job has ended. */
    private List<JsonNode> follow(JsonNode body, Map<String, Object> kafka, int expected, Duration timeout)
            throws Exception {
        Map<String, JsonNode> ended = new LinkedHashMap<>();
        ProgressBoard board = new ProgressBoard(System.out, System.console() != null
                && !"dumb".equals(System.getenv("TERM")));
        try (KafkaConsumer<String, String> consumer = ProgressFeed.open(kafka)) {
            JsonNode teacher = post("teacher-service", body);
            System.out.printf("Started teacher job %s; %d jobs in this pipeline.%n", teacher.path("id").asText(),
                    expected);
            long deadline = System.nanoTime() + timeout.toNanos();
            long lastEvent = System.nanoTime();
            while (ended.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    JsonNode event = Json.mapper().readTree(record.value());
                    board.update(record.key(), event);
                    lastEvent = System.nanoTime();
                    // A child job (an ensemble member, a specialist) ends before its parent: wait for the parent.
                    boolean result = JobResult.TYPE.equals(event.path("type").asText());
                    if (result) {
                        byInstance.merge(event.path("instance").asText("none"), 1, Integer::sum);
                    }
                    if (result && !event.hasNonNull("parentId")) {
                        ended.put(record.key(), event);
                    }
                }
                boolean failed = ended.values().stream().anyMatch(e -> !"SUCCEEDED".equals(e.path("state").asText()));
                if (failed && System.nanoTime() - lastEvent > QUIET_AFTER_FAILURE.toNanos()) {
                    break;
                }
            }
        }
        return new ArrayList<>(ended.values());
    }

    private JsonNode post(String service, JsonNode body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(service, ""))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + uri(service, "") + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return Json.mapper().readTree(response.body());
    }

    /** GET of one job's record; an empty object when it cannot be read. */
    private JsonNode job(String service, String id) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(service, "/" + id)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Json.mapper().readTree(response.body())
                    : Json.mapper().createObjectNode();
        } catch (IOException e) {
            return Json.mapper().createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Json.mapper().createObjectNode();
        }
    }

    private URI uri(String service, String path) {
        return URI.create(urls.get(service) + ROOTS.get(service) + path);
    }
}
