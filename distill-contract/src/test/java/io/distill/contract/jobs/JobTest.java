package io.distill.contract.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.json.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A job's JSON names its kind and shows its request as its record; its changes go through the builder. */
class JobTest {

    /** A request record of some kind. */
    record Sample(String dataset, int member) {}

    @Test
    void theJsonShowsTheKindAndTheRequestRecordAndJacksonAloneDoesNotReadTheRequestBack() throws Exception {
        Job job = Job.queued("teacher-member", "t-1-2", 3, new Sample("mnist", 2), "t-1");

        JsonNode json = Json.mapper().valueToTree(job);
        Job back = Json.mapper().treeToValue(json, Job.class);

        assertThat(json.path("kind").asText()).isEqualTo("teacher-member");
        assertThat(json.path("request").path("dataset").asText()).isEqualTo("mnist");
        assertThat(json.path("request").path("member").asInt()).isEqualTo(2);
        assertThat(json.path("parentId").asText()).isEqualTo("t-1");
        // The request is read by its kind's record, in the store; never as an untyped map.
        assertThat(back.request()).isNull();
        assertThat(back.withRequest(job.request())).isEqualTo(job);
    }

    @Test
    void eachChangeOfItsLifeKeepsTheRestAndStampsTheTime() {
        Job queued = JobBuilder.builder(Job.queued("teacher", "t-1", 3, new Sample("mnist", 0), null))
                .updatedAt(Instant.EPOCH).build();

        Job started = queued.startedOn("replica-a");
        Job progressed = started.withProgress(1, 0.5, 900, 0.3, 120, 60.0);
        Job fannedOut = progressed.withChildren(List.of("t-1-0", "t-1-1"));
        Job handedBack = fannedOut.handedBack();
        Job failed = handedBack.withState(JobState.FAILED, "no data");

        assertThat(started.state()).isEqualTo(JobState.RUNNING);
        assertThat(started.attempts()).isEqualTo(1);
        assertThat(started.instance()).isEqualTo("replica-a");
        assertThat(started.updatedAt()).isAfter(Instant.EPOCH);
        assertThat(progressed.epoch()).isEqualTo(1);
        assertThat(progressed.validationErrors()).isEqualTo(120);
        assertThat(fannedOut.children()).containsExactly("t-1-0", "t-1-1");
        assertThat(handedBack.attempts()).isZero();
        assertThat(failed.error()).isEqualTo("no data");
        assertThat(failed).usingRecursiveComparison().ignoringFields("state", "error", "attempts", "updatedAt")
                .isEqualTo(progressed.withChildren(List.of("t-1-0", "t-1-1")));
        assertThat(failed.kind()).isEqualTo("teacher");
        assertThat(failed.createdAt()).isEqualTo(queued.createdAt());
    }
}
