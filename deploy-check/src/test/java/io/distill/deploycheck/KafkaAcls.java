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

/** Reads deploy/kafka/acls.tsv, who may do what on Kafka, and holds it against the KafkaUsers and what the services need. */
final class KafkaAcls {

    static final String FILE = "deploy/kafka/acls.tsv";
    /** The read-only principal of people and tools that watch the topics. */
    static final String OBSERVER = "distill-observer";

    /** One operation on one resource for one principal; {@code prefix}: every name that starts with {@code name}. */
    record Grant(String principal, String type, String name, boolean prefix, String operation) {
        @Override
        public String toString() {
            return principal + " " + operation + " on " + type + " " + name + (prefix ? "*" : "");
        }
    }

    private KafkaAcls() {}

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
            String[] cells = lines.get(i).split("\t", -1);
            String at = file.getFileName() + " line " + (i + 1);
            if (lines.get(i).isBlank() || lines.get(i).startsWith("#")) {
                continue;
            } else if (cells.length != 4 || !Set.of("topic", "group").contains(cells[1]) || cells[0].isBlank() || cells[2].isBlank()) {
                throw new IllegalArgumentException(at + " is '" + lines.get(i) + "', expected four tab-separated cells: "
                        + "principal, topic or group, name, operations.");
            }
            boolean prefix = cells[2].endsWith("*");
            for (String op : cells[3].split(",")) {
                // As Strimzi spells them: Read, Write, Describe.
                String operation = op.isBlank() ? "" : op.trim().substring(0, 1).toUpperCase(Locale.ROOT) + op.trim().substring(1)
                        .toLowerCase(Locale.ROOT);
                if (!Set.of("Read", "Write", "Describe").contains(operation)) {
                    throw new IllegalArgumentException(at + " grants '" + op.trim() + "', expected Read, Write or Describe.");
                }
                grants.add(new Grant(cells[0], cells[1], prefix ? cells[2].substring(0, cells[2].length() - 1) : cells[2], prefix,
                        operation));
            }
        }
        return grants;
    }

    /** The KafkaUsers grant exactly what acls.tsv grants, each grant of one being in the other, and nothing it cannot express. */
    static List<String> compare(List<Grant> file, List<ObjectNode> docs) {
        Problems p = new Problems();
        Set<Grant> users = new LinkedHashSet<>();
        Set<String> named = new LinkedHashSet<>();
        for (ObjectNode user : K8s.ofKind(docs, "KafkaUser")) {
            named.add(K8s.name(user));
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                JsonNode resource = acl.path("resource");
                String pattern = resource.path("patternType").asText("literal");
                if (!acl.path("type").asText("allow").equals("allow") || !acl.path("host").asText("*").equals("*")
                        || !Set.of("literal", "prefix").contains(pattern)) {
                    p.add("KafkaUser " + K8s.name(user) + ": the ACL on " + resource.path("type").asText() + " " + resource.path("name")
                            .asText()
                            + " is not an allow rule for any host on a literal or prefixed name, which acls.tsv cannot express");
                    continue;
                }
                List<String> operations = K8sSecurity.texts(acl.path("operations"));
                if (acl.has("operation")) {
                    operations.add(acl.path("operation").asText());
                }
                operations.forEach(op -> users.add(new Grant(K8s.name(user), resource.path("type").asText(), resource.path("name").asText(),
                        "prefix".equals(pattern), op)));
            }
        }
        Set<String> principals = principals(file);
        principals.forEach(name -> p.expect(named.contains(name), FILE + " names principal " + name + ", which has no KafkaUser"));
        named.forEach(name -> p.expect(principals.contains(name), "KafkaUser " + name + " is not a principal of " + FILE));
        file.forEach(g -> p.expect(!named.contains(g.principal()) || users.contains(g), FILE + " grants " + g
                + ", which its KafkaUser does not"));
        users.forEach(g -> p.expect(!principals.contains(g.principal()) || file.contains(g),
                "KafkaUser " + g.principal() + " grants " + g + ", which " + FILE + " does not"));
        return p;
    }

    /**
     * What the contract and the services' configuration need, no more: each service writes the topics it publishes
     * and the dead-letter topic of each it consumes, reads the topics it consumes and the groups its channels name;
     * distill-observer reads every topic of the contract and nothing else, but its own groups.
     */
    static List<String> againstContract(List<Grant> grants) {
        Problems p = new Problems();
        for (Contract.Service s : Contract.SERVICES) {
            Set<Grant> needed = needs(s);
            Set<Grant> given = new LinkedHashSet<>(grants.stream().filter(g -> g.principal().equals(s.name())).toList());
            needed.forEach(g -> p.expect(given.contains(g), s.name() + " needs " + g.operation() + " on " + g.type() + " " + g.name()
                    + ", which " + FILE + " does not grant"));
            given.forEach(g -> p.expect(needed.contains(g), FILE + " grants " + g + ", which " + s.name() + " does not need"));
        }
        for (Grant g : grants) {
            boolean service = Contract.SERVICES.stream().anyMatch(s -> s.name().equals(g.principal()));
            boolean watches = g.type().equals("topic") && !g.prefix() && Contract.topics().contains(g.name());
            boolean ownGroup = g.type().equals("group") && g.name().startsWith(OBSERVER);
            p.expect(!g.principal().equals(OBSERVER) || g.operation().equals("Read") && (watches || ownGroup),
                    FILE + " grants " + g + "; " + OBSERVER + " only reads the contract's topics and its own groups");
            p.expect(service || g.principal().equals(OBSERVER), FILE + " grants " + g + ", but " + g.principal()
                    + " is neither a service of the contract nor " + OBSERVER);
        }
        Contract.topics().forEach(t -> p.expect(grants.contains(new Grant(OBSERVER, "topic", t, false, "Read")),
                OBSERVER + " needs Read on topic " + t + ", which " + FILE + " does not grant"));
        return p;
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
}
