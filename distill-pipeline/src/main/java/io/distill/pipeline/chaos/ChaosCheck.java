package io.distill.pipeline.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.events.Topics;
import io.distill.pipeline.KafkaSettings;
import io.distill.pipeline.report.RunFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Checks a fault run's invariants in its run folder (deploy/local/chaos.sh), with the run's broker
 * still up, and writes what the faults cost into {@code chaos.md}:
 * <ul>
 *   <li>every fault of {@code chaos.log} happened: the broker restart, one kill of each service, and the
 *   database's and the object store's outages;</li>
 *   <li>every job that {@code progress.jsonl} names ended SUCCEEDED, and none completed twice;</li>
 *   <li>each transfer set's offsets on {@code soft-targets} hold exactly its count of distinct
 *       examples (duplicates from a stream started again are counted, not lost).</li>
 * </ul>
 *
 * <pre>ChaosCheck RUN_DIR</pre> Kafka settings come from {@code KAFKA_*} variables. Exit status 0
 * when every invariant holds, 1 otherwise.
 */
public final class ChaosCheck {

    /** The replicas chaos-monkey.sh kills, once each. */
    static final List<String> KILLED = List.of("teacher-service-0", "soft-target-service-0", "student-service-0",
            "specialist-service-0");

    /** How many log lines about a job that never ended the report shows. */
    private static final int LOG_LINES = 30;

    private final RunFolder folder;
    private final List<String> violations = new ArrayList<>();
    private final List<String> report = new ArrayList<>();

    ChaosCheck(RunFolder folder) {
        this.folder = folder;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ChaosCheck RUN_DIR   (Kafka settings from KAFKA_* variables)");
            System.exit(2);
        }
        ChaosCheck check = new ChaosCheck(new RunFolder(Path.of(args[0])));
        check.faults();
        check.jobs();
        check.transferSets(KafkaSettings.from(System.getenv()));
        System.exit(check.write() ? 0 : 1);
    }

    /** Every fault the monkey was to cause is in chaos.log, each service back after its kill. */
    void faults() throws IOException {
        Path log = folder.file("chaos.log");
        List<String> lines = Files.isRegularFile(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        report.add("## Faults\n");
        lines.forEach(line -> report.add("    " + line));
        report.add("");
        expect(lines, "stopping the broker while soft targets stream");
        expect(lines, "the broker is back");
        for (String server : List.of("postgres", "s3")) {
            expect(lines, "stopping " + server + " for ");
            expect(lines, server + " is back");
        }
        for (String name : KILLED) {
            expect(lines, "killed " + name + " ");
            expect(lines, name + " is back");
        }
    }

    private void expect(List<String> lines, String fragment) {
        if (lines.stream().noneMatch(line -> line.contains(fragment))) {
            violations.add("the fault run did not get to: " + fragment.trim());
        }
    }

    /** Every job ended SUCCEEDED exactly once; what each killed job cost in attempts and epochs. */
    void jobs() throws IOException {
        Map<String, List<String>> ends = new TreeMap<>();
        int resent = 0;
        Map<String, List<Integer>> epochEnds = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        List<String> unended = new ArrayList<>();
        for (JsonNode event : folder.events()) {
            String job = event.path("service").asText() + "/" + event.path("jobId").asText();
            seen.add(job);
            if ("result".equals(event.path("type").asText())) {
                // A result sent again (ResultAnnouncements) is the same event, with the same finishedAt:
                // one end. A second completion would carry a time of its own.
                String end = event.path("state").asText() + " at " + event.path("finishedAt").asText();
                List<String> jobEnds = ends.computeIfAbsent(job, k -> new ArrayList<>());
                if (jobEnds.contains(end)) {
                    resent++;
                } else {
                    jobEnds.add(end);
                }
            } else if (event.path("message").asText().matches("epoch \\d+/\\d+")) {
                epochEnds.computeIfAbsent(job, k -> new ArrayList<>()).add(event.path("epoch").asInt());
            }
        }
        for (String job : seen) {
            List<String> states = ends.getOrDefault(job, List.of());
            if (states.isEmpty()) {
                violations.add(job + " never ended");
                unended.add(job);
            } else if (!states.stream().allMatch(end -> end.startsWith("SUCCEEDED "))) {
                violations.add(job + " ended " + String.join(", ", states));
            } else if (states.size() > 1) {
                violations.add(job + " completed " + states.size() + " times");
            }
        }
        report.add("## Jobs\n");
        report.add(seen.size() + " jobs, " + ends.values().stream()
                .filter(s -> s.size() == 1 && s.get(0).startsWith("SUCCEEDED ")).count()
                + " of them SUCCEEDED once; " + resent + " result(s) sent again after a fault, the same event twice."
                + " Jobs started more than once, and the epochs they trained again:\n");
        report.add("| job | attempts | epochs trained again |");
        report.add("|---|---|---|");
        int rows = 0;
        for (String job : ends.keySet()) {
            String[] parts = job.split("/", 2);
            int attempts = folder.job(parts[0], parts[1]).path("attempts").asInt(1);
            List<Integer> epochs = epochEnds.getOrDefault(job, List.of());
            long again = epochs.size() - epochs.stream().distinct().count();
            if (attempts > 1 || again > 0) {
                report.add("| " + job + " | " + attempts + " | " + again + " |");
                rows++;
            }
        }
        if (rows == 0) {
            report.add("| (none) | | |");
        }
        report.add("");
        for (String job : unended) {
            logLines(job);
        }
    }

    /** What the replicas of job {@code service/id} logged about it, the last lines: why it never ended. */
    private void logLines(String job) throws IOException {
        String[] parts = job.split("/", 2);
        report.add("### " + job + " in its service's logs, the last " + LOG_LINES + " lines that name it\n");
        List<String> lines = new ArrayList<>();
        try (var logs = Files.list(folder.dir())) {
            for (Path log : logs.filter(f -> f.getFileName().toString().matches(parts[0] + "-\\d+\\.log")).sorted()
                    .toList()) {
                Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream().filter(line -> line.contains(parts[1]))
                        .map(line -> "    " + log.getFileName() + ": " + line).forEach(lines::add);
            }
        }
        report.addAll(lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()));
        report.add("");
    }

    /** Each transfer set's offsets hold exactly its count of distinct examples. */
    void transferSets(Map<String, Object> kafka) {
        Map<String, JsonNode> sets = new LinkedHashMap<>();
        for (JsonNode event : folder.events()) {
            JsonNode metrics = event.path("metrics");
            if ("result".equals(event.path("type").asText()) && "transfer-set".equals(metrics.path("kind").asText())) {
                sets.put(event.path("jobId").asText(), metrics);
            }
        }
        report.add("## Transfer sets\n");
        report.add("| transfer set | count | distinct examples in its offsets | events in its offsets | duplicates |");
        report.add("|---|---|---|---|---|");
        Map<String, Object> settings = KafkaSettings.with(kafka, Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            for (Map.Entry<String, JsonNode> set : sets.entrySet()) {
                long count = set.getValue().path("count").asLong();
                long[] found = read(consumer, set.getKey(), set.getValue().path("offsets"));
                report.add("| " + set.getKey() + " | " + count + " | " + found[0] + " | " + found[1] + " | "
                        + (found[1] - found[0]) + " |");
                if (found[0] != count) {
                    violations.add("transfer set " + set.getKey() + " holds " + found[0] + " distinct examples, not " + count);
                }
            }
        }
        if (sets.isEmpty()) {
            violations.add("no transfer set ended");
        }
        report.add("");
    }

    /** Distinct examples and events of set {@code id} in its inclusive offset ranges, by partition. */
    private static long[] read(KafkaConsumer<String, byte[]> consumer, String id, JsonNode offsets) {
        String prefix = id + "/";
        Set<String> distinct = new HashSet<>();
        long events = 0;
        for (Map.Entry<String, JsonNode> range : offsets.properties()) {
            TopicPartition partition = new TopicPartition(Topics.SOFT_TARGETS, Integer.parseInt(range.getKey()));
            long from = range.getValue().path(0).asLong();
            long to = range.getValue().path(1).asLong();
            consumer.assign(List.of(partition));
            consumer.seek(partition, from);
            long position = from;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (position <= to && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    position = record.offset() + 1;
                    if (record.offset() <= to && record.key() != null && record.key().startsWith(prefix)) {
                        distinct.add(record.key().substring(prefix.length()));
                        events++;
                    }
                }
            }
        }
        return new long[] {distinct.size(), events};
    }

    /** Writes chaos.md and prints it; true when every invariant holds. */
    boolean write() throws IOException {
        List<String> out = new ArrayList<>();
        out.add("# Fault run\n");
        out.add(violations.isEmpty() ? "Every invariant holds: every job SUCCEEDED once, and every transfer set holds"
                + " exactly its count of distinct examples.\n" : "Invariants broken:\n");
        violations.forEach(v -> out.add("- " + v));
        if (!violations.isEmpty()) {
            out.add("");
        }
        out.addAll(report);
        String text = String.join("\n", out) + "\n";
        RunFolder.writeAtomically(folder.file("chaos.md"), text.getBytes(StandardCharsets.UTF_8));
        System.out.print(text);
        return violations.isEmpty();
    }
}
