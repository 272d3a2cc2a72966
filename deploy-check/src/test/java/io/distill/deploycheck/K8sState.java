package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distill.deploycheck.Services.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks the shared state: credentials only in Secrets, a CloudNativePG cluster and MinIO with its bucket, all the services on them. */
final class K8sState {

    /** The object store's Deployment and Service, besides the contract's services. */
    static final String OBJECT_STORE = "minio";
    /** What marks a credential in the repository's Secrets as a value to replace. */
    static final String PLACEHOLDER = "REPLACE-ME";
    private static final List<String> BUCKET_ENV = List.of("DISTILL_OBJECT_STORE_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");

    private K8sState() {}

    static void check(Problems p, List<ObjectNode> docs) {
        credentials(p, docs);
        Map<String, Value> expected = new LinkedHashMap<>();
        database(p, docs, expected);
        objectStore(p, docs, expected);
        for (Contract.Service s : Contract.SERVICES) {
            JsonNode main = K8s.main(docs, s.name());
            if (main.isObject()) {
                Services.sameAs(p, "Deployment " + s.name(), K8s.env(main, docs), expected);
            }
        }
    }

    /**
     * No ConfigMap holds a credential; every container takes its credentials from Secrets, each key of which the
     * manifests hold or Strimzi makes from them; and the Secrets hold only placeholders.
     */
    static void credentials(Problems p, List<ObjectNode> docs) {
        Map<String, Set<String>> made = K8s.operatorSecrets(docs);
        for (ObjectNode cm : K8s.ofKind(docs, "ConfigMap")) {
            cm.path("data").fieldNames().forEachRemaining(key -> p.expect(!Contract.isCredential(key),
                    "ConfigMap " + K8s.name(cm) + ": holds credential " + key + "; it belongs in a Secret"));
        }
        K8s.pods(docs).forEach((owner, pod) -> K8s.containers(pod).forEach(c -> K8s.env(c, docs).forEach((name, v) -> {
            String where = owner + " container " + c.path("name").asText();
            boolean secret = "secret".equals(v.kind());
            p.expect(!secret || K8s.secretValue(K8s.find(docs, "Secret", v.name()), v.key()) != null || made.getOrDefault(v.name(),
                    Set.of())
                    .contains(v.key()), where + ": " + name + " refers to Secret " + v.name() + " key " + v.key()
                    + ", which the manifests do not hold");
            p.expect(secret || !Contract.isCredential(name), where + ": credential " + name + " is " + v + "; it belongs in a Secret");
        })));
        for (ObjectNode secret : K8s.ofKind(docs, "Secret")) {
            for (String key : K8s.secretKeys(secret)) {
                p.expect(!key.matches("(?i).*(password|secret).*") || K8s.secretValue(secret, key).contains(PLACEHOLDER), "Secret "
                        + K8s.name(secret) + ": " + key + " is not a " + PLACEHOLDER
                        + " placeholder; real credentials stay out of the repository");
            }
        }
    }

    /** One CloudNativePG Cluster that creates the database and its owner; the services connect to its read-write Service as that owner. */
    private static void database(Problems p, List<ObjectNode> docs, Map<String, Value> expected) {
        List<ObjectNode> clusters = K8s.ofKind(docs, "Cluster").stream().filter(d -> "postgresql.cnpg.io/v1".equals(d.path("apiVersion")
                .asText())).toList();
        if (clusters.size() != 1) {
            p.add("expected one CloudNativePG Cluster (postgresql.cnpg.io/v1), found " + clusters.size());
            return;
        }
        String name = K8s.name(clusters.get(0));
        String where = "Cluster " + name;
        JsonNode spec = clusters.get(0).path("spec");
        p.expect(spec.path("instances").asInt(0) >= 1, where + ": no instances");
        p.expect(!spec.path("storage").path("size").asText().isEmpty(), where + ": no storage size");
        JsonNode initdb = spec.path("bootstrap").path("initdb");
        String database = initdb.path("database").asText();
        String owner = initdb.path("owner").asText();
        String secretName = initdb.path("secret").path("name").asText();
        if (database.isEmpty() || owner.isEmpty() || secretName.isEmpty()) {
            p.add(where + ": bootstrap.initdb must name the database, its owner and the owner's secret");
            return;
        }
        JsonNode secret = K8s.find(docs, "Secret", secretName);
        p.expect("kubernetes.io/basic-auth".equals(secret.path("type").asText()),
                where + ": the owner's secret " + secretName + " is not a kubernetes.io/basic-auth Secret among the manifests");
        p.expect(!secret.isObject() || owner.equals(K8s.secretValue(secret, "username")) && K8s.secretValue(secret, "password") != null,
                where + ": Secret " + secretName + " does not hold the owner " + owner + " and a password");
        expected.put("QUARKUS_DATASOURCE_JDBC_URL", Value.of("jdbc:postgresql://" + name + "-rw:5432/" + database));
        expected.put("QUARKUS_DATASOURCE_USERNAME", new Value("secret", secretName, "username", null));
        expected.put("QUARKUS_DATASOURCE_PASSWORD", new Value("secret", secretName, "password", null));
    }

    /**
     * MinIO keeps its data on a PVC and serves the services' endpoint through a Service, with the services' access key
     * as its root credentials; a Job with the same endpoint and key creates the services' bucket.
     */
    private static void objectStore(Problems p, List<ObjectNode> docs, Map<String, Value> expected) {
        JsonNode store = K8s.find(docs, "Deployment", OBJECT_STORE);
        JsonNode server = K8s.main(docs, OBJECT_STORE);
        if (server.isMissingNode()) {
            p.add("no Deployment " + OBJECT_STORE + " (the object store)");
            return;
        }
        JsonNode pod = store.path("spec").path("template");
        p.expect(pod.at("/spec/volumes").findValuesAsText("claimName").stream().anyMatch(c -> K8s.find(docs, "PersistentVolumeClaim", c)
                .isObject()),
                "Deployment " + OBJECT_STORE + ": keeps its data on no PVC among the manifests");
        K8s.ofKind(docs, "Service").stream().filter(svc -> K8sChecks.selects(svc, pod.at("/metadata/labels"))).forEach(svc ->
                expected.putIfAbsent("DISTILL_OBJECT_STORE_ENDPOINT", Value.of("http://" + K8s.name(svc) + ":"
                + svc.at("/spec/ports/0/port").asText())));
        p.expect(expected.containsKey("DISTILL_OBJECT_STORE_ENDPOINT"), "no Service selects the pods of the Deployment " + OBJECT_STORE);
        Map<String, Value> serverEnv = K8s.env(server, docs);
        expected.put("AWS_ACCESS_KEY_ID", serverEnv.get("MINIO_ROOT_USER"));
        expected.put("AWS_SECRET_ACCESS_KEY", serverEnv.get("MINIO_ROOT_PASSWORD"));
        for (ObjectNode job : K8s.ofKind(docs, "Job")) {
            for (JsonNode c : K8s.containers(job.path("spec").path("template").path("spec"))) {
                String script = c.path("command") + " " + c.path("args");
                if (script.contains("mc mb") && script.contains("$DISTILL_OBJECT_STORE_BUCKET")) {
                    Map<String, Value> env = K8s.env(c, docs);
                    Map<String, Value> same = new LinkedHashMap<>();
                    BUCKET_ENV.stream().filter(expected::containsKey).forEach(name -> same.put(name, expected.get(name)));
                    Services.sameAs(p, "Job " + K8s.name(job), env, same);
                    expected.put("DISTILL_OBJECT_STORE_BUCKET", env.get("DISTILL_OBJECT_STORE_BUCKET"));
                    return;
                }
            }
        }
        p.add("no Job creates the bucket DISTILL_OBJECT_STORE_BUCKET (mc mb)");
    }
}
