package io.distill.student.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.contract.datasets.InputShape;
import io.distill.contract.json.Json;
import io.distill.contract.requests.DatasetNames;
import io.distill.contract.requests.StudentRequest;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

/** A completed student's net: an MLP as its {@code hidden} shorthand, exactly as before; a CNN in full. */
class StudentDefaultsTest {

    private static final StudentDefaults DEFAULTS = new SmallRyeConfigBuilder().withMapping(StudentDefaults.class)
            .build().getConfigMapping(StudentDefaults.class);

    @Test
    void anMlpStudentKeepsTheShorthandAndACnnStudentGetsTheCnnDefaults() throws Exception {
        StudentRequest mlp = complete("{\"transferSetId\": \"ts\"}");
        StudentRequest cnn = complete("{\"transferSetId\": \"ts\", \"architecture\": {\"type\": \"cnn\","
                + " \"conv\": [{\"filters\": 16, \"kernel\": 3, \"pool\": 2}], \"batchNorm\": true}}");

        assertThat(mlp.hidden()).containsExactly(800, 800);
        assertThat(mlp.architecture()).isNull();
        assertThat(Json.mapper().writeValueAsString(mlp)).doesNotContain("architecture");
        assertThat(mlp.architecture(InputShape.MNIST, DatasetNames.CLASSES).label()).isEqualTo("784-800-800-10");
        assertThat(cnn.hidden()).isNull();
        assertThat(cnn.architecture().hidden()).containsExactly(128);
        assertThat(cnn.architecture(InputShape.MNIST, DatasetNames.CLASSES).label())
                .isEqualTo("1x28x28-c16k3p2-128-10+bn");
        assertThat(cnn.architectureProblems(InputShape.vector(784))).singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("architecture"));
    }

    private static StudentRequest complete(String json) throws Exception {
        return StudentDefaults.complete(Json.mapper().readValue(json, StudentRequest.class), DEFAULTS);
    }
}
