package io.distill.teacher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.distill.contract.events.Topics;
import io.distill.contract.jobs.Job;
import io.distill.contract.jobs.JobState;
import io.distill.contract.requests.TeacherRequestBuilder;
import io.distill.server.jobs.JobStore;
import io.distill.server.jobs.ResultAnnouncements;
import io.distill.teacher.jobs.TeacherJobs;
import io.distill.testkit.KafkaBroker;
import io.distill.testkit.Postgres;
import io.distill.testkit.S3Server;
import io.distill.testkit.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A job's end is stored before its JobResult is sent. When the replica dies in between (or the broker
 * is away), the stored job is final and its result unannounced, and another replica's relay sends it;
 * a result the broker acknowledged is never sent again. (The tests' relay runs every second, with a
 * 2 s grace.)
 */
@QuarkusTest
@WithTestResource(value = KafkaBroker.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = Postgres.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = S3Server.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ResultRelayTest {

    @Inject
    JobStore store;

    @Inject
    ResultAnnouncements results;

    @Inject
    DataSource db;

    @Test
    void aResultLeftUnsentByADeadReplicaIsSentOnceByTheRelay() throws Exception {
        // What a replica killed right after storing the job's end leaves behind.
        Job ended = store.save(job("t-relay-" + UUID.randomUUID()).withState(JobState.SUCCEEDED, null));
        assertThat(announced(ended.id())).isFalse();

        List<TopicReader.Event> sent = TopicReader.read(Topics.DISTILL_PROGRESS,
                ("teacher-service/" + ended.id())::equals, events -> !events.isEmpty(), Duration.ofSeconds(30));

        assertThat(sent).singleElement().satisfies(event -> {
            assertThat(event.value().path("type").asText()).isEqualTo("result");
            assertThat(event.value().path("state").asText()).isEqualTo("SUCCEEDED");
            // The stored time the job ended, so a result sent twice is the same event twice.
            assertThat(Instant.parse(event.value().path("finishedAt").asText())).isEqualTo(ended.updatedAt());
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> announced(ended.id()));
    }

    @Test
    void aResultTheBrokerAcknowledgedIsNotSentAgain() throws Exception {
        Job ended = store.save(job("t-acked-" + UUID.randomUUID()).withState(JobState.FAILED, "no data"));
        results.announce(ended);
        assertThat(announced(ended.id())).isTrue();

        // Past the grace period (2 s) and a relay round (1 s).
        Thread.sleep(3_500);
        List<TopicReader.Event> sent = TopicReader.read(Topics.DISTILL_PROGRESS,
                ("teacher-service/" + ended.id())::equals, events -> !events.isEmpty(), Duration.ofSeconds(30));
        assertThat(sent).hasSize(1);
    }

    @Test
    void aChangeOfStateMakesTheResultUnannouncedInTheSameStatement() throws Exception {
        Job ended = store.save(job("t-again-" + UUID.randomUUID()).withState(JobState.CANCELLED, "by a test"));
        store.markAnnounced(ended.id());
        store.save(ended.withProgress(0, 0, 0, null, null, null));
        assertThat(announced(ended.id())).as("same state: still announced").isTrue();

        store.save(ended.withState(JobState.QUEUED, null));
        assertThat(announced(ended.id())).as("a new state has a result to announce").isFalse();
    }

    private static Job job(String id) {
        return TeacherJobs.TEACHER.queued(id, 1, TeacherRequestBuilder.builder().dataset("mnist").epochs(1).build());
    }

    private boolean announced(String id) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("select result_announced from distill_jobs where id = ?")) {
            s.setString(1, id);
            try (ResultSet rows = s.executeQuery()) {
                assertThat(rows.next()).as("job %s is stored", id).isTrue();
                return rows.getBoolean(1);
            }
        }
    }
}
