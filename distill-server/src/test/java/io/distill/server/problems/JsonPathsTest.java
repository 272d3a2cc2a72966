package io.distill.server.problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The paths a problem names: a bad value's JSON path, and a resource path's pattern for Allow. */
class JsonPathsTest {

    record Student(double temperature) {}

    record TransferSet(List<Student> students) {}

    record Plan(List<TransferSet> transferSets) {}

    record Body(Plan plan) {}

    private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void aBadValueIsNamedByObjectKeysAndListIndexes() {
        assertThat(pathOf("{\"plan\": {\"transferSets\": [{}, {\"students\": [{\"temperature\": \"hot\"}]}]}}"))
                .isEqualTo("plan.transferSets[1].students[0].temperature");
        assertThat(pathOf("{\"plan\": {\"transferSets\": [{\"students\": [{}, {\"colour\": 1}]}]}}"))
                .isEqualTo("plan.transferSets[0].students[1].colour");
        assertThat(pathOf("[1]")).isEqualTo("body");
    }

    @Test
    void aTemplateParameterIsOneSegmentUnlessItBringsItsOwnRegex() {
        assertThat(AllowedMethods.regex("/models/{modelId}/artifact").matcher("/models/t-1-0/artifact").matches()).isTrue();
        assertThat(AllowedMethods.regex("/models/{modelId}/artifact").matcher("/models/a/b/artifact").matches()).isFalse();
        assertThat(AllowedMethods.regex("/teachers/").matcher("/teachers").matches()).isTrue();
        assertThat(AllowedMethods.regex("/teachers").matcher("/teachers/").matches()).isTrue();
        assertThat(AllowedMethods.regex("/jobs/{id: [0-9]+}").matcher("/jobs/12").matches()).isTrue();
        assertThat(AllowedMethods.regex("/jobs/{id: [0-9]+}").matcher("/jobs/ab").matches()).isFalse();
        assertThat(AllowedMethods.regex("/files/{path: .+}").matcher("/files/a/b").matches()).isTrue();
    }

    private String pathOf(String json) {
        return BindingErrors.path(catchThrowableOfType(JsonMappingException.class, () -> mapper.readValue(json, Body.class)));
    }
}
