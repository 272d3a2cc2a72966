package io.distill.contract.events;

import io.distill.contract.datasets.DatasetManifest;
import static org.assertj.core.api.Assertions.assertThat;

import io.distill.contract.json.Json;
import io.distill.contract.metrics.MetricsSamples;
import io.distill.contract.requests.Architecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EventExamplesTest {

    private static final Pattern BLOCK = Pattern.compile("```json (\\w+)\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyEventRecordHasADocumentedExampleThatParsesStrictly() throws IOException {
        Map<String, String> examples = examples();

        assertThat(examples.keySet()).containsExactlyInAnyOrder(
                "ModelReady", "SoftTarget", "SoftTargetReference", "TransferSetManifest", "JobProgress", "JobResult",
                "EnsembleReady", "DatasetManifest");
        for (Map.Entry<String, String> e : examples.entrySet()) {
            Class<?> type = switch (e.getKey()) {
                case "ModelReady" -> ModelReady.class;
                case "SoftTarget", "SoftTargetReference" -> SoftTarget.class;
                case "TransferSetManifest" -> TransferSetManifest.class;
                case "JobProgress" -> JobProgress.class;
                case "EnsembleReady" -> EnsembleReady.class;
                case "DatasetManifest" -> DatasetManifest.class;
                default -> JobResult.class;
            };
            Object event = Json.strict(type).readValue(e.getValue());
            assertThat(event).as(e.getKey()).isInstanceOf(type);
        }
        SoftTarget soft = Json.mapper().readValue(examples.get("SoftTarget"), SoftTarget.class);
        assertThat(soft.pixels()).hasSize(784);
        assertThat(soft.logits()).hasSize(10);
        assertThat(soft.key()).isEqualTo("ts-41d2/0");
        assertThat(soft.byReference()).isFalse();
        SoftTarget reference = Json.mapper().readValue(examples.get("SoftTargetReference"), SoftTarget.class);
        assertThat(reference.byReference()).isTrue();
        assertThat(reference.features()).isNull();
        assertThat(reference.scores()).hasSize(10);
        assertThat(reference.key()).isEqualTo("ts-9c07/1031.2");
        TransferSetManifest manifest = Json.mapper().readValue(examples.get("TransferSetManifest"),
                TransferSetManifest.class);
        assertThat(manifest.features()).isEqualTo(FeatureForm.INLINE);
        assertThat(manifest.classes()).isEqualTo(10);
    }

    @Test
    void progressAndResultEventsSayWhichTheyAreInTypeAndTheDocumentedExamplesDoToo() throws IOException {
        JobProgress progress = JobProgressBuilder.builder().service("teacher-service").jobId("t-1").state("RUNNING")
                .epoch(1).epochs(2).progress(0.5).examplesPerSecond(100).trainLoss(0.3).validationErrors(12)
                .etaSeconds(9.0).message("epoch 1/2").timestamp(java.time.Instant.EPOCH).build();
        JobResult result = JobResultBuilder.builder().service("teacher-service").jobId("t-1").state("SUCCEEDED")
                .metrics(MetricsSamples.teacher()).modelIds(List.of()).finishedAt(java.time.Instant.EPOCH)
                .instance("teacher-service-0").build();

        assertThat(Json.mapper().valueToTree(progress).path("type").asText()).isEqualTo("progress");
        assertThat(Json.mapper().valueToTree(result).path("type").asText()).isEqualTo("result");
        // A strict reader takes its own output back, type and all.
        JobResult back = Json.strict(JobResult.class).readValue(Json.mapper().writeValueAsString(result));
        assertThat(back).isEqualTo(result);
        Map<String, String> examples = examples();
        assertThat(Json.mapper().readTree(examples.get("JobProgress")).path("type").asText()).isEqualTo("progress");
        assertThat(Json.mapper().readTree(examples.get("JobResult")).path("type").asText()).isEqualTo("result");
    }

    @Test
    void modelReadyRoundTripsThroughJson() throws IOException {
        ModelReady event = ModelReadyBuilder.builder().modelId("m").kind("student").jobId("j").member(0).ensembleSize(1)
                .dataset("mnist").architecture(Architecture.plain(784, List.of(800, 800), 10))
                .metrics(MetricsSamples.student()).artifactUri("http://localhost:8083/models/m/artifact").sha256("ab")
                .createdAt(Instant.parse("2026-11-27T12:00:00Z")).build();

        String json = Json.mapper().writeValueAsString(event);

        assertThat(Json.mapper().readValue(json, ModelReady.class)).isEqualTo(event);
        assertThat(json).contains("\"hidden\":[800,800]").contains("\"createdAt\":\"2026-11-27T12:00:00Z\"");
    }

    @Test
    void aModelReadyFromAnOlderProducerWithoutEnsembleFieldsIsALoneModel() throws IOException {
        ModelReady event = Json.mapper().readValue("{\"modelId\": \"m\", \"kind\": \"teacher\"}", ModelReady.class);

        assertThat(event.member()).isZero();
        assertThat(event.ensembleSize()).isEqualTo(1);
    }

    private static Map<String, String> examples() throws IOException {
        Path doc = Path.of("..", "docs", "events.md");
        Matcher m = BLOCK.matcher(Files.readString(doc));
        Map<String, String> examples = new LinkedHashMap<>();
        while (m.find()) {
            examples.put(m.group(1), m.group(2));
        }
        return examples;
    }
}
