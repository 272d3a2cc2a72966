package io.distill.deploycheck;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses manifests into fabric8's typed Kubernetes model, and refuses what the model does not know:
 * an unknown kind or API version, or a field the model has no property for (fabric8 would keep it
 * quietly in additionalProperties, so a misspelt {@code livenesProbe} would otherwise pass).
 */
final class K8sModel {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, Class<? extends HasMetadata>> TYPED = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
            "v1/Secret", Secret.class,
            "apps/v1/Deployment", Deployment.class,
            "batch/v1/Job", Job.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);

    /**
     * The operators' kinds, which fabric8 has no typed model for: Strimzi's as Strimzi 0.46 and later serve
     * them, and CloudNativePG's Cluster.
     */
    static final Set<String> OPERATORS = Set.of(
            "kafka.strimzi.io/v1beta2/Kafka", "kafka.strimzi.io/v1beta2/KafkaNodePool", "kafka.strimzi.io/v1beta2/KafkaTopic",
            "kafka.strimzi.io/v1beta2/KafkaUser", "postgresql.cnpg.io/v1/Cluster");

    private K8sModel() {}

    /** The typed resource for a document; every problem found is added to {@code problems}. */
    static HasMetadata parse(ObjectNode doc, List<String> problems) {
        String type = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        String where = type + " " + doc.path("metadata").path("name").asText("<no name>");
        if (doc.path("metadata").path("name").asText().isEmpty()) {
            problems.add(where + ": metadata.name is missing");
        }
        try {
            if (TYPED.containsKey(type)) {
                HasMetadata typed = JSON.treeToValue(doc, TYPED.get(type));
                unknownFields(typed, where, problems, 0);
                return typed;
            }
            if (OPERATORS.contains(type)) {
                return JSON.treeToValue(doc, GenericKubernetesResource.class);
            }
            problems.add(where + ": not a known kind and API version (expected one of " + TYPED.keySet() + " or " + OPERATORS + ")");
        } catch (Exception e) {
            problems.add(where + ": does not parse as " + type + ": " + e.getMessage());
        }
        return null;
    }

    private static void unknownFields(Object value, String where, List<String> problems, int depth) {
        if (value == null || depth > 40) {
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                unknownFields(item, where + "[" + i++ + "]", problems, depth + 1);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                unknownFields(e.getValue(), where + "." + e.getKey(), problems, depth + 1);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : value.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || Modifier.isStatic(m.getModifiers())
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object property;
            try {
                property = m.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (property instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(where + ": unknown field(s) " + extra.keySet());
                }
            } else {
                String name = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
                unknownFields(property, where + "." + name, problems, depth + 1);
            }
        }
    }
}
