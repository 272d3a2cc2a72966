package io.distill.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.contract.json.Json;
import io.distill.contract.runs.PlanJobs;
import io.distill.pipeline.report.RunFolder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The four services' job endpoints as the pipeline client uses them: POST a job, GET a job's record,
 * with the bearer token in {@code DISTILL_TOKEN} when there is one (it needs roles distill-submit and
 * distill-read; deploy/local/token.sh prints one).
 */
final class JobsApi {

    private static final Map<String, String> ROOTS = roots();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, String> urls;
    private final Optional<String> token;

    private static Map<String, String> roots() {
        Map<String, String> roots = new HashMap<>(PlanJobs.ROOTS);
        roots.put(RunFolder.DATASETS, "/datasets");
        return Map.copyOf(roots);
    }

    /** {@code urls}: each service's base URL, by service name; {@code token}: a bearer token, if any. */
    JobsApi(Map<String, String> urls, Optional<String> token) {
        this.urls = Map.copyOf(urls);
        this.token = token.filter(t -> !t.isBlank());
    }

    JsonNode post(String service, JsonNode body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(service, "")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + uri(service, "") + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return Json.mapper().readTree(response.body());
    }

    /**
     * GET of one job's record, or of a registered data set's manifest ({@code service}
     * {@link RunFolder#DATASETS}, from teacher-service); an empty object when it cannot be read.
     */
    JsonNode job(String service, String id) {
        try {
            HttpResponse<String> response = http.send(request(service, "/" + id).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Json.mapper().readTree(response.body())
                    : Json.mapper().createObjectNode();
        } catch (IOException e) {
            return Json.mapper().createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Json.mapper().createObjectNode();
        }
    }

    private HttpRequest.Builder request(String service, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(service, path));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return request;
    }

    private URI uri(String service, String path) {
        String base = urls.get(RunFolder.DATASETS.equals(service) ? "teacher-service" : service);
        return URI.create(base + ROOTS.get(service) + path);
    }
}
