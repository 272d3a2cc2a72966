package io.distill.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.events.JobResult;
import io.distill.contract.json.Json;
import io.distill.contract.requests.DatasetNames;
import io.distill.pipeline.report.EndedJobs;
import io.distill.pipeline.report.ProgressLog;
import io.distill.pipeline.report.ResultsTable;
import io.distill.pipeline.report.RunFolder;
import io.distill.pipeline.report.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Starts one pipeline with a single {@code POST /teachers} carrying a plan, follows every job it
 * spawns on {@code distill-progress}, then prints the results table. Used by
 * {@code deploy/local/run.sh}.
 *
 * <pre>
 * PipelineClient BODY_FILE TEACHER_URL SOFT_TARGET_URL STUDENT_URL SPECIALIST_URL [TIMEOUT_MINUTES] [--check] [--run-dir DIR]
 * </pre>
 *
 * A bearer token with roles distill-submit and distill-read comes from {@code DISTILL_TOKEN} when the
 * services authenticate callers (deploy/local/token.sh prints one). Kafka settings come from
 * {@code KAFKA_*} environment variables, as for the services
 * ({@link KafkaSettings}): {@code KAFKA_BOOTSTRAP_SERVERS}, and for TLS or SASL
 * {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG} and so on.
 *
 * With {@code --run-dir DIR} it keeps the run in {@code DIR} ({@link RunFolder}): every event it
 * reads in {@code progress.jsonl}, the POST's answer in {@code teacher-job.json}, each ended job's
 * record under {@code jobs/}, and at the end {@code results.json}, {@code results.md} and the plots.
 * If {@code DIR} already holds {@code teacher-job.json} it posts nothing: it reads distill-progress
 * from the beginning (the folder's broker holds only this run) and rewrites {@code progress.jsonl}
 * from it, so no event is written twice.
 *
 * Exit status: 0 when every job the plan names succeeded (and, with {@code --check}, the distilled
 * student of the full set has fewer test errors than the hard one); 1 otherwise; 2 for bad usage.
 */
public final class PipelineClient {

    /** After a failure, wait this long without events before deciding nothing else will come. */
    private static final Duration QUIET_AFTER_FAILURE = Duration.ofMinutes(2);

    private final JobsApi api;
    private final RunFolder folder;
    /** How many jobs, children included, each replica ran to their end. */
    private final Map<String, Integer> byInstance = new TreeMap<>();

    private PipelineClient(JobsApi api, RunFolder folder) {
        this.api = api;
        this.folder = folder;
    }

    public static void main(String[] args) throws Exception {
        // The report's plots are drawn without a display.
        System.setProperty("java.awt.headless", "true");
        List<String> positional = new ArrayList<>(List.of(args));
        boolean check = positional.remove("--check");
        int runDir = positional.indexOf("--run-dir");
        RunFolder folder = null;
        if (runDir >= 0 && runDir + 1 < positional.size()) {
            folder = new RunFolder(Path.of(positional.remove(runDir + 1)));
            positional.remove(runDir);
        }
        if (positional.size() < 5 || positional.size() > 6 || positional.contains("--run-dir")) {
            System.err.println("usage: PipelineClient BODY_FILE TEACHER_URL SOFT_TARGET_URL STUDENT_URL"
                    + " SPECIALIST_URL [TIMEOUT_MINUTES] [--check] [--run-dir DIR]   (Kafka settings from KAFKA_* variables)");
            System.exit(2);
        }
        JsonNode body = Json.mapper().readTree(Files.readString(Path.of(positional.get(0))));
        Duration timeout = Duration.ofMinutes(positional.size() == 6 ? Long.parseLong(positional.get(5)) : 180);
        JobsApi api = new JobsApi(Map.of("teacher-service", positional.get(1), "soft-target-service",
                positional.get(2), "student-service", positional.get(3), "specialist-service", positional.get(4)),
                Optional.ofNullable(System.getenv("DISTILL_TOKEN")));
        System.exit(new PipelineClient(api, folder).run(body, KafkaSettings.from(System.getenv()), timeout, check));
    }

    private int run(JsonNode body, Map<String, Object> kafka, Duration timeout, boolean check) throws Exception {
        int expected = expectedJobs(body.path("plan"));
        EndedJobs ended = follow(body, kafka, expected, timeout);
        ResultsTable table;
        if (folder != null) {
            saveRecords(ended.results());
            try {
                table = RunReport.regenerate(folder);
            } catch (RuntimeException e) {
                // The run's outcome still counts, and deploy/local/report.sh can redraw the report later.
                System.err.println("Could not write the report in " + folder.dir() + ": " + e);
                table = ResultsTable.of(ended.results(), folder::job);
            }
        } else {
            table = ResultsTable.of(ended.results(), api::job);
        }
        System.out.println();
        System.out.print(table.render());
        System.out.println();
        System.out.println("Jobs by replica (children included): " + byInstance);
        if (folder != null) {
            System.out.println("Results, job records and plots are in " + folder.dir()
                    + " (deploy/local/report.sh redraws them from there).");
        }
        if (ended.count() != expected || ended.anyFailed()) {
            System.out.printf("%d of the %d jobs the plan names succeeded.%n", ended.succeeded(), expected);
            return 1;
        }
        if (check && !table.distilledBeatsHard()) {
            System.out.println("Check failed: the distilled student does not have fewer test errors than the hard one.");
            return 1;
        }
        return 0;
    }

    /**
     * Whether the board is redrawn in place: {@code DISTILL_BOARD} {@code live} or {@code plain} (run.sh sets it
     * from whether its output is a terminal, as its child has no console), else whether this process has one.
     */
    static boolean liveBoard() {
        String board = System.getenv("DISTILL_BOARD");
        if (board != null && !board.isBlank()) {
            return "live".equals(board);
        }
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    /** The teacher job, each transfer set, and each student and ensemble the plan lists. */
    static int expectedJobs(JsonNode plan) {
        int jobs = 1;
        for (JsonNode set : plan.path("transferSets")) {
            jobs += 1 + set.path("students").size() + set.path("ensembles").size();
        }
        return jobs;
    }

    /** Posts the teacher (or, resuming, finds it in the run folder) and follows distill-progress until every expected job has ended. */
    private EndedJobs follow(JsonNode body, Map<String, Object> kafka, int expected, Duration timeout)
            throws Exception {
        EndedJobs ended = new EndedJobs();
        boolean resume = folder != null && folder.start() == RunFolder.Start.RESUME;
        try (KafkaConsumer<String, String> consumer = ProgressFeed.open(kafka, resume);
                ProgressLog log = folder == null ? null : folder.newProgressLog()) {
            String teacherJobId;
            if (resume) {
                teacherJobId = folder.teacherJob().path("id").asText();
                System.out.printf("Resuming teacher job %s from %s: reading distill-progress from the beginning.%n",
                        teacherJobId, folder.dir());
            } else {
                JsonNode teacher = api.post("teacher-service", body);
                if (folder != null) {
                    folder.saveTeacherJob(teacher);
                }
                teacherJobId = teacher.path("id").asText();
                System.out.printf("Started teacher job %s; %d jobs in this pipeline.%n", teacherJobId, expected);
            }
            ProgressBoard board = new ProgressBoard(System.out, liveBoard(), PlannedJobs.of(teacherJobId, body));
            long deadline = System.nanoTime() + timeout.toNanos();
            long lastEvent = System.nanoTime();
            boolean failureSaid = false;
            while (ended.count() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    JsonNode event = Json.mapper().readTree(record.value());
                    if (log != null) {
                        log.append(event);
                    }
                    board.update(record.key(), event);
                    lastEvent = System.nanoTime();
                    if (JobResult.TYPE.equals(event.path("type").asText())) {
                        byInstance.merge(event.path("instance").asText("none"), 1, Integer::sum);
                    }
                    ended.accept(event);
                }
                if (ended.anyFailed() && !failureSaid) {
                    board.say(String.format("A job failed: following the others until %d minutes pass without"
                            + " an event.", QUIET_AFTER_FAILURE.toMinutes()));
                    failureSaid = true;
                }
                if (ended.anyFailed() && System.nanoTime() - lastEvent > QUIET_AFTER_FAILURE.toNanos()) {
                    board.say(String.format("Stopped following: %d minutes without an event after a failure. Not"
                            + " ended: %s.", QUIET_AFTER_FAILURE.toMinutes(), String.join("; ", board.notEnded())));
                    break;
                }
            }
            if (ended.count() < expected && System.nanoTime() >= deadline) {
                board.say(String.format("Timed out after %d minutes (PIPELINE_TIMEOUT_MINUTES): %s. Not ended: %s.",
                        timeout.toMinutes(), board.total(), String.join("; ", board.notEnded())));
            }
        }
        return ended;
    }

    /**
     * Saves each ended job's record and its children's (a teacher ensemble's members, an ensemble's
     * specialists and control: what each cost in attempts), and the record of each transfer set a job
     * trained on, for the report.
     */
    private void saveRecords(List<JsonNode> results) {
        for (JsonNode result : results) {
            String service = result.path("service").asText();
            JsonNode job = save(service, result.path("jobId").asText());
            for (JsonNode child : job.path("children")) {
                save(service, child.asText());
            }
            String set = job.path("request").path("transferSetId").asText("");
            if (!set.isEmpty()) {
                save("soft-target-service", set);
            }
            // A registered set's manifest gives the report its inputs, classes and name.
            String dataset = job.path("request").path("dataset").asText("");
            if (!dataset.isEmpty() && !DatasetNames.NAMES.contains(dataset)) {
                save(RunFolder.DATASETS, dataset);
            }
        }
    }

    /** GETs one record and saves it; a record that cannot be read leaves any saved one in place. */
    private JsonNode save(String service, String id) {
        JsonNode job = api.job(service, id);
        if (job.size() > 0) {
            folder.saveJob(service, id, job);
        }
        return job.size() > 0 ? job : folder.job(service, id);
    }
}
