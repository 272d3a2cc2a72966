package io.distill.contract.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.distill.contract.events.EnsembleReady;
import io.distill.contract.events.EnsembleReadyBuilder;
import io.distill.contract.events.JobResult;
import io.distill.contract.events.JobResultBuilder;
import io.distill.contract.events.ModelReady;
import io.distill.contract.events.ModelReadyBuilder;
import io.distill.contract.jobs.Job;
import io.distill.contract.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunMetricsJsonTest {

    @Test
    void eachKindWritesTheFieldNamesTheContractFixesAfterItsKind() {
        assertThat(fields(MetricsSamples.teacher())).startsWith("kind")
                .contains("testErrors", "testTotal", "validationErrors", "perClassErrors");
        assertThat(fields(MetricsSamples.student())).startsWith("kind")
                .contains("testErrors", "testTotal", "perClassErrors", "biasAdjustment");
        assertThat(fields(Json.mapper().valueToTree(MetricsSamples.student()).get("biasAdjustment"))).containsExactly(
                "classes", "bias", "validationErrorsBefore", "validationErrorsAfter", "testErrorsBefore",
                "testErrorsAfter", "testErrorsOnMissingBefore", "testErrorsOnMissingAfter");
        JsonNode ensemble = Json.mapper().valueToTree(MetricsSamples.ensemble());
        assertThat(fields(ensemble)).startsWith("kind")
                .contains("generalistTestErrors", "ensembleTestErrors", "specialists", "byCoverage");
        assertThat(fields(ensemble.get("specialists").get(0))).contains("classes", "trainExamples",
                "subsetTestAccuracy");
        assertThat(fields(ensemble.get("byCoverage").get(0))).containsSubsequence("specialistsCovering", "examples",
                "generalistCorrect", "ensembleCorrect", "controlCorrect");
        assertThat(fields(ensemble.get("control"))).contains("epochs", "examples", "testErrors",
                "validationErrors", "ensembleRelativeAccuracyChange");
        assertThat(fields(MetricsSamples.control())).containsExactly("kind", "control");
        assertThat(fields(MetricsSamples.transferSet())).startsWith("kind")
                .contains("count", "published", "classCounts");
        assertThat(Json.mapper().valueToTree(MetricsSamples.teacher()).get("kind").asText()).isEqualTo("teacher");
    }

    @Test
    void fieldsWithoutAValueAreLeftOutOrWrittenNullAsBefore() {
        // A single teacher has no members, an ensemble no training fields: both were absent, not null.
        assertThat(fields(MetricsSamples.teacher())).doesNotContain("members");
        assertThat(fields(MetricsSamples.teacherEnsemble())).contains("members")
                .doesNotContain("epochsRun", "lastEpoch", "examplesPerSecond", "trainSeconds");
        assertThat(fields(TransferSetMetrics.streaming(100, 40, 1))).containsExactly("kind", "count", "published",
                "generation");
        // The ensemble's report always wrote a missing accuracy as null.
        JsonNode ensemble = Json.mapper().valueToTree(MetricsSamples.ensemble());
        assertThat(ensemble.get("specialists").get(1).has("subsetTestAccuracy")).isTrue();
        assertThat(ensemble.get("specialists").get(1).get("subsetTestAccuracy").isNull()).isTrue();
    }

    @Test
    void everyKindRoundTripsThroughJsonAsItsOwnRecord() throws Exception {
        for (RunMetrics metrics : List.of(MetricsSamples.teacher(), MetricsSamples.teacherEnsemble(),
                MetricsSamples.student(), MetricsSamples.ensemble(), MetricsSamples.specialist(),
                MetricsSamples.control(), MetricsSamples.transferSet())) {
            String json = Json.mapper().writeValueAsString(metrics);

            assertThat(Json.mapper().readValue(json, RunMetrics.class)).as(json).isEqualTo(metrics);
            assertThat(Json.strict(RunMetrics.class).<RunMetrics>readValue(json)).as(json).isEqualTo(metrics);
            assertThat(Json.strict(metrics.getClass()).<RunMetrics>readValue(json)).as(json).isEqualTo(metrics);
        }
    }

    @Test
    void metricsWrittenBeforeTheyHadAKindAreToldByTheirFields() throws Exception {
        // Shapes the services wrote as maps, before the records.
        RunMetrics teacher = read("{\"testErrors\": 1217, \"testTotal\": 10000, \"testLoss\": 0.5,"
                + " \"validationErrors\": 515, \"validationTotal\": 5000, \"perClassErrors\": [54, 18],"
                + " \"confusionMatrix\": [[926, 0], [0, 1117]], \"epochsRun\": 3, \"lastEpoch\": 3,"
                + " \"examplesPerSecond\": 2711, \"trainSeconds\": 9}");
        RunMetrics ensembleOfTeachers = read("{\"testErrors\": 1100, \"testTotal\": 10000, \"testLoss\": 0.4,"
                + " \"validationErrors\": 500, \"validationTotal\": 5000, \"members\": [{\"modelId\": \"t-0\","
                + " \"seed\": 1, \"testErrors\": 1217, \"validationErrors\": 515}]}");
        RunMetrics student = read("{\"testErrors\": 646, \"testTotal\": 10000, \"trainExamples\": 3000,"
                + " \"malformedEvents\": 0, \"biasAdjustment\": {\"classes\": [3], \"bias\": 0.8,"
                + " \"validationErrorsBefore\": 274, \"validationErrorsAfter\": 254, \"testErrorsBefore\": 677,"
                + " \"testErrorsAfter\": 646, \"testErrorsOnMissingBefore\": 175, \"testErrorsOnMissingAfter\": 117}}");
        RunMetrics ensemble = read("{\"generalistTestErrors\": 1093, \"ensembleTestErrors\": 1071,"
                + " \"testTotal\": 10000}");
        RunMetrics specialist = read("{\"specialist\": {\"index\": 1, \"classes\": [5, 7, 9],"
                + " \"trainExamples\": 4000, \"subsetExamples\": 2000, \"otherExamples\": 2000,"
                + " \"oversamplingFactor\": 1.2, \"dustbinLogitShift\": 0.18, \"lastTrainLoss\": 0.41}}");
        RunMetrics transferSet = read("{\"count\": 100, \"published\": 40}");

        assertThat(teacher).isInstanceOf(TeacherMetrics.class);
        assertThat(((TeacherMetrics) teacher).trainSeconds()).isEqualTo(9L);
        assertThat(((TeacherMetrics) ensembleOfTeachers).members()).extracting(TeacherMetrics.Member::modelId)
                .containsExactly("t-0");
        assertThat(((StudentMetrics) student).biasAdjustment().bias()).isEqualTo(0.8);
        assertThat(((EnsembleMetrics) ensemble).ensembleTestErrors()).isEqualTo(1071);
        assertThat(((EnsembleMetrics) ensemble).testErrors()).isEqualTo(1071);
        assertThat(specialist).isEqualTo(MetricsSamples.specialist());
        assertThat(transferSet).isEqualTo(TransferSetMetrics.streaming(100, 40, 1));
    }

    @Test
    void anEnsembleRecordWrittenBeforeTheControlReadsWithNoControlAndRowsWithoutItsCount() throws Exception {
        // An ensemble's metrics exactly as they were written before the control existed.
        String old = "{\"kind\": \"ensemble\", \"generalistTestErrors\": 1093, \"ensembleTestErrors\": 1071,"
                + " \"testTotal\": 10000, \"testErrors\": 1071, \"relativeAccuracyChange\": 0.0024,"
                + " \"subsets\": [[0, 2, 4, 6], [5, 7, 9]], \"specialists\": [{\"classes\": [5, 7, 9],"
                + " \"trainExamples\": 4000, \"subsetTrainExamples\": 2000, \"dustbinTrainExamples\": 2000,"
                + " \"subsetTestExamples\": 3000, \"subsetTestCorrect\": 2800, \"subsetTestAccuracy\": 0.933,"
                + " \"oversamplingFactor\": 1.2, \"dustbinLogitShift\": 0.18, \"lastTrainLoss\": 0.41,"
                + " \"activeOnTestExamples\": 2100}], \"byCoverage\": [{\"specialistsCovering\": 1,"
                + " \"examples\": 10000, \"generalistCorrect\": 8907, \"ensembleCorrect\": 8929,"
                + " \"relativeChange\": 0.0024}], \"combination\": null, \"classCovariance\": null,"
                + " \"trainExamples\": 49869, \"malformedEvents\": 0}";

        for (RunMetrics read : List.of(read(old), Json.strict(RunMetrics.class).<RunMetrics>readValue(old),
                Json.strict(EnsembleMetrics.class).<RunMetrics>readValue(old))) {
            EnsembleMetrics metrics = (EnsembleMetrics) read;
            assertThat(metrics.control()).isNull();
            assertThat(metrics.byCoverage()).singleElement().satisfies(row -> {
                assertThat(row.controlCorrect()).isNull();
                assertThat(row.ensembleCorrect()).isEqualTo(8_929);
            });
            assertThat(metrics.ensembleTestErrors()).isEqualTo(1_071);
        }
        // And the same record is written back with the control as null, as the report writes absent values.
        JsonNode written = Json.mapper().valueToTree(read(old));
        assertThat(written.get("control").isNull()).isTrue();
        assertThat(written.get("byCoverage").get(0).get("controlCorrect").isNull()).isTrue();
    }

    @Test
    void aJobWithoutMetricsShowsAnEmptyObjectAsBeforeAndReadsItBackAsNone() throws Exception {
        Job queued = Job.queued("teacher", "t-1", 3, null, null);

        JsonNode json = Json.mapper().valueToTree(queued);
        Job back = Json.mapper().treeToValue(json, Job.class);

        assertThat(json.get("metrics").isObject()).isTrue();
        assertThat(json.get("metrics").isEmpty()).isTrue();
        assertThat(back.metrics()).isNull();
        assertThat(back.metrics(TeacherMetrics.class)).isEmpty();
        JobResult cancelled = JobResultBuilder.builder().service("teacher-service").jobId("t-1").state("CANCELLED")
                .modelIds(List.of()).error("cancelled").build();
        assertThat(Json.mapper().valueToTree(cancelled).get("metrics").isEmpty()).isTrue();
    }

    @Test
    void aJobRowStoredWithMapMetricsReadsAsTheRecordOfItsKind() throws Exception {
        String row = "{\"id\": \"ts-1\", \"state\": \"RUNNING\", \"epoch\": 0, \"epochs\": 1, \"progress\": 0.4,"
                + " \"examplesPerSecond\": 900, \"metrics\": {\"count\": 100, \"published\": 40}, \"error\": null,"
                + " \"request\": {}, \"modelIds\": [], \"createdAt\": \"2026-11-27T12:00:00Z\","
                + " \"updatedAt\": \"2026-11-27T12:00:01Z\", \"attempts\": 1, \"children\": []}";

        Job job = Json.mapper().readValue(row, Job.class);

        assertThat(job.metrics(TransferSetMetrics.class)).contains(TransferSetMetrics.streaming(100, 40, 1));
        assertThatThrownBy(() -> job.metrics(TeacherMetrics.class)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("transfer-set").hasMessageContaining("TeacherMetrics");
    }

    @Test
    void aModelEventRefusesMetricsOfAKindThatHasNoModel() throws Exception {
        String json = Json.mapper().writeValueAsString(ModelReadyBuilder.builder().modelId("m").kind("teacher")
                .jobId("j").member(0).ensembleSize(1).dataset("mnist").metrics(MetricsSamples.teacher())
                .artifactUri("http://x/m").sha256("ab").build())
                .replace("\"kind\":\"teacher\",\"testErrors\"", "\"kind\":\"transfer-set\",\"testErrors\"");

        assertThatThrownBy(() -> Json.mapper().readValue(json, ModelReady.class))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("not ModelMetrics");
        String ensemble = Json.mapper().writeValueAsString(EnsembleReadyBuilder.builder().ensembleId("e")
                .generalistModelId("g").transferSetId("ts").dataset("mnist").subsets(List.of()).topN(1)
                .metrics(MetricsSamples.ensemble()).artifactUri("http://x/e").sha256("ab").build());
        assertThat(Json.strict(EnsembleReady.class).readValue(ensemble, EnsembleReady.class).metrics())
                .isEqualTo(MetricsSamples.ensemble());
    }

    @Test
    void anUnknownKindIsRefusedByName() {
        assertThatThrownBy(() -> read("{\"kind\": \"oracle\", \"testErrors\": 1}"))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("oracle");
    }

    private static RunMetrics read(String json) throws Exception {
        return Json.mapper().readValue(json, RunMetrics.class);
    }

    private static List<String> fields(Object value) {
        JsonNode node = value instanceof JsonNode n ? n : Json.mapper().valueToTree(value);
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
