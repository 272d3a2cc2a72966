package io.distill.console.services;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.console.config.ConsoleConfig;
import io.distill.contract.json.Json;
import io.distill.contract.runs.PlanJobs;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The four services' REST APIs as the console calls them. Pages read with the console's own
 * {@code distill-read} token ({@link ReadToken}); actions go out with the signed-in person's token, so
 * that each service checks their role itself.
 */
@ApplicationScoped
public class ServiceApi {

    /**
     * A service's answer: its status, its body as JSON (a problem, for a 4xx) or empty, and the
     * {@code X-Total-Count} of a list (-1 when there is none).
     */
    public record Answer(int status, JsonNode body, long total) {

        public boolean ok() {
            return status / 100 == 2;
        }
    }

    private final HttpClient http;
    private final Map<String, URI> urls;
    private final Duration timeout;
    private final ReadToken readToken;

    public ServiceApi(ConsoleConfig config, ReadToken readToken) {
        this.timeout = config.serviceTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.urls = Map.of(PlanJobs.TEACHER_SERVICE, config.teacherService(),
                PlanJobs.SOFT_TARGET_SERVICE, config.softTargetService(),
                PlanJobs.STUDENT_SERVICE, config.studentService(),
                PlanJobs.SPECIALIST_SERVICE, config.specialistService());
        this.readToken = readToken;
    }

    /** The services by name, in plan order. */
    public static Iterable<String> services() {
        return PlanJobs.ROOTS.keySet();
    }

    /** GET {@code path} of {@code service} with the console's read token: its JSON, or empty unless it answered 200. */
    public Optional<JsonNode> read(String service, String path) {
        Answer answer = send(service, "GET", path, null, readToken.authorization());
        return answer.status() == 200 ? Optional.of(answer.body()) : Optional.empty();
    }

    /** GET {@code path}, whatever the answer: for a list's total, or health, where a 503's body says what is down. */
    public Answer readAnswer(String service, String path) {
        return send(service, "GET", path, null, readToken.authorization());
    }

    /** {@code method} {@code path} of {@code service} with {@code body} (JSON, or null) as {@code bearer}'s call. */
    public Answer act(String service, String method, String path, String body, String bearer) {
        return send(service, method, path, body, "Bearer " + bearer);
    }

    /** A model's artifact, streamed from the service that made it, with the console's read token. */
    public HttpResponse<InputStream> download(String service, String path) {
        try {
            return http.send(request(service, path, readToken.authorization()).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The job root of {@code service} ({@code /teachers}, ...); a 404 for a name that is not a service. */
    public static String root(String service) {
        String root = PlanJobs.ROOTS.get(service);
        if (root == null) {
            throw new jakarta.ws.rs.NotFoundException("There is no service " + service + ".");
        }
        return root;
    }

    private Answer send(String service, String method, String path, String body, String authorization) {
        HttpRequest.Builder request = request(service, path, authorization).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode json = text == null || text.isBlank() ? Json.mapper().createObjectNode()
                    : Json.mapper().readTree(text);
            long total = response.headers().firstValueAsLong("X-Total-Count").orElse(-1);
            return new Answer(response.statusCode(), json, total);
        } catch (IOException e) {
            return new Answer(503, Json.mapper().createObjectNode().put("detail", service + " did not answer at "
                    + urls.get(service) + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage())), -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(503, Json.mapper().createObjectNode().put("detail", "interrupted"), -1);
        }
    }

    private HttpRequest.Builder request(String service, String path, String authorization) {
        root(service);
        return HttpRequest.newBuilder(urls.get(service).resolve(path)).timeout(timeout)
                .header("Authorization", authorization);
    }
}
