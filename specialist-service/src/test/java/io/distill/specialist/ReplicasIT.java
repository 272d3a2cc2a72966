package io.distill.specialist;

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
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the packaged specialist-service, as separate processes: an ensemble's specialists
 * are child jobs, and the two train at once, one on each replica; the ensemble posted to one replica
 * is known to, and served by, the other.
 */
class ReplicasIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void anEnsemblesSpecialistsTrainOnBothReplicasAtOnce() throws Exception {
        ServiceReplica.Cluster cluster = ServiceReplica.Cluster.fresh(
                Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath(),
                Path.of("target", "replicas").toAbsolutePath());
        try (ServiceReplica a = ServiceReplica.start(cluster, "specialist-a", Map.of());
                ServiceReplica b = ServiceReplica.start(cluster, "specialist-b", Map.of())) {
            GeneralistFixture.Generalist g = GeneralistFixture.generalist("mnist");
            GeneralistFixture.publishTransferSet(g, "fx-replicas", 6_000, null);

            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(a.url() + "/ensembles"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"generalistModelId\": \"" + g.modelId() + "\", \"transferSetId\": \"fx-replicas\","
                                    + " \"specialists\": 2, \"epochs\": 4}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
            String id = Json.mapper().readTree(created.body()).path("id").asText();

            JsonNode done = await(b, id);
            assertThat(done.path("state").asText()).as(done.path("error").asText()).isEqualTo("SUCCEEDED");
            List<String> children = Json.mapper().convertValue(done.path("children"), List.class);
            assertThat(children).containsExactly(id + "-sp0", id + "-sp1");
            JsonNode first = get(b, "/ensembles/" + children.get(0));
            JsonNode second = get(b, "/ensembles/" + children.get(1));
            assertThat(Set.of(first.path("instance").asText(), second.path("instance").asText()))
                    .containsExactlyInAnyOrder(a.name(), b.name());
            assertThat(done.path("metrics").path("specialists")).hasSize(2);
            assertThat(get(a, "/models/" + id).path("sha256").asText())
                    .isEqualTo(get(b, "/models/" + id).path("sha256").asText()).isNotEmpty();
        }
    }

    private static JsonNode await(ServiceReplica replica, String id) {
        return Awaitility.await("ensemble " + id + " on " + replica.name()).atMost(Duration.ofMinutes(6))
                .pollInterval(Duration.ofMillis(500)).until(() -> get(replica, "/ensembles/" + id),
                        job -> Set.of("SUCCEEDED", "FAILED", "CANCELLED").contains(job.path("state").asText()));
    }

    private static JsonNode get(ServiceReplica replica, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(replica.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }
}
