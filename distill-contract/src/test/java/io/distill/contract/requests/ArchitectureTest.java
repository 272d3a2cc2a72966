package io.distill.contract.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.contract.datasets.InputShape;
import io.distill.contract.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An architecture's kinds, their rules, sizes, labels and JSON, the JSON of stored metadata included. */
class ArchitectureTest {

    private static final Architecture CNN = ArchitectureBuilder.builder().type(ArchitectureType.CNN)
            .input(InputShape.MNIST).conv(List.of(new ConvLayer(32, 3, 2), new ConvLayer(64, 3, 2)))
            .hidden(List.of(128)).outputs(10).hiddenDropout(0.5).batchNorm(true).build();

    @Test
    void theMlpKeepsItsPaperLabelAndSizeOverAVectorOrAnImage() {
        Architecture teacher = Architecture.mlp(784, List.of(1200, 1200), 10, 0.2, 0.5);
        Architecture overImages = teacher.withInput(InputShape.MNIST);

        assertThat(teacher.label()).isEqualTo("784-1200-1200-10");
        assertThat(overImages.label()).isEqualTo("784-1200-1200-10");
        assertThat(teacher.parameterCount()).isEqualTo(784L * 1200 + 1200 + 1200L * 1200 + 1200 + 1200L * 10 + 10);
        assertThat(overImages.parameterCount()).isEqualTo(teacher.parameterCount());
        assertThat(teacher.forwardFlops()).isEqualTo(2L * (784 * 1200 + 1200 * 1200 + 1200 * 10));
        assertThat(teacher.withOutputs(4).label()).isEqualTo("784-1200-1200-4");
    }

    @Test
    void aCnnCountsItsFiltersBatchNormAndTheDenseLayersAfterThePooledImage() {
        long conv1 = 32L * 1 * 9 + 4 * 32;
        long conv2 = 64L * 32 * 9 + 4 * 64;
        long dense = 64L * 7 * 7 * 128 + 128;
        long output = 128L * 10 + 10;

        assertThat(CNN.label()).isEqualTo("1x28x28-c32k3p2-c64k3p2-128-10+bn");
        assertThat(CNN.parameterCount()).isEqualTo(conv1 + conv2 + dense + output);
        assertThat(CNN.forwardFlops()).isEqualTo(2L * (32 * 9 * 784 + 64 * 32 * 9 * 196 + 64 * 49 * 128 + 128 * 10));
        assertThat(CNN.layers().get(0).outputs()).isEqualTo(32L * 784 + 32 * 196);
        assertThat(CNN.withOutputs(3).outputs()).isEqualTo(3);
        assertThat(CNN.withBatchNorm(false).parameterCount()).isEqualTo(CNN.parameterCount() - 3 * (32 + 64));
    }

    @Test
    void aCnnOverVectorsAPoolBelowOnePixelAndAnEvenKernelAreRefusedInSentences() {
        ArchitectureRequest deep = new ArchitectureRequest(ArchitectureType.CNN, List.of(new ConvLayer(8, 3, 4),
                new ConvLayer(8, 3, 4), new ConvLayer(8, 3, 4)), List.of(32), null);

        assertThatThrownBy(() -> CNN.withInput(InputShape.vector(784)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A cnn needs an image input [channels, height, width], but the input is a vector of 784"
                        + " features.");
        assertThat(deep.problems(InputShape.MNIST)).singleElement().isEqualTo(new FieldProblem("architecture",
                "conv[2].pool is 4, but the image is 1x1 by then, so pooling would shrink a side below 1 pixel;"
                        + " pool less."));
        assertThat(deep.problems(InputShape.image(1, 64, 64))).isEmpty();
        assertThatThrownBy(() -> CNN.withConv(List.of(new ConvLayer(8, 4, 1))))
                .hasMessageContaining("conv[0].kernel is 4, expected an odd size");
        assertThatThrownBy(() -> CNN.withConv(List.of()))
                .hasMessageContaining("A cnn needs at least one convolution");
        assertThatThrownBy(() -> Architecture.plain(784, List.of(), 10))
                .hasMessage("hidden is empty, expected at least one hidden layer width.");
        assertThatThrownBy(() -> Architecture.plain(784, List.of(16), 10).withBatchNorm(true))
                .hasMessageContaining("An mlp has no batch normalisation");
    }

    @Test
    void bothKindsRoundTripThroughJsonAndAnMlpStillWritesItsInputCount() throws Exception {
        Architecture mlp = Architecture.mlp(784, List.of(800, 800), 10, 0.2, 0.5);

        String mlpJson = Json.mapper().writeValueAsString(mlp);
        String cnnJson = Json.mapper().writeValueAsString(CNN);

        assertThat((Architecture) Json.strict(Architecture.class).readValue(mlpJson)).isEqualTo(mlp);
        assertThat((Architecture) Json.strict(Architecture.class).readValue(cnnJson)).isEqualTo(CNN);
        assertThat(mlpJson).contains("\"type\":\"mlp\"", "\"input\":[784]", "\"hidden\":[800,800]", "\"inputs\":784")
                .doesNotContain("conv", "batchNorm");
        assertThat(cnnJson).contains("\"type\":\"cnn\"", "\"input\":[1,28,28]",
                "\"conv\":[{\"filters\":32,\"kernel\":3,\"pool\":2},", "\"batchNorm\":true", "\"inputs\":784");
    }

    @Test
    void metadataStoredBeforeCnnsExistedReadsAsAnMlpOverAVector() throws Exception {
        String stored = "{\"inputs\":784,\"hidden\":[1200,1200],\"outputs\":10,\"inputDropout\":0.2,"
                + "\"hiddenDropout\":0.5}";

        Architecture read = Json.mapper().readValue(stored, Architecture.class);

        assertThat(read).isEqualTo(Architecture.mlp(784, List.of(1200, 1200), 10, 0.2, 0.5));
        assertThat(read.type()).isEqualTo(ArchitectureType.MLP);
        assertThat(read.input()).isEqualTo(InputShape.vector(784));
        assertThat(read.label()).isEqualTo("784-1200-1200-10");
        assertThatThrownBy(() -> Json.mapper().readValue("{\"inputs\":100,\"input\":[784],\"hidden\":[8],"
                + "\"outputs\":10}", Architecture.class)).hasMessageContaining("inputs is 100, but input 784 has 784");
    }

    @Test
    void aRequestGivesHiddenOrAnArchitectureAndACompletedMlpIsItsShorthand() throws Exception {
        TeacherRequest both = Json.mapper().readValue("{\"hidden\": [64], \"architecture\": {\"type\": \"mlp\"}}",
                TeacherRequest.class);
        StudentRequest cnn = Json.mapper().readValue("{\"transferSetId\": \"ts\", \"inputDropout\": 0,"
                + " \"hiddenDropout\": 0.5, \"architecture\": {\"type\": \"cnn\","
                + " \"conv\": [{\"filters\": 8, \"kernel\": 3}], \"hidden\": [32], \"batchNorm\": true}}",
                StudentRequest.class);
        ArchitectureRequest completed = ArchitectureRequest.complete(null,
                ArchitectureRequest.mlp(List.of(64)), List.of(1200), List.of(128), true);

        assertThat(both.crossFieldProblems()).extracting(FieldProblem::field).containsExactly("hidden");
        assertThat(cnn.crossFieldProblems()).isEmpty();
        assertThat(cnn.architecture(InputShape.MNIST, 10).label()).isEqualTo("1x28x28-c8k3-32-10+bn");
        assertThat(completed.shorthand()).containsExactly(64);
        assertThat(completed.unlessShorthand()).isNull();
        assertThat(TeacherRequestBuilder.builder().hidden(List.of(64)).inputDropout(0.2).hiddenDropout(0.5).build()
                .architecture(InputShape.MNIST, 10)).isEqualTo(Architecture.mlp(784, List.of(64), 10, 0.2, 0.5)
                .withInput(InputShape.MNIST));
        assertThat(new ArchitectureRequest(ArchitectureType.MLP, List.of(new ConvLayer(8, 3, 1)), null, true)
                .crossFieldProblems()).extracting(FieldProblem::field).containsExactly("conv", "batchNorm");
        assertThat(new ArchitectureRequest(ArchitectureType.CNN, List.of(new ConvLayer(8, 2, 1)), null, null)
                .crossFieldProblems()).extracting(FieldProblem::field).containsExactly("conv[0].kernel");
    }
}
