package io.distill.core.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.engine.Engine;
import io.distill.contract.metrics.MetricsSamples;
import io.distill.contract.requests.Architecture;
import io.distill.contract.requests.ClassFilter;
import io.distill.core.data.ExampleSet;
import io.distill.core.eval.Inference;
import io.distill.core.model.Models;
import io.distill.core.testing.TestData;
import io.distill.core.train.HyperparameterSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactTest {

    private static final Architecture NET = Architecture.mlp(784, List.of(32), 10, 0.2, 0.5);

    @TempDir
    Path tmp;

    @Test
    void aSavedModelLoadsBackGivingTheSameLogitsAndItsMetadata() throws IOException {
        Engine engine = TestData.engine();
        ExampleSet images = TestData.mnist().test().limit(20);
        float[] before;
        ModelMetadata saved;
        try (Model model = Models.create("m1", NET, engine, engine.defaultDevice(), 4)) {
            before = Inference.logits(model.getBlock(), model.getNDManager(), images, 20);
            saved = ModelArtifact.save(tmp, model.getBlock(), metadata("m1"));
        }

        try (ModelArtifact.Loaded loaded = ModelArtifact.load(tmp, engine, engine.defaultDevice())) {
            float[] after = Inference.logits(loaded.model().getBlock(), loaded.model().getNDManager(), images, 20);

            assertThat(after).containsExactly(before);
            assertThat(loaded.metadata()).isEqualTo(saved);
            assertThat(saved.sha256()).isEqualTo(Sha256.of(tmp.resolve(ModelArtifact.PARAMETERS))).hasSize(64);
        }
    }

    @Test
    void refusesParametersWhoseChecksumDoesNotMatchNamingTheArtifact() throws IOException {
        Engine engine = TestData.engine();
        try (Model model = Models.create("m2", NET, engine, engine.defaultDevice(), 4)) {
            ModelArtifact.save(tmp, model.getBlock(), metadata("m2"));
        }
        Path params = tmp.resolve(ModelArtifact.PARAMETERS);
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(params, bytes);

        assertThatThrownBy(() -> ModelArtifact.load(tmp, engine, engine.defaultDevice()))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining(params.toString())
                .hasMessageContaining("m2")
                .hasMessageContaining("SHA-256");
    }

    @Test
    void refusesMalformedMetadataNamingTheFile() throws IOException {
        Files.writeString(tmp.resolve(ModelArtifact.METADATA), "{\"modelId\": ");

        assertThatThrownBy(() -> ModelArtifact.readMetadata(tmp))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining(tmp.resolve(ModelArtifact.METADATA).toString());
    }

    @Test
    void refusesParametersOfAnotherArchitectureNamingTheFile() throws IOException {
        Engine engine = TestData.engine();
        Path other = tmp.resolve("other");
        try (Model model = Models.create("m3", Architecture.plain(784, List.of(16), 10), engine,
                engine.defaultDevice(), 4)) {
            ModelArtifact.save(other, model.getBlock(), metadata("m3"));
        }
        try (Model model = Models.create("m4", NET, engine, engine.defaultDevice(), 4)) {
            Path params = other.resolve(ModelArtifact.PARAMETERS);
            assertThatThrownBy(() -> Parameters.load(model.getBlock(), model.getNDManager(), params))
                    .isInstanceOf(ArtifactException.class)
                    .hasMessageContaining(params.toString());
        }
    }

    private static ModelMetadata metadata(String id) {
        return ModelMetadataBuilder.builder().modelId(id).kind("teacher").architecture(NET).dataset("mnist")
                .filters(ClassFilter.of(List.of(3), null, 10)).hyperparameters(HyperparameterSamples.teacher())
                .metrics(MetricsSamples.teacher()).seed(4).engine("MXNet").engineVersion("1.9.1").djlVersion("0.36.0")
                .createdAt(Instant.parse("2026-11-27T12:00:00Z")).build();
    }
}
