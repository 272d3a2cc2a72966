package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Map;
import java.util.Set;

/** Refuses a rendered object that fabric8's typed Kubernetes model does not know: its kind and version, or a field. */
final class K8sModel {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Writes a typed object back without what fabric8 kept aside as unknown, so a misspelt livenesProbe shows. */
    private static final ObjectMapper KNOWN = JsonMapper.builder()
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnyGetter(Annotated a) {
                    return false;
                }
            }).build();
    private static final Map<String, Class<?>> TYPED = Map.of("v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class, "v1/Service", Service.class,
            "v1/PersistentVolumeClaim", PersistentVolumeClaim.class, "v1/Secret", Secret.class,
            "apps/v1/Deployment", Deployment.class, "batch/v1/Job", Job.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);
    /** The operators' kinds, which fabric8 has no typed model for: Strimzi's (0.46 on) and CloudNativePG's Cluster. */
    private static final Set<String> OPERATORS = Set.of("kafka.strimzi.io/v1beta2/Kafka",
            "kafka.strimzi.io/v1beta2/KafkaNodePool", "kafka.strimzi.io/v1beta2/KafkaTopic",
            "kafka.strimzi.io/v1beta2/KafkaUser", "postgresql.cnpg.io/v1/Cluster");

    private K8sModel() {}

    static void parse(ObjectNode doc, Problems p) {
        String type = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        String where = type + " " + doc.at("/metadata/name").asText("<no name>");
        p.expect(!doc.at("/metadata/name").asText().isEmpty(), where, "metadata.name is missing");
        p.expect(TYPED.containsKey(type) || OPERATORS.contains(type), where, "not a known kind and API version");
        try {
            if (TYPED.containsKey(type)) {
                unknown(p, where, doc, KNOWN.valueToTree(JSON.treeToValue(doc, TYPED.get(type))));
            }
        } catch (Exception e) {
            p.add(where + ": does not parse as " + type + ": " + e.getMessage());
        }
    }

    /** The fields of {@code doc} that the typed model did not write back; it may leave out an empty list or mapping. */
    private static void unknown(Problems p, String where, JsonNode doc, JsonNode known) {
        for (int i = 0; i < (doc.isArray() ? doc.size() : 0); i++) {
            unknown(p, where + "[" + i + "]", doc.get(i), known.path(i));
        }
        doc.properties().stream().filter(e -> !known.has(e.getKey()))
                .filter(e -> !(e.getValue().isContainerNode() && e.getValue().isEmpty())).map(Map.Entry::getKey)
                .reduce((a, b) -> a + ", " + b).ifPresent(fields -> p.add(where + ": unknown field(s) [" + fields
                + "]"));
        doc.properties().stream().filter(e -> known.has(e.getKey()))
                .forEach(e -> unknown(p, where + "." + e.getKey(), e.getValue(), known.get(e.getKey())));
    }
}
