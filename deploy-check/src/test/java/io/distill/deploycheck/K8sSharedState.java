package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the shared state of the rendered Kubernetes manifests, as docs/api.md's "Replicas" asks:
 * services that run as interchangeable replicas, a CloudNativePG cluster, an object store with its
 * bucket, and credentials that live only in Secrets.
 */
final class K8sSharedState {

    /** The object store's Deployment and Service, besides the contract's services. */
    static final String OBJECT_STORE = "minio";
    /** What marks a credential in the repository's Secrets as a value to replace. */
    static final String PLACEHOLDER = "REPLACE-ME";
    /** The variables that point the services at the database and the object store. */
    static final List<String> SHARED_STATE_ENV = List.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
            "QUARKUS_DATASOURCE_PASSWORD", "DISTILL_OBJECT_STORE_ENDPOINT", "DISTILL_OBJECT_STORE_BUCKET",
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION");
    private static final Pattern ENDPOINT = Pattern.compile("http://([a-z0-9-]+):(\\d+)/?");

    /** Where a container's variable comes from: a value, a ConfigMap's or Secret's key, or a pod field. */
    record Source(String kind, String name, String key, String value) {
        @Override
        public String toString() {
            return switch (kind) {
                case "value" -> "the value " + value;
                case "field" -> "the field " + key;
                default -> kind + " " + name + " key " + key;
            };
        }
    }

    /** The manifests, indexed as the checks use them. */
    private record Manifests(Map<String, ConfigMap> configMaps, Map<String, Secret> secrets, Map<String, Deployment> deployments,
            Map<String, Job> jobs, Map<String, Service> services, Map<String, PersistentVolumeClaim> claims) {
        static Manifests of(List<ObjectNode> docs) {
            return new Manifests(byName(docs, "ConfigMap", ConfigMap.class), byName(docs, "Secret", Secret.class),
                    byName(docs, "Deployment", Deployment.class), byName(docs, "Job", Job.class),
                    byName(docs, "Service", Service.class), byName(docs, "PersistentVolumeClaim", PersistentVolumeClaim.class));
        }

        Map<String, Source> env(Container c) {
            return sources(c, configMaps, secrets);
        }
    }

    private K8sSharedState() {}

    static List<String> check(List<ObjectNode> docs) {
        List<String> problems = new ArrayList<>();
        problems.addAll(replicas(docs));
        problems.addAll(credentials(docs));
        problems.addAll(database(docs));
        problems.addAll(objectStore(docs));
        return problems;
    }

    /** Each service: two replicas or more, rolled over, with no volume of its own, its replica id, and the shared state's variables. */
    static List<String> replicas(List<ObjectNode> docs) {
        Manifests m = Manifests.of(docs);
        List<String> problems = new ArrayList<>();
        for (Contract.Service s : Contract.SERVICES) {
            Deployment d = m.deployments().get(s.name());
            Container main = main(d, s.name());
            if (main == null) {
                continue;
            }
            String where = "Deployment " + s.name();
            Integer replicas = d.getSpec().getReplicas();
            if (replicas == null || replicas < 2) {
                problems.add(where + ": replicas " + replicas + ", expected at least 2");
            }
            String strategy = d.getSpec().getStrategy() == null ? null : d.getSpec().getStrategy().getType();
            if (!"RollingUpdate".equals(strategy)) {
                problems.add(where + ": strategy " + strategy + ", expected RollingUpdate");
            }
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            for (Volume v : Optional.ofNullable(pod.getVolumes()).orElse(List.of())) {
                if (v.getPersistentVolumeClaim() != null) {
                    problems.add(where + ": mounts PVC " + v.getPersistentVolumeClaim().getClaimName()
                            + "; replicas share no volume, the state is in PostgreSQL and the object store");
                }
            }
            Map<String, Source> env = m.env(main);
            for (String name : Contract.PLATFORM_ENV) {
                Source hostname = env.get(name);
                if (hostname != null && !("field".equals(hostname.kind()) && "metadata.name".equals(hostname.key()))) {
                    problems.add(where + ": " + name + " is " + hostname + ", expected the pod's name (fieldRef metadata.name)");
                }
            }
            if (pod.getHostname() != null) {
                problems.add(where + ": sets the pod's hostname " + pod.getHostname() + ", which every replica would share");
            }
            for (String name : SHARED_STATE_ENV) {
                Source source = env.get(name);
                if (source == null || !List.of("configMap", "secret").contains(source.kind())) {
                    problems.add(where + ": " + name + " is " + source + ", expected a key of the shared ConfigMap or a Secret");
                }
            }
        }
        return problems;
    }

    /**
     * Credentials come from Secrets that the manifests hold or that Strimzi makes from them (a KafkaUser's),
     * never from a value or a ConfigMap, and the repository keeps only placeholders.
     */
    static List<String> credentials(List<ObjectNode> docs) {
        Manifests m = Manifests.of(docs);
        Map<String, Set<String>> made = K8sKafkaSecurity.operatorSecrets(docs);
        List<String> problems = new ArrayList<>();
        for (ConfigMap cm : m.configMaps().values()) {
            for (String key : Optional.ofNullable(cm.getData()).orElse(Map.of()).keySet()) {
                if (Contract.isCredential(key)) {
                    problems.add("ConfigMap " + cm.getMetadata().getName() + ": holds credential " + key + "; it belongs in a Secret");
                }
            }
        }
        Map<String, PodSpec> pods = new LinkedHashMap<>();
        m.deployments().forEach((name, d) -> pods.put("Deployment " + name, d.getSpec().getTemplate().getSpec()));
        m.jobs().forEach((name, j) -> pods.put("Job " + name, j.getSpec().getTemplate().getSpec()));
        pods.forEach((owner, pod) -> {
            for (Container c : containers(pod)) {
                String where = owner + " container " + c.getName();
                m.env(c).forEach((name, source) -> {
                    if ("secret".equals(source.kind()) && value(m.secrets().get(source.name()), source.key()) == null
                            && !made.getOrDefault(source.name(), Set.of()).contains(source.key())) {
                        problems.add(where + ": " + name + " refers to Secret " + source.name() + " key " + source.key()
                                + ", which the manifests do not hold");
                    } else if (Contract.isCredential(name) && !"secret".equals(source.kind())) {
                        problems.add(where + ": credential " + name + " is " + source + "; it belongs in a Secret");
                    }
                });
            }
        });
        for (Secret secret : m.secrets().values()) {
            for (String key : keys(secret)) {
                String value = value(secret, key);
                if (key.matches("(?i).*(password|secret).*") && !value.contains(PLACEHOLDER)) {
                    problems.add("Secret " + secret.getMetadata().getName() + ": " + key + " is not a " + PLACEHOLDER
                            + " placeholder; real credentials stay out of the repository");
                }
            }
        }
        return problems;
    }

    /** One CloudNativePG Cluster that creates the database and its owner, and every service on its read-write Service as that owner. */
    static List<String> database(List<ObjectNode> docs) {
        List<ObjectNode> clusters = docs.stream().filter(d -> "Cluster".equals(d.path("kind").asText())
                && "postgresql.cnpg.io/v1".equals(d.path("apiVersion").asText())).toList();
        if (clusters.size() != 1) {
            return List.of("expected one CloudNativePG Cluster (postgresql.cnpg.io/v1), found " + clusters.size());
        }
        Manifests m = Manifests.of(docs);
        List<String> problems = new ArrayList<>();
        ObjectNode cluster = clusters.get(0);
        String name = cluster.path("metadata").path("name").asText();
        String where = "Cluster " + name;
        JsonNode spec = cluster.path("spec");
        if (spec.path("instances").asInt(0) < 1) {
            problems.add(where + ": no instances");
        }
        if (spec.path("storage").path("size").asText().isEmpty()) {
            problems.add(where + ": no storage size");
        }
        JsonNode initdb = spec.path("bootstrap").path("initdb");
        String database = initdb.path("database").asText();
        String owner = initdb.path("owner").asText();
        String secretName = initdb.path("secret").path("name").asText();
        if (database.isEmpty() || owner.isEmpty() || secretName.isEmpty()) {
            return List.of(where + ": bootstrap.initdb must name the database, its owner and the owner's secret");
        }
        Secret secret = m.secrets().get(secretName);
        if (secret == null || !"kubernetes.io/basic-auth".equals(secret.getType())) {
            problems.add(where + ": the owner's secret " + secretName + " is not a kubernetes.io/basic-auth Secret among the manifests");
        } else if (!owner.equals(value(secret, "username")) || value(secret, "password") == null) {
            problems.add(where + ": Secret " + secretName + " does not hold the owner " + owner + " and a password");
        }
        Pattern url = Pattern.compile("jdbc:postgresql://" + Pattern.quote(name + "-rw") + "(:5432)?/" + Pattern.quote(database));
        for (Contract.Service s : Contract.SERVICES) {
            Container main = main(m.deployments().get(s.name()), s.name());
            if (main == null) {
                continue;
            }
            Map<String, Source> env = m.env(main);
            Source jdbc = env.get("QUARKUS_DATASOURCE_JDBC_URL");
            if (jdbc == null || jdbc.value() == null || !url.matcher(jdbc.value()).matches()) {
                problems.add("Deployment " + s.name() + ": QUARKUS_DATASOURCE_JDBC_URL is " + jdbc + ", expected jdbc:postgresql://"
                        + name + "-rw:5432/" + database + " (the Cluster's read-write Service)");
            }
            expectSecret(problems, s.name(), env, "QUARKUS_DATASOURCE_USERNAME", secretName, "username");
            expectSecret(problems, s.name(), env, "QUARKUS_DATASOURCE_PASSWORD", secretName, "password");
        }
        return problems;
    }

    /**
     * The services' endpoint is the Service of a MinIO Deployment on a PVC, which takes the services' access
     * key as its root credentials; a Job creates the services' bucket.
     */
    static List<String> objectStore(List<ObjectNode> docs) {
        Manifests m = Manifests.of(docs);
        List<String> problems = new ArrayList<>();
        Deployment store = m.deployments().get(OBJECT_STORE);
        Container server = main(store, OBJECT_STORE);
        if (server == null) {
            return List.of("no Deployment " + OBJECT_STORE + " (the object store)");
        }
        Map<String, Source> serverEnv = m.env(server);
        PodSpec pod = store.getSpec().getTemplate().getSpec();
        boolean persistent = Optional.ofNullable(pod.getVolumes()).orElse(List.of()).stream()
                .anyMatch(v -> v.getPersistentVolumeClaim() != null && m.claims().containsKey(v.getPersistentVolumeClaim().getClaimName()));
        if (!persistent) {
            problems.add("Deployment " + OBJECT_STORE + ": keeps its data on no PVC among the manifests");
        }
        problems.addAll(K8sChecks.resources("Deployment " + OBJECT_STORE + " container " + server.getName(), server.getResources()));
        Map<String, String> labels = store.getSpec().getTemplate().getMetadata().getLabels();
        for (Contract.Service s : Contract.SERVICES) {
            Container main = main(m.deployments().get(s.name()), s.name());
            if (main == null) {
                continue;
            }
            Map<String, Source> env = m.env(main);
            Source endpoint = env.get("DISTILL_OBJECT_STORE_ENDPOINT");
            Matcher e = ENDPOINT.matcher(endpoint == null || endpoint.value() == null ? "" : endpoint.value());
            Service svc = e.matches() ? m.services().get(e.group(1)) : null;
            boolean serves = svc != null && labels.entrySet().containsAll(Optional.ofNullable(svc.getSpec().getSelector()).orElse(Map.of()).entrySet())
                    && svc.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == Integer.parseInt(e.group(2)));
            if (!serves) {
                problems.add("Deployment " + s.name() + ": DISTILL_OBJECT_STORE_ENDPOINT is " + endpoint
                        + ", expected http://<Service>:<port> of the Deployment " + OBJECT_STORE);
            }
            expectSame(problems, s.name(), env, "AWS_ACCESS_KEY_ID", serverEnv, "MINIO_ROOT_USER");
            expectSame(problems, s.name(), env, "AWS_SECRET_ACCESS_KEY", serverEnv, "MINIO_ROOT_PASSWORD");
        }
        problems.addAll(bucket(m));
        return problems;
    }

    private static List<String> bucket(Manifests m) {
        String first = Contract.SERVICES.get(0).name();
        Container reference = main(m.deployments().get(first), first);
        Map<String, Source> service = reference == null ? Map.of() : m.env(reference);
        for (Job job : m.jobs().values()) {
            for (Container c : containers(job.getSpec().getTemplate().getSpec())) {
                String script = String.join("\n", Optional.ofNullable(c.getCommand()).orElse(List.of())) + "\n"
                        + String.join("\n", Optional.ofNullable(c.getArgs()).orElse(List.of()));
                if (!script.contains("mc mb") || !script.contains("$DISTILL_OBJECT_STORE_BUCKET")) {
                    continue;
                }
                List<String> problems = new ArrayList<>();
                Map<String, Source> env = m.env(c);
                for (String name : List.of("DISTILL_OBJECT_STORE_ENDPOINT", "DISTILL_OBJECT_STORE_BUCKET", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) {
                    if (env.get(name) == null || !env.get(name).equals(service.get(name))) {
                        problems.add("Job " + job.getMetadata().getName() + ": " + name + " is " + env.get(name) + ", not the services' " + service.get(name));
                    }
                }
                problems.addAll(K8sChecks.resources("Job " + job.getMetadata().getName() + " container " + c.getName(), c.getResources()));
                return problems;
            }
        }
        return List.of("no Job creates the bucket DISTILL_OBJECT_STORE_BUCKET (mc mb)");
    }

    private static void expectSecret(List<String> problems, String service, Map<String, Source> env, String name, String secret, String key) {
        Source source = env.get(name);
        if (source == null || !"secret".equals(source.kind()) || !secret.equals(source.name()) || !key.equals(source.key())) {
            problems.add("Deployment " + service + ": " + name + " is " + source + ", expected Secret " + secret + " key " + key);
        }
    }

    private static void expectSame(List<String> problems, String service, Map<String, Source> env, String name,
            Map<String, Source> serverEnv, String serverName) {
        Source source = env.get(name);
        if (source == null || !source.equals(serverEnv.get(serverName))) {
            problems.add("Deployment " + service + ": " + name + " is " + source + ", not the object store's " + serverName
                    + " (" + serverEnv.get(serverName) + ")");
        }
    }

    /** A container's variables and where each comes from; the container's own env wins over envFrom. */
    static Map<String, Source> sources(Container c, Map<String, ConfigMap> configMaps, Map<String, Secret> secrets) {
        Map<String, Source> env = new LinkedHashMap<>();
        for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
            if (from.getConfigMapRef() != null && configMaps.containsKey(from.getConfigMapRef().getName())) {
                String cm = from.getConfigMapRef().getName();
                Optional.ofNullable(configMaps.get(cm).getData()).orElse(Map.of())
                        .forEach((k, v) -> env.put(k, new Source("configMap", cm, k, v)));
            }
            if (from.getSecretRef() != null && secrets.containsKey(from.getSecretRef().getName())) {
                String secret = from.getSecretRef().getName();
                keys(secrets.get(secret)).forEach(k -> env.put(k, new Source("secret", secret, k, null)));
            }
        }
        for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
            Source source;
            if (e.getValueFrom() == null) {
                source = new Source("value", null, null, Optional.ofNullable(e.getValue()).orElse(""));
            } else if (e.getValueFrom().getSecretKeyRef() != null) {
                source = new Source("secret", e.getValueFrom().getSecretKeyRef().getName(), e.getValueFrom().getSecretKeyRef().getKey(), null);
            } else if (e.getValueFrom().getConfigMapKeyRef() != null) {
                String cm = e.getValueFrom().getConfigMapKeyRef().getName();
                String key = e.getValueFrom().getConfigMapKeyRef().getKey();
                String value = configMaps.containsKey(cm) ? Optional.ofNullable(configMaps.get(cm).getData()).orElse(Map.of()).get(key) : null;
                source = new Source("configMap", cm, key, value);
            } else if (e.getValueFrom().getFieldRef() != null) {
                source = new Source("field", null, e.getValueFrom().getFieldRef().getFieldPath(), null);
            } else {
                source = new Source("other", null, String.valueOf(e.getValueFrom()), null);
            }
            env.put(e.getName(), source);
        }
        return env;
    }

    private static List<String> keys(Secret secret) {
        List<String> keys = new ArrayList<>(Optional.ofNullable(secret.getData()).orElse(Map.of()).keySet());
        keys.addAll(Optional.ofNullable(secret.getStringData()).orElse(Map.of()).keySet());
        return keys;
    }

    /** A Secret's value for a key, from stringData or base64 data; null when it has none. */
    private static String value(Secret secret, String key) {
        if (secret == null) {
            return null;
        }
        String plain = Optional.ofNullable(secret.getStringData()).orElse(Map.of()).get(key);
        if (plain != null) {
            return plain;
        }
        String encoded = Optional.ofNullable(secret.getData()).orElse(Map.of()).get(key);
        return encoded == null ? null : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    }

    private static Container main(Deployment d, String name) {
        if (d == null) {
            return null;
        }
        return d.getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> name.equals(c.getName())).findFirst().orElse(null);
    }

    private static List<Container> containers(PodSpec pod) {
        List<Container> all = new ArrayList<>(pod.getContainers());
        all.addAll(Optional.ofNullable(pod.getInitContainers()).orElse(List.of()));
        return all;
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> Map<String, T> byName(List<ObjectNode> docs, String kind, Class<T> type) {
        Map<String, T> out = new LinkedHashMap<>();
        for (T t : K8sModel.all(docs, kind, type)) {
            out.put(t.getMetadata().getName(), t);
        }
        return out;
    }
}
