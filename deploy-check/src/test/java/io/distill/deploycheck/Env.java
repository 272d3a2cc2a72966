package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The variables a Kubernetes container or a compose service sees, and where each comes from. */
final class Env {

    /**
     * A variable's source: a literal {@code value} (its text), a key of a {@code configMap} (with its text) or a
     * {@code secret}, or a {@code field} of the pod.
     */
    record Value(String kind, String name, String key, String text) {
        static Value of(String text) {
            return new Value("value", null, null, text);
        }

        boolean isSet() {
            return !"value".equals(kind) || !text.isBlank();
        }

        /** An expected literal matches any source with that text; an expected reference, that very key. */
        boolean matches(Value expected) {
            return expected != null && ("value".equals(expected.kind()) ? expected.text().equals(text)
                    : expected.kind().equals(kind) && Objects.equals(expected.name(), name) && Objects.equals(expected.key(), key));
        }

        @Override
        public String toString() {
            return switch (kind) {
                case "value" -> "the value " + text;
                case "field" -> "the field " + key;
                default -> kind + " " + name + " key " + key;
            };
        }
    }

    private Env() {}

    /** A container's variables: its ConfigMaps' and Secrets' keys ({@code envFrom}), then its own env, which wins. */
    static Map<String, Value> of(JsonNode container, List<ObjectNode> docs) {
        Map<String, Value> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String cm = from.path("configMapRef").path("name").asText();
            K8s.find(docs, "ConfigMap", cm).path("data").properties()
                    .forEach(e -> env.put(e.getKey(), new Value("configMap", cm, e.getKey(), e.getValue().asText())));
            String secret = from.path("secretRef").path("name").asText();
            K8s.secretKeys(K8s.find(docs, "Secret", secret)).forEach(k -> env.put(k, new Value("secret", secret, k, null)));
        }
        for (JsonNode e : container.path("env")) {
            JsonNode from = e.path("valueFrom");
            JsonNode secret = from.path("secretKeyRef");
            JsonNode cm = from.path("configMapKeyRef");
            Value v = secret.isObject() ? new Value("secret", secret.path("name").asText(), secret.path("key").asText(), null)
                    : cm.isObject() ? new Value("configMap", cm.path("name").asText(), cm.path("key").asText(),
                            K8s.find(docs, "ConfigMap", cm.path("name").asText()).path("data").path(cm.path("key").asText()).asText())
                    : from.has("fieldRef") ? new Value("field", null, from.path("fieldRef").path("fieldPath").asText(), null)
                    : from.isMissingNode() ? Value.of(e.path("value").asText()) : new Value("other", null, from.toString(), null);
            env.put(e.path("name").asText(), v);
        }
        return env;
    }

    /** A compose service's environment, from the mapping or the list form. */
    static Map<String, Value> of(JsonNode service) {
        Map<String, Value> env = new LinkedHashMap<>();
        JsonNode e = service.path("environment");
        if (e.isObject()) {
            e.properties().forEach(f -> env.put(f.getKey(), Value.of(f.getValue().isNull() ? "" : f.getValue().asText())));
        } else {
            for (JsonNode item : e) {
                String[] kv = item.asText().split("=", 2);
                env.put(kv[0], Value.of(kv.length > 1 ? kv[1] : ""));
            }
        }
        return env;
    }

    /** The text of a variable; empty when it is unset or a reference. */
    static String text(Map<String, Value> env, String name) {
        Value v = env.get(name);
        return v == null || v.text() == null ? "" : v.text();
    }
}
