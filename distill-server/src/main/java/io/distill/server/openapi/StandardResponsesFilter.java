package io.distill.server.openapi;

import io.distill.server.problems.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;
import org.eclipse.microprofile.openapi.models.tags.Tag;

/**
 * Completes every service's OpenAPI document where the resources leave it to convention:
 * <ul>
 *   <li>the error answers that apply to each operation, as {@link ProblemResponses} references:
 *       400, 413 and 415 where it takes a body, 404 where its path names an id, 406 and 500 everywhere;
 *       an answer the operation declares itself is kept;</li>
 *   <li>a {@code Location} header on every 202, which answers a new job;</li>
 *   <li>the bearer scheme that every operation needs unless the service runs with
 *       {@code DISTILL_AUTH=off}, with 401 and 403 answers;</li>
 *   <li>a tag named after the path's first segment ({@code teachers}, {@code models}, ...) for an
 *       operation with none, and a described global tag for every tag used;</li>
 *   <li>the standard answers as components, the ones no operation uses left out.</li>
 * </ul>
 * It runs at build time, so the stored documents (target/openapi) and {@code /q/openapi} agree.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class StandardResponsesFilter implements OASFilter {

    private static final String SCHEMA = "#/components/schemas/Problem";
    private static final String BEARER = "bearer";

    /** What each service's top-level resources are, for their tags. */
    private static final Map<String, String> TAGS = Map.of(
            "teachers", "Teacher training jobs: one teacher or an ensemble of them, and a whole pipeline through plan.",
            "transfer-sets", "Transfer-set jobs: a teacher's soft targets over a data set, streamed on soft-targets.",
            "students", "Student training jobs: distillation from a transfer set's soft targets.",
            "ensembles", "Generalist-plus-specialists jobs, and classification with a finished ensemble.",
            "models", "Trained models: their metadata and their parameter bytes, from the object store.");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        Set<String> used = new HashSet<>();
        Set<String> tags = new HashSet<>();
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            for (Operation operation : path.getValue().getOperations().values()) {
                complete(path.getKey(), operation, used);
                tags.addAll(operation.getTags());
            }
        }
        addComponents(openAPI, used);
        describeTags(openAPI, tags);
        requireBearer(openAPI);
    }

    /** Every operation needs a bearer token ({@code io.distill.server.security.AccessRules}). */
    private static void requireBearer(OpenAPI openAPI) {
        openAPI.getComponents().addSecurityScheme(BEARER, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                .description("An RS256 token whose groups claim carries distill-submit (POST: start or cancel a"
                        + " job) or distill-read (GET and HEAD, and an ensemble's predictions). On unless the"
                        + " service runs with DISTILL_AUTH=off; deploy/local/token.sh prints a local one."));
        openAPI.setSecurity(new ArrayList<>(List.of(OASFactory.createSecurityRequirement().addScheme(BEARER))));
    }

    private static void complete(String path, Operation operation, Set<String> used) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        boolean takesBody = operation.getRequestBody() != null;
        boolean namesId = path.contains("{");
        for (ProblemResponses.Standard standard : ProblemResponses.ALL) {
            boolean applies = switch (standard.status()) {
                case "400", "413", "415" -> takesBody;
                case "404" -> namesId;
                case "401", "403", "406", "500" -> true;
                default -> false;
            };
            if (applies && !responses.hasAPIResponse(standard.status())) {
                responses.addAPIResponse(standard.status(), OASFactory.createAPIResponse().ref(standard.ref()));
            }
        }
        APIResponse accepted = responses.getAPIResponse("202");
        if (accepted != null && (accepted.getHeaders() == null || !accepted.getHeaders().containsKey("Location"))) {
            accepted.addHeader("Location", OASFactory.createHeader()
                    .description("The job's URL, built from DISTILL_PUBLIC_URL")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uri")));
        }
        responses.getAPIResponses().values().stream().map(APIResponse::getRef).filter(ref -> ref != null).forEach(used::add);
        if (operation.getTags() == null || operation.getTags().isEmpty()) {
            operation.setTags(new ArrayList<>(List.of(firstSegment(path))));
        }
    }

    private static void addComponents(OpenAPI openAPI, Set<String> used) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        for (ProblemResponses.Standard standard : ProblemResponses.ALL) {
            boolean declared = components.getResponses() != null && components.getResponses().containsKey(standard.name());
            if (used.contains(standard.ref()) && !declared) {
                components.addResponse(standard.name(), OASFactory.createAPIResponse()
                        .description(standard.description())
                        .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(SCHEMA)))));
            }
        }
    }

    private static void describeTags(OpenAPI openAPI, Set<String> used) {
        List<Tag> tags = openAPI.getTags() == null ? new ArrayList<>() : new ArrayList<>(openAPI.getTags());
        Set<String> declared = new HashSet<>();
        for (Tag tag : tags) {
            declared.add(tag.getName());
            if (tag.getDescription() == null && TAGS.containsKey(tag.getName())) {
                tag.setDescription(TAGS.get(tag.getName()));
            }
        }
        used.stream().filter(name -> !declared.contains(name)).sorted().forEach(name -> tags.add(
                OASFactory.createTag().name(name).description(TAGS.getOrDefault(name, "Operations on /" + name + "."))));
        tags.sort((a, b) -> a.getName().compareTo(b.getName()));
        openAPI.setTags(tags);
    }

    private static String firstSegment(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        int slash = trimmed.indexOf('/');
        return slash < 0 ? trimmed : trimmed.substring(0, slash);
    }
}
