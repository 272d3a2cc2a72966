package io.distill.teacher.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.contract.datasets.InputShape;
import io.distill.contract.json.Json;
import io.distill.contract.requests.ArchitectureRequest;
import io.distill.contract.requests.ArchitectureType;
import io.distill.contract.requests.ConvLayer;
import io.distill.contract.requests.DatasetNames;
import io.distill.contract.requests.TeacherRequest;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A completed request's net: an MLP as its {@code hidden} shorthand, exactly as before; a CNN in full. */
class TeacherDefaultsTest {

    private static final TeacherDefaults DEFAULTS = new SmallRyeConfigBuilder().withMapping(TeacherDefaults.class)
            .build().getConfigMapping(TeacherDefaults.class);

    @Test
    void anMlpCompletesToItsHiddenShorthandWithoutAnArchitectureSoItsStoredJsonIsUnchanged() throws Exception {
        TeacherRequest byDefault = complete("{}");
        TeacherRequest spelledOut = complete("{\"architecture\": {\"type\": \"mlp\", \"hidden\": [64]}}");

        assertThat(byDefault.hidden()).containsExactly(1200, 1200);
        assertThat(byDefault.architecture()).isNull();
        assertThat(Json.mapper().writeValueAsString(byDefault)).doesNotContain("architecture");
        assertThat(byDefault.architecture(InputShape.MNIST, DatasetNames.CLASSES).label())
                .isEqualTo("784-1200-1200-10");
        assertThat(spelledOut.hidden()).containsExactly(64);
        assertThat(spelledOut.architecture()).isNull();
    }

    @Test
    void aCnnCompletesToAFullArchitectureWithTheCnnDefaultsAndNoShorthand() throws Exception {
        TeacherRequest cnn = complete("{\"architecture\": {\"type\": \"cnn\", \"conv\": [{\"filters\": 32,"
                + " \"kernel\": 5, \"pool\": 2}, {\"filters\": 64, \"kernel\": 5}]}}");

        assertThat(cnn.hidden()).isNull();
        assertThat(cnn.architecture()).isEqualTo(new ArchitectureRequest(ArchitectureType.CNN,
                List.of(new ConvLayer(32, 5, 2), new ConvLayer(64, 5, 1)), List.of(128), false));
        assertThat(cnn.crossFieldProblems()).isEmpty();
        assertThat(cnn.architecture(InputShape.MNIST, DatasetNames.CLASSES).label())
                .isEqualTo("1x28x28-c32k5p2-c64k5-128-10");
        assertThat(Json.mapper().readValue(Json.mapper().writeValueAsString(cnn), TeacherRequest.class))
                .isEqualTo(cnn);
    }

    private static TeacherRequest complete(String json) throws Exception {
        return TeacherDefaults.complete(Json.mapper().readValue(json, TeacherRequest.class), DEFAULTS);
    }
}
