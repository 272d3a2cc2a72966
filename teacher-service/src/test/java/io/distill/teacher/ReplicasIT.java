package io.distill.teacher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.json.Json;
import io.distill.testkit.ServiceReplica;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the packaged teacher-service, as separate processes on one PostgreSQL, one object
 * store and the test broker: a job survives a kill -9 of the replica that runs it, and an ensemble's
 * members train on both replicas at once.
 */
class ReplicasIT {

    private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ServiceReplica a;
    private static ServiceReplica b;

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        ServiceReplica.Cluster cluster = ServiceReplica.Cluster.fresh(
                Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath(),
                Path.of("target", "replicas").toAbsolutePath());
        a = ServiceReplica.start(cluster, "teacher-a", Map.of());
        b = ServiceReplica.start(cluster, "teacher-b", Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void theOtherReplicaFinishesAJobFromItsCheckpointWhenTheOneRunningItIsKilled() throws Exception {
        JsonNode created = a.post("/teachers", "{\"hidden\": [512, 512], \"epochs\": 6, \"trainLimit\": 12000,"
                + " \"batchSize\": 100}");
        String id = created.path("id").asText();
        // Mid-job: two epochs checkpointed, more to go.
        JsonNode running = await(a, id, j -> j.path("epoch").asInt() >= 2, Duration.ofMinutes(3));
        assertThat(running.path("state").asText()).isEqualTo("RUNNING");
        ServiceReplica victim = running.path("instance").asText().equals(a.name()) ? a : b;
        ServiceReplica survivor = victim == a ? b : a;

        victim.kill();

        JsonNode done = await(survivor, id, j -> FINAL.contains(j.path("state").asText()), Duration.ofMinutes(4));
        assertThat(done.path("state").asText()).as(done.path("error").asText()).isEqualTo("SUCCEEDED");
        // Both replicas are listed by the survivor, the killed one no longer live (it stopped reporting).
        JsonNode replicas = Awaitility.await("the killed replica listed as gone").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1)).until(() -> survivor.get("/replicas"),
                        list -> list.size() == 2 && !live(list, victim.name()));
        assertThat(live(replicas, survivor.name())).isTrue();
        assertThat(done.path("instance").asText()).isEqualTo(survivor.name());
        assertThat(done.path("attempts").asInt()).isEqualTo(2);
        // Resumed from the stored checkpoint: the survivor ran only the epochs after it.
        assertThat(done.path("metrics").path("lastEpoch").asInt()).isEqualTo(6);
        assertThat(done.path("metrics").path("epochsRun").asInt()).isLessThanOrEqualTo(4);

        victim.restart();
        String modelId = done.path("modelIds").get(0).asText();
        assertThat(victim.get("/teachers/" + id)).isEqualTo(survivor.get("/teachers/" + id));
        HttpResponse<byte[]> fromVictim = bytes(victim, "/models/" + modelId + "/artifact");
        HttpResponse<byte[]> fromSurvivor = bytes(survivor, "/models/" + modelId + "/artifact");
        assertThat(fromVictim.statusCode()).isEqualTo(200);
        assertThat(fromVictim.body()).isEqualTo(fromSurvivor.body()).isNotEmpty();
        assertThat(fromVictim.headers().firstValue("X-Checksum-Sha256"))
                .isEqualTo(fromSurvivor.headers().firstValue("X-Checksum-Sha256"));
    }

    @Test
    void anEnsemblesMembersTrainOnBothReplicasAtOnce() throws Exception {
        JsonNode created = b.post("/teachers", "{\"hidden\": [512, 512], \"epochs\": 3, \"trainLimit\": 6000,"
                + " \"batchSize\": 100, \"ensembleSize\": 2}");
        String id = created.path("id").asText();

        JsonNode done = await(a, id, j -> FINAL.contains(j.path("state").asText()), Duration.ofMinutes(4));

        assertThat(done.path("state").asText()).as(done.path("error").asText()).isEqualTo("SUCCEEDED");
        List<String> children = Json.mapper().convertValue(done.path("children"), List.class);
        assertThat(children).containsExactly(id + "-0", id + "-1");
        JsonNode first = a.get("/teachers/" + children.get(0));
        JsonNode second = a.get("/teachers/" + children.get(1));
        assertThat(first.path("parentId").asText()).isEqualTo(id);
        assertThat(Set.of(first.path("instance").asText(), second.path("instance").asText()))
                .containsExactlyInAnyOrder(a.name(), b.name());
        assertThat(done.path("modelIds")).hasSize(2);
        assertThat(done.path("metrics").path("members")).hasSize(2);
    }

    @Test
    void aJobIsCancelledThroughTheReplicaThatDoesNotRunIt() throws Exception {
        String id = a.post("/teachers", "{\"hidden\": [512, 512], \"epochs\": 30, \"trainLimit\": 12000,"
                + " \"batchSize\": 100}").path("id").asText();
        JsonNode running = await(a, id, j -> j.path("epoch").asInt() >= 1, Duration.ofMinutes(3));
        ServiceReplica runner = running.path("instance").asText().equals(a.name()) ? a : b;
        ServiceReplica other = runner == a ? b : a;

        HttpResponse<String> cancel = HTTP.send(HttpRequest.newBuilder(URI.create(other.url() + "/teachers/" + id
                + "/cancel")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        JsonNode done = await(other, id, j -> FINAL.contains(j.path("state").asText()), Duration.ofMinutes(1));
        assertThat(done.path("state").asText()).isEqualTo("CANCELLED");
        assertThat(done.path("instance").asText()).isEqualTo(runner.name());
        assertThat(done.path("epoch").asInt()).isLessThan(30);
    }

    private static JsonNode await(ServiceReplica replica, String id, java.util.function.Predicate<JsonNode> until,
            Duration timeout) {
        return Awaitility.await("teacher job " + id + " on " + replica.name()).atMost(timeout)
                .pollInterval(Duration.ofMillis(250)).until(() -> replica.get("/teachers/" + id), until);
    }

    private static HttpResponse<byte[]> bytes(ServiceReplica replica, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(replica.url() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static boolean live(JsonNode replicas, String name) {
        for (JsonNode replica : replicas) {
            if (replica.path("instance").asText().equals(name)) {
                return replica.path("live").asBoolean();
            }
        }
        return false;
    }
}
