package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Kafka's security in the rendered manifests: Strimzi's Kafka has only TLS listeners that authenticate with
 * SASL/SCRAM-SHA-512 and enforces ACLs, every KafkaUser is a SCRAM user, and each service logs in as its own
 * user over TLS, trusting Strimzi's cluster CA. Which ACLs the users carry is {@link KafkaAcls}' part.
 */
final class K8sKafkaSecurity {

    static final String SCRAM = "scram-sha-512";
    /** The keys of the Secret that Strimzi's User Operator writes for a SCRAM user, named after the user. */
    static final Set<String> USER_SECRET_KEYS = Set.of("password", "sasl.jaas.config");
    /** The cluster CA's certificate Secret, {@code <cluster>-cluster-ca-cert}, which the Cluster Operator writes. */
    static final String CA_SECRET_SUFFIX = "-cluster-ca-cert";
    static final String CA_KEY = "ca.crt";

    private K8sKafkaSecurity() {}

    static List<String> check(List<ObjectNode> docs) {
        List<String> problems = new ArrayList<>();
        problems.addAll(brokers(docs));
        problems.addAll(users(docs));
        problems.addAll(clients(docs));
        return problems;
    }

    /** The Secrets that Strimzi writes from the manifests, by name, with their keys. */
    static Map<String, Set<String>> operatorSecrets(List<ObjectNode> docs) {
        Map<String, Set<String>> made = new LinkedHashMap<>();
        for (ObjectNode user : K8sChecks.ofKind(docs, "KafkaUser")) {
            if (SCRAM.equals(user.path("spec").path("authentication").path("type").asText())) {
                made.put(user.path("metadata").path("name").asText(), USER_SECRET_KEYS);
            }
        }
        for (ObjectNode kafka : K8sChecks.ofKind(docs, "Kafka")) {
            made.put(kafka.path("metadata").path("name").asText() + CA_SECRET_SUFFIX, Set.of(CA_KEY, "ca.p12", "ca.password"));
        }
        return made;
    }

    /** Every listener is TLS with SCRAM-SHA-512, the simple authorizer enforces ACLs, and the User Operator runs. */
    static List<String> brokers(List<ObjectNode> docs) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode kafka : K8sChecks.ofKind(docs, "Kafka")) {
            String where = "Kafka " + kafka.path("metadata").path("name").asText();
            JsonNode spec = kafka.path("spec").path("kafka");
            for (JsonNode listener : spec.path("listeners")) {
                String at = where + ": listener " + listener.path("name").asText() + " (port " + listener.path("port").asText() + ")";
                if (!listener.path("tls").asBoolean(false)) {
                    problems.add(at + " is not TLS");
                }
                String auth = listener.path("authentication").path("type").asText("none");
                if (!SCRAM.equals(auth)) {
                    problems.add(at + " authenticates with " + auth + ", expected " + SCRAM);
                }
            }
            JsonNode authorization = spec.path("authorization");
            if (!"simple".equals(authorization.path("type").asText())) {
                problems.add(where + ": authorization is " + authorization.path("type").asText("none")
                        + ", expected simple (ACLs, Kafka's StandardAuthorizer)");
            }
            if (!authorization.path("superUsers").isEmpty()) {
                problems.add(where + ": super users " + authorization.path("superUsers") + " pass every ACL");
            }
            if (spec.path("config").path("allow.everyone.if.no.acl.found").asBoolean(false)) {
                problems.add(where + ": allow.everyone.if.no.acl.found lets anyone use a resource without ACLs");
            }
            if (!kafka.path("spec").path("entityOperator").has("userOperator")) {
                problems.add(where + ": no User Operator (entityOperator.userOperator), so no KafkaUser takes effect");
            }
        }
        return problems;
    }

    /** Every KafkaUser belongs to the cluster and is a SCRAM-SHA-512 user whose ACLs the simple authorizer applies. */
    static List<String> users(List<ObjectNode> docs) {
        List<ObjectNode> clusters = K8sChecks.ofKind(docs, "Kafka");
        String cluster = clusters.isEmpty() ? "" : clusters.get(0).path("metadata").path("name").asText();
        List<String> problems = new ArrayList<>();
        for (ObjectNode user : K8sChecks.ofKind(docs, "KafkaUser")) {
            String where = "KafkaUser " + user.path("metadata").path("name").asText();
            String label = user.path("metadata").path("labels").path("strimzi.io/cluster").asText();
            if (!cluster.equals(label)) {
                problems.add(where + ": labelled strimzi.io/cluster=" + label + ", expected " + cluster);
            }
            String auth = user.path("spec").path("authentication").path("type").asText("none");
            if (!SCRAM.equals(auth)) {
                problems.add(where + ": authenticates with " + auth + ", expected " + SCRAM);
            }
            if (!"simple".equals(user.path("spec").path("authorization").path("type").asText())) {
                problems.add(where + ": authorization is not simple, so its ACLs are not applied");
            }
        }
        return problems;
    }

    /**
     * Each service: SASL_SSL with SCRAM-SHA-512 to a secure listener, the JAAS configuration from its own
     * KafkaUser's Secret, and a PEM truststore that is the cluster CA's certificate, mounted read-only.
     */
    static List<String> clients(List<ObjectNode> docs) {
        List<ObjectNode> clusters = K8sChecks.ofKind(docs, "Kafka");
        if (clusters.size() != 1) {
            return List.of("expected one Strimzi Kafka, found " + clusters.size());
        }
        String cluster = clusters.get(0).path("metadata").path("name").asText();
        Set<String> ports = new LinkedHashSet<>();
        for (JsonNode l : clusters.get(0).path("spec").path("kafka").path("listeners")) {
            if (l.path("tls").asBoolean(false) && SCRAM.equals(l.path("authentication").path("type").asText())) {
                ports.add(l.path("port").asText());
            }
        }
        Set<String> users = operatorSecrets(docs).keySet();
        Map<String, ConfigMap> configMaps = byName(docs, "ConfigMap", ConfigMap.class);
        Map<String, Secret> secrets = byName(docs, "Secret", Secret.class);
        Map<String, Deployment> deployments = byName(docs, "Deployment", Deployment.class);
        List<String> problems = new ArrayList<>();
        for (Contract.Service s : Contract.SERVICES) {
            Deployment d = deployments.get(s.name());
            Container main = d == null ? null : d.getSpec().getTemplate().getSpec().getContainers().stream()
                    .filter(c -> s.name().equals(c.getName())).findFirst().orElse(null);
            if (main == null) {
                continue;
            }
            String where = "Deployment " + s.name();
            Map<String, K8sSharedState.Source> env = K8sSharedState.sources(main, configMaps, secrets);
            expectValue(problems, where, env, "KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
            expectValue(problems, where, env, "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
            expectValue(problems, where, env, "KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
            for (String server : value(env, "KAFKA_BOOTSTRAP_SERVERS").split(",")) {
                String[] hostPort = server.trim().split(":");
                if (hostPort.length != 2 || !hostPort[0].startsWith(cluster + "-kafka-bootstrap") || !ports.contains(hostPort[1])) {
                    problems.add(where + ": KAFKA_BOOTSTRAP_SERVERS " + server.trim() + " is not " + cluster
                            + "-kafka-bootstrap on a TLS listener with " + SCRAM + " (ports " + ports + ")");
                }
            }
            K8sSharedState.Source jaas = env.get("KAFKA_SASL_JAAS_CONFIG");
            if (jaas == null || !"secret".equals(jaas.kind()) || !s.name().equals(jaas.name()) || !"sasl.jaas.config".equals(jaas.key())) {
                problems.add(where + ": KAFKA_SASL_JAAS_CONFIG is " + jaas + ", expected Secret " + s.name()
                        + " key sasl.jaas.config (its own KafkaUser's)");
            }
            if (!users.contains(s.name())) {
                problems.add(where + ": no SCRAM-SHA-512 KafkaUser " + s.name() + " to log in as");
            }
            problems.addAll(truststore(where, d, main, value(env, "KAFKA_SSL_TRUSTSTORE_LOCATION"), cluster + CA_SECRET_SUFFIX));
        }
        return problems;
    }

    /** The truststore file is the CA Secret's ca.crt, in a read-only volume of the main container. */
    private static List<String> truststore(String where, Deployment d, Container main, String location, String caSecret) {
        int slash = location.lastIndexOf('/');
        String dir = slash > 0 ? location.substring(0, slash) : "";
        String file = location.substring(slash + 1);
        VolumeMount mount = Optional.ofNullable(main.getVolumeMounts()).orElse(List.of()).stream()
                .filter(m -> dir.equals(m.getMountPath().replaceAll("/+$", "")) && m.getSubPath() == null).findFirst().orElse(null);
        Volume volume = mount == null ? null : Optional.ofNullable(d.getSpec().getTemplate().getSpec().getVolumes()).orElse(List.of())
                .stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElse(null);
        String expected = "Secret " + caSecret + " key " + CA_KEY;
        if (volume == null || volume.getSecret() == null || !caSecret.equals(volume.getSecret().getSecretName())) {
            return List.of(where + ": KAFKA_SSL_TRUSTSTORE_LOCATION " + location + " is not in a volume of " + expected);
        }
        List<KeyToPath> items = volume.getSecret().getItems();
        boolean isCa = items == null || items.isEmpty() ? CA_KEY.equals(file)
                : items.stream().anyMatch(i -> CA_KEY.equals(i.getKey()) && file.equals(i.getPath()));
        List<String> problems = new ArrayList<>();
        if (!isCa) {
            problems.add(where + ": KAFKA_SSL_TRUSTSTORE_LOCATION " + location + " is not " + expected);
        }
        if (!Boolean.TRUE.equals(mount.getReadOnly())) {
            problems.add(where + ": the Kafka CA volume " + mount.getName() + " is not mounted read-only");
        }
        return problems;
    }

    private static void expectValue(List<String> problems, String where, Map<String, K8sSharedState.Source> env, String name, String value) {
        if (!Objects.equals(value, env.get(name) == null ? null : env.get(name).value())) {
            problems.add(where + ": " + name + " is " + env.get(name) + ", expected " + value);
        }
    }

    private static String value(Map<String, K8sSharedState.Source> env, String name) {
        K8sSharedState.Source source = env.get(name);
        return source == null || source.value() == null ? "" : source.value();
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> Map<String, T> byName(List<ObjectNode> docs, String kind, Class<T> type) {
        Map<String, T> out = new LinkedHashMap<>();
        K8sModel.all(docs, kind, type).forEach(t -> out.put(t.getMetadata().getName(), t));
        return out;
    }
}
