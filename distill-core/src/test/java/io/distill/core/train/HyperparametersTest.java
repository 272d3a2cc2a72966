package io.distill.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.json.Json;
import io.distill.contract.metrics.EnsembleMetrics;
import io.distill.contract.metrics.MetricsSamples;
import io.distill.contract.metrics.StudentMetrics;
import io.distill.contract.metrics.TeacherMetrics;
import io.distill.contract.requests.ClassFilter;
import io.distill.core.artifact.ModelArtifact;
import io.distill.core.artifact.ModelMetadata;
import io.distill.core.artifact.ModelMetadataBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HyperparametersTest {

    @TempDir
    Path tmp;

    @Test
    void metadataJsonHoldsTheHyperparametersUnderTheirTypedNames() throws IOException {
        ModelMetadata metadata = ModelMetadataBuilder.builder().modelId("s-1").kind("student")
                .architecture(HyperparameterSamples.student().architecture()).dataset("mnist").filters(ClassFilter.ALL)
                .hyperparameters(HyperparameterSamples.student()).metrics(MetricsSamples.student()).seed(1)
                .engine("MXNet").engineVersion("1.9.1").djlVersion("0.36.0")
                .createdAt(Instant.parse("2026-11-27T12:00:00Z")).sha256("ab").build();

        JsonNode json = Json.mapper().valueToTree(metadata).get("hyperparameters");

        assertThat(fields(json)).containsExactly("architecture", "optimisation", "loss", "seed", "data", "ensemble");
        assertThat(json.at("/optimisation/learningRate").asDouble()).isEqualTo(0.03);
        assertThat(json.at("/loss/mode").asText()).isEqualTo("distill");
        assertThat(json.at("/loss/temperature").asDouble()).isEqualTo(20);
        assertThat(fields(json.get("data"))).containsExactly("split", "examples", "transferSetId", "teacherModelIds");
        assertThat(json.at("/data/teacherModelIds/1").asText()).isEqualTo("t-7f3a-1");
        assertThat(Json.mapper().treeToValue(Json.mapper().valueToTree(metadata), ModelMetadata.class))
                .isEqualTo(metadata);
    }

    @Test
    void everyKindOfRunRoundTripsThroughJson() throws IOException {
        for (Hyperparameters hp : List.of(HyperparameterSamples.teacher(), HyperparameterSamples.student(),
                HyperparameterSamples.ensemble())) {
            String json = Json.mapper().writeValueAsString(hp);

            assertThat(Json.mapper().readValue(json, Hyperparameters.class)).as(json).isEqualTo(hp);
        }
        JsonNode ensemble = Json.mapper().valueToTree(HyperparameterSamples.ensemble()).get("ensemble");
        assertThat(fields(ensemble)).containsExactly("generalist", "subsets", "topN", "specialists",
                "maxClassesPerSpecialist", "overlap");
        assertThat(ensemble.at("/generalist/modelId").asText()).isEqualTo("t-7f3a-0");
    }

    @Test
    void lossSettingsNameTheModeAndRebuildTheSameLoss() {
        LossSettings hard = LossSettings.of(DistillationLoss.hard());
        LossSettings soft = LossSettings.of(new DistillationLoss(4, 1, 0));
        LossSettings distill = LossSettings.of(new DistillationLoss(20, 0.9, 0.1));

        assertThat(hard).isEqualTo(new LossSettings("hard", null, 0, 1));
        assertThat(soft.mode()).isEqualTo("soft");
        assertThat(distill).isEqualTo(new LossSettings("distill", 20.0, 0.9, 0.1));
        assertThat(LossSettings.of(distill.loss())).isEqualTo(distill);
        assertThat(LossSettings.of(hard.loss())).isEqualTo(hard);
        assertThat(hard.loss().needsTeacher()).isFalse();
    }

    @Test
    void anOldTeacherMetadataJsonReadsWithItsTrainConfigAndDataMapped() throws IOException {
        ModelMetadata old = ModelArtifact.readMetadata(legacy("teacher-metadata.json"));

        Hyperparameters hp = old.hyperparameters();
        assertThat(hp.optimisation().maxNormEvery()).isEqualTo(4);
        assertThat(hp.optimisation().jitter()).isEqualTo(2);
        assertThat(hp.seed()).isEqualTo(1);
        assertThat(hp.data()).isEqualTo(new Hyperparameters.TrainingData("train", 6_000, null, List.of()));
        assertThat(hp.architecture()).isNull();
        assertThat(hp.loss()).isNull();
        assertThat(hp.ensemble()).isNull();
        assertThat(old.metrics()).isInstanceOf(TeacherMetrics.class);
        assertThat(old.metrics().testErrors()).isEqualTo(1217);
        assertThat(((TeacherMetrics) old.metrics()).trainSeconds()).isNotNull();
    }

    @Test
    void anOldStudentMetadataJsonReadsWithItsTransferSetAndTeachersMapped() throws IOException {
        ModelMetadata old = ModelArtifact.readMetadata(legacy("student-metadata.json"));

        Hyperparameters hp = old.hyperparameters();
        assertThat(hp.optimisation().clipGradient()).isEqualTo(5.0);
        assertThat(hp.data().transferSetId()).isEqualTo("fx-no3");
        assertThat(hp.data().teacherModelIds()).containsExactly("fixture-teacher");
        assertThat(hp.data().examples()).isNull();
        StudentMetrics metrics = (StudentMetrics) old.metrics();
        assertThat(metrics.biasAdjustment().classes()).containsExactly(3);
        assertThat(metrics.trainExamples()).isEqualTo(3_000);
    }

    @Test
    void anOldEnsembleMetadataJsonKeepsWhatInferenceNeeds() throws IOException {
        ModelMetadata old = ModelArtifact.readMetadata(legacy("ensemble-metadata.json"));

        Hyperparameters.Ensemble ensemble = old.hyperparameters().ensemble();
        assertThat(ensemble.generalist().modelId()).isEqualTo("fx-gen-fashion-mnist");
        assertThat(ensemble.subsets()).containsExactly(List.of(0, 2, 4, 6), List.of(1, 3, 5, 7));
        assertThat(ensemble.topN()).isEqualTo(1);
        assertThat(ensemble.specialists()).isEqualTo(2);
        assertThat(ensemble.maxClassesPerSpecialist()).isEqualTo(4);
        assertThat(old.hyperparameters().optimisation()).isNull();
        EnsembleMetrics metrics = (EnsembleMetrics) old.metrics();
        assertThat(metrics.specialists()).hasSize(2);
        assertThat(metrics.byCoverage()).isNotEmpty();
        assertThat(metrics.combination().examplesByActiveSpecialists()).isNotEmpty();
        assertThat(metrics.control()).isNull();
        assertThat(metrics.byCoverage()).allSatisfy(row -> assertThat(row.controlCorrect()).isNull());
    }

    @Test
    void anOldTrainMapThatNoLongerMakesATrainConfigLeavesOptimisationNullRatherThanFailing() throws IOException {
        Hyperparameters hp = Json.mapper().readValue("{\"train\": {\"epochs\": 3, \"retiredKnob\": 1},"
                + " \"trainExamples\": 10}", Hyperparameters.class);

        assertThat(hp.optimisation()).isNull();
        assertThat(hp.data().examples()).isEqualTo(10);
    }

    private Path legacy(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        try (InputStream in = HyperparametersTest.class.getResourceAsStream("/legacy/" + name)) {
            Files.copy(in, dir.resolve(ModelArtifact.METADATA));
        }
        return dir;
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
