package io.distill.pipeline.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.contract.datasets.InputShape;
import io.distill.contract.json.Json;
import io.distill.contract.records.Builder;
import io.distill.contract.requests.ArchitectureRequest;
import io.distill.contract.requests.DatasetNames;
import io.distill.contract.requests.StudentMode;
import io.distill.contract.runs.PlanJobs;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * What an ended job is in the results: its role ({@code teacher}, {@code hard}, {@code distilled},
 * {@code omit-3}, {@code 7/8}, {@code specialists}, ...), read from its record and its transfer
 * set's, and the group of jobs that differ from it only in seed.
 */
final class Roles {

    static final String TEACHERS = PlanJobs.TEACHER_SERVICE;
    static final String TRANSFER_SETS = PlanJobs.SOFT_TARGET_SERVICE;
    static final String STUDENTS = PlanJobs.STUDENT_SERVICE;
    static final String SPECIALISTS = PlanJobs.SPECIALIST_SERVICE;
    /** How a specialist ensemble's model starts; the table adds the generalist's own errors after it. */
    static final String GENERALIST = "generalist";

    /**
     * A job's role.
     *
     * @param order   where its rows go in the table: teachers, full-set students, filtered ones, specialists
     * @param model   the model, for people
     * @param group   what it shares with the jobs it is pooled with: its request and its set's, without seeds and ids
     * @param mnist   true when it ran on MNIST, the only data set the paper's figures are for
     * @param filter  {@code omit-3}, {@code 7/8}, or empty for the whole set
     * @param mode    a student's mode as its request names it; empty for other jobs
     */
    @Builder
    record Role(String role, int order, String model, ObjectNode group, Long seed, boolean mnist, String filter,
            String mode, boolean augmented) {}

    private Roles() {}

    /** The role of {@code result}'s job; {@code jobs} gives a job's record by service and id. */
    static Role of(JsonNode result, BiFunction<String, String, JsonNode> jobs) {
        String service = result.path("service").asText();
        JsonNode request = jobs.apply(service, result.path("jobId").asText()).path("request");
        Long seed = request.path("seed").isNumber() ? request.path("seed").asLong() : null;
        String setId = request.path("transferSetId").asText("");
        JsonNode set = TRANSFER_SETS.equals(service) ? request
                : setId.isEmpty() ? Json.mapper().createObjectNode() : jobs.apply(TRANSFER_SETS, setId).path("request");
        String filter = filter(set);
        boolean augmented = set.path("copies").asInt(1) > 1;
        String dataset = (TEACHERS.equals(service) ? request : set).path("dataset").asText("mnist");
        Data data = Data.of(dataset, jobs);
        String suffix = (augmented ? ", " + set.path("copies").asInt() + " copies" : "")
                + ("mnist".equals(dataset) ? "" : ", " + data.name());
        ObjectNode group = Json.mapper().createObjectNode().put("service", service);
        group.set("set", without(set, "teacherModelIds", "teacherJobId", "plan"));
        boolean mnist = "mnist".equals(dataset);
        switch (service) {
            case TEACHERS -> {
                group.set("request", without(request, "seed", "plan"));
                int members = request.path("ensembleSize").asInt(1);
                String model = net(request, data) + epochs(request) + on(request.path("trainLimit"))
                        + (members > 1 ? ", ensemble of " + members : "")
                        + (request.hasNonNull("reuse") ? ", reused from " + request.path("reuse").asText() : "") + suffix;
                return RolesRoleBuilder.builder().role(members > 1 ? "teacher ensemble" : "teacher").order(0)
                        .model(model).group(group).seed(seed).mnist(mnist).filter("").mode("").augmented(false).build();
            }
            case STUDENTS -> {
                group.set("request", without(request, "seed", "transferSetId", "plan", "waitForTransferSet"));
                String mode = request.path("mode").asText(StudentMode.DEFAULT.value());
                // A mode this client does not know yet keeps its name and goes after the known ones.
                Optional<StudentMode> known = StudentMode.of(mode);
                String byMode = known.map(StudentMode::label).orElse(mode);
                // On a filtered set the default mode's student is the experiment, so the filter alone names it.
                String role = filter.isEmpty() ? byMode
                        : known.orElse(null) == StudentMode.DEFAULT ? filter : filter + ", " + byMode;
                boolean soft = known.map(StudentMode::softTerm).orElse(true);
                String model = net(request, data) + on(set.path("limit"))
                        + (soft ? ", T=" + number(request.path("temperature")) : "") + suffix;
                int modeRank = known.map(StudentMode::reportOrder).orElse(StudentMode.values().length);
                int order = 10 + filterRank(set) * 10 + modeRank + (augmented ? 5 : 0);
                return RolesRoleBuilder.builder().role(role + (augmented ? ", augmented" : "")).order(order)
                        .model(model).group(group).seed(seed).mnist(mnist).filter(filter).mode(mode)
                        .augmented(augmented).build();
            }
            case SPECIALISTS -> {
                group.set("request", without(request, "seed", "transferSetId", "generalistModelId", "plan",
                        "waitForInputs"));
                String model = GENERALIST + " + " + request.path("specialists").asText("?") + " specialists" + suffix;
                String role = "specialists" + (filter.isEmpty() ? "" : ", " + filter) + (augmented ? ", augmented" : "");
                return RolesRoleBuilder.builder().role(role).order(50).model(model).group(group).seed(seed).mnist(mnist)
                        .filter(filter).mode("").augmented(augmented).build();
            }
            default -> {
                String role = "transfer set" + (filter.isEmpty() ? "" : ", " + filter) + (augmented ? ", augmented" : "");
                String model = (on(set.path("limit")) + suffix).replaceFirst("^,? ", "");
                return RolesRoleBuilder.builder().role(role).order(5).model(model).group(group).seed(seed).mnist(mnist)
                        .filter(filter).mode("").augmented(augmented).build();
            }
        }
    }

    /**
     * The control of a specialist ensemble ({@code metrics.control}): its generalist trained on, without
     * specialists, for as many examples as the specialists together; its row goes just before theirs.
     */
    static Role control(Role ensemble, JsonNode control) {
        ObjectNode group = ensemble.group().deepCopy().put("control", true);
        String model = GENERALIST + " + " + control.path("epochs").asInt() + " epochs, no specialists";
        return RolesRoleBuilder.builder().role("control" + ensemble.role().substring("specialists".length()))
                .order(ensemble.order() - 1).model(model).group(group).seed(ensemble.seed()).mnist(ensemble.mnist())
                .filter(ensemble.filter()).mode("").augmented(ensemble.augmented()).build();
    }

    /** {@code omit-3}, {@code 7/8}, or empty for a set of every class. */
    static String filter(JsonNode setRequest) {
        if (setRequest.path("omitClasses").size() > 0) {
            return "omit-" + classes(setRequest.path("omitClasses"));
        }
        // The paper's "only 7s and 8s" is the 7/8 experiment; a single kept class reads only-<c>.
        if (setRequest.path("onlyClasses").size() > 1) {
            return classes(setRequest.path("onlyClasses"));
        }
        if (setRequest.path("onlyClasses").size() == 1) {
            return "only-" + classes(setRequest.path("onlyClasses"));
        }
        return "";
    }

    private static int filterRank(JsonNode setRequest) {
        return setRequest.path("omitClasses").size() > 0 ? 1 : setRequest.path("onlyClasses").size() > 0 ? 2 : 0;
    }

    private static String classes(JsonNode list) {
        return StreamSupport.stream(list.spliterator(), false).map(JsonNode::asText).collect(Collectors.joining("/"));
    }

    private static JsonNode without(JsonNode node, String... fields) {
        if (!node.isObject()) {
            return Json.mapper().createObjectNode();
        }
        ObjectNode copy = node.deepCopy();
        copy.remove(List.of(fields));
        return copy;
    }

    /**
     * What a job's nets take and give: a registered set's shape, classes and name from its manifest in the
     * records ({@link RunFolder#DATASETS}); MNIST's for a built-in set, or a set whose manifest is missing.
     */
    private record Data(String name, InputShape shape, int classes) {

        static Data of(String dataset, BiFunction<String, String, JsonNode> records) {
            JsonNode manifest = DatasetNames.NAMES.contains(dataset) ? Json.mapper().createObjectNode()
                    : records.apply(RunFolder.DATASETS, dataset);
            if (!manifest.path("shape").isArray() || !manifest.path("classNames").isArray()) {
                return new Data(dataset, InputShape.MNIST, DatasetNames.CLASSES);
            }
            try {
                return new Data(manifest.path("name").asText(dataset),
                        Json.mapper().treeToValue(manifest.path("shape"), InputShape.class),
                        manifest.path("classNames").size());
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                return new Data(dataset, InputShape.MNIST, DatasetNames.CLASSES);
            }
        }
    }

    private static String net(JsonNode request, Data data) {
        if (request.path("architecture").isObject()) {
            // A completed request carries any net but the paper's MLP in full, its label included.
            try {
                return Json.mapper().treeToValue(request.path("architecture"), ArchitectureRequest.class)
                        .toArchitecture(data.shape(), data.classes(), 0, 0).label();
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                return request.path("architecture").path("type").asText("net").toUpperCase(Locale.ROOT);
            }
        }
        if (!request.path("hidden").isArray()) {
            return "MLP";
        }
        StringBuilder net = new StringBuilder(Integer.toString(data.shape().features()));
        request.path("hidden").forEach(h -> net.append('-').append(h.asInt()));
        return net.append('-').append(data.classes()).toString();
    }

    private static String epochs(JsonNode request) {
        return request.path("epochs").isNumber() ? ", " + request.path("epochs").asInt() + " epochs" : "";
    }

    /** " on 2,000": trained on the first 2,000 examples (a teacher's trainLimit, a transfer set's limit). */
    private static String on(JsonNode limit) {
        return limit.isNumber() ? String.format(Locale.ROOT, " on %,d", limit.asInt()) : "";
    }

    static String number(JsonNode value) {
        return number(value.asDouble());
    }

    /** {@code v} without a fraction when it is whole, with at most two decimals otherwise. */
    static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "");
    }
}
