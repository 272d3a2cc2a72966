package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * deploy/kafka/acls.tsv, the one source of who may do what on Kafka, against the Strimzi KafkaUsers that
 * carry it to Kubernetes and against what the contract and the services' configuration need.
 */
final class KafkaAcls {

    /** The file, from the repository root. */
    static final String FILE = "deploy/kafka/acls.tsv";
    /** The read-only principal of people and tools that watch the topics. */
    static final String OBSERVER = "distill-observer";
    private static final Set<String> TYPES = Set.of("topic", "group");
    private static final Set<String> OPERATIONS = Set.of("Read", "Write", "Describe");

    /** One operation on one resource for one principal; {@code prefix}: every name that starts with {@code name}. */
    record Grant(String principal, String type, String name, boolean prefix, String operation) {
        @Override
        public String toString() {
            return principal + " " + operation + " on " + type + " " + name + (prefix ? "*" : "");
        }
    }

    private KafkaAcls() {}

    /** The grants of the repository's acls.tsv. */
    static List<Grant> read() {
        return read(Contract.repo().resolve(FILE));
    }

    /** The grants of acls.tsv, one per operation; {@code #} comments and blank lines are skipped. */
    static List<Grant> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        List<Grant> grants = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            String at = file.getFileName() + " line " + (i + 1);
            if (cells.length != 4 || !TYPES.contains(cells[1]) || cells[0].isBlank() || cells[2].isBlank()) {
                throw new IllegalArgumentException(at + " is '" + line + "', expected four tab-separated cells: "
                        + "principal, topic or group, name, operations.");
            }
            boolean prefix = cells[2].endsWith("*");
            String name = prefix ? cells[2].substring(0, cells[2].length() - 1) : cells[2];
            for (String op : cells[3].split(",")) {
                String operation = operation(op.trim());
                if (!OPERATIONS.contains(operation)) {
                    throw new IllegalArgumentException(at + " grants '" + op.trim() + "', expected Read, Write or Describe.");
                }
                grants.add(new Grant(cells[0], cells[1], name, prefix, operation));
            }
        }
        return grants;
    }

    /** The grants of every KafkaUser; an ACL that acls.tsv cannot express (deny, a host, another pattern) is a problem. */
    static List<Grant> ofUsers(List<ObjectNode> docs, List<String> problems) {
        List<Grant> grants = new ArrayList<>();
        for (ObjectNode user : K8s.ofKind(docs, "KafkaUser")) {
            String name = user.path("metadata").path("name").asText();
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                JsonNode resource = acl.path("resource");
                String where = "KafkaUser " + name + ": the ACL on " + resource.path("type").asText() + " "
                        + resource.path("name").asText();
                String pattern = resource.path("patternType").asText("literal");
                if (!acl.path("type").asText("allow").equals("allow") || !acl.path("host").asText("*").equals("*")
                        || !Set.of("literal", "prefix").contains(pattern)) {
                    problems.add(where + " is not an allow rule for any host on a literal or prefixed name,"
                            + " which acls.tsv cannot express");
                    continue;
                }
                List<String> operations = new ArrayList<>();
                acl.path("operations").forEach(op -> operations.add(op.asText()));
                if (acl.has("operation")) {
                    operations.add(acl.path("operation").asText());
                }
                for (String op : operations) {
                    // As written: Strimzi takes only Read, Write, Describe... as they are spelt.
                    grants.add(new Grant(name, resource.path("type").asText(), resource.path("name").asText(),
                            "prefix".equals(pattern), op));
                }
            }
        }
        return grants;
    }

    /** The KafkaUsers grant exactly what acls.tsv grants: each grant of one is in the other. */
    static List<String> compare(List<Grant> file, List<ObjectNode> docs) {
        List<String> problems = new ArrayList<>();
        List<Grant> users = ofUsers(docs, problems);
        Set<String> named = new LinkedHashSet<>();
        K8s.ofKind(docs, "KafkaUser").forEach(u -> named.add(u.path("metadata").path("name").asText()));
        Set<String> principals = principals(file);
        for (String p : principals) {
            if (!named.contains(p)) {
                problems.add(FILE + " names principal " + p + ", which has no KafkaUser");
            }
        }
        for (String u : named) {
            if (!principals.contains(u)) {
                problems.add("KafkaUser " + u + " is not a principal of " + FILE);
            }
        }
        for (Grant g : file) {
            if (named.contains(g.principal()) && !users.contains(g)) {
                problems.add(FILE + " grants " + g + ", which its KafkaUser does not");
            }
        }
        for (Grant g : users) {
            if (principals.contains(g.principal()) && !file.contains(g)) {
                problems.add("KafkaUser " + g.principal() + " grants " + g + ", which " + FILE + " does not");
            }
        }
        return problems;
    }

    /**
     * What the contract and the services' application.properties need, no more: each service writes the topics it
     * publishes and the dead-letter topic of each it consumes, reads the topics it consumes and the groups its
     * channels name; distill-observer reads every topic of the contract and nothing else, but its own groups.
     */
    static List<String> againstContract(List<Grant> grants) {
        List<String> problems = new ArrayList<>();
        Set<String> services = new LinkedHashSet<>();
        for (Contract.Service s : Contract.SERVICES) {
            services.add(s.name());
            Set<Grant> needed = needs(s);
            Set<Grant> given = new LinkedHashSet<>(grants.stream().filter(g -> g.principal().equals(s.name())).toList());
            for (Grant g : needed) {
                if (!given.contains(g)) {
                    problems.add(s.name() + " needs " + g.operation() + " on " + g.type() + " " + g.name() + ", which " + FILE
                            + " does not grant");
                }
            }
            for (Grant g : given) {
                if (!needed.contains(g)) {
                    problems.add(FILE + " grants " + g + ", which " + s.name() + " does not need");
                }
            }
        }
        Set<String> topics = Contract.topics();
        for (Grant g : grants) {
            if (g.principal().equals(OBSERVER)) {
                boolean watches = g.type().equals("topic") && !g.prefix() && topics.contains(g.name());
                boolean ownGroup = g.type().equals("group") && g.name().startsWith(OBSERVER);
                if (!g.operation().equals("Read") || !(watches || ownGroup)) {
                    problems.add(FILE + " grants " + g + "; " + OBSERVER + " only reads the contract's topics and its own groups");
                }
            } else if (!services.contains(g.principal())) {
                problems.add(FILE + " grants " + g + ", but " + g.principal() + " is neither a service of the contract nor "
                        + OBSERVER);
            }
        }
        for (String topic : topics) {
            if (!grants.contains(new Grant(OBSERVER, "topic", topic, false, "Read"))) {
                problems.add(OBSERVER + " needs Read on topic " + topic + ", which " + FILE + " does not grant");
            }
        }
        return problems;
    }

    private static Set<Grant> needs(Contract.Service s) {
        Set<Grant> needed = new LinkedHashSet<>();
        s.publishes().forEach(t -> needed.add(new Grant(s.name(), "topic", t, false, "Write")));
        for (String t : s.consumes()) {
            needed.add(new Grant(s.name(), "topic", t, false, "Read"));
            needed.add(new Grant(s.name(), "topic", t + ".dlq", false, "Write"));
        }
        Properties p = Contract.properties(s);
        for (String key : p.stringPropertyNames()) {
            String value = p.getProperty(key).trim();
            if (key.matches("mp\\.messaging\\.outgoing\\.[^.]+\\.topic") || key.endsWith(".dead-letter-queue.topic")) {
                needed.add(new Grant(s.name(), "topic", value, false, "Write"));
            } else if (key.matches("mp\\.messaging\\.incoming\\.[^.]+\\.topic")) {
                needed.add(new Grant(s.name(), "topic", value, false, "Read"));
            } else if (key.matches("mp\\.messaging\\.incoming\\.[^.]+\\.group\\.id")) {
                needed.add(new Grant(s.name(), "group", value, false, "Read"));
            }
        }
        return needed;
    }

    static Set<String> principals(List<Grant> grants) {
        Set<String> principals = new LinkedHashSet<>();
        grants.forEach(g -> principals.add(g.principal()));
        return principals;
    }

    /** An operation as acls.tsv and Strimzi spell it: {@code Read}, {@code Write}, {@code Describe}. */
    private static String operation(String op) {
        return op.isEmpty() ? op : op.substring(0, 1).toUpperCase(Locale.ROOT) + op.substring(1).toLowerCase(Locale.ROOT);
    }
}
