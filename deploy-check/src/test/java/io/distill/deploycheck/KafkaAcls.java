package io.distill.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/** Reads deploy/kafka/acls.tsv, who may do what on Kafka, and holds it against the KafkaUsers and what is needed. */
final class KafkaAcls {

    static final String FILE = "deploy/kafka/acls.tsv";
    /** The read-only principal of people and tools that watch the topics. */
    static final String OBSERVER = "distill-observer";
    static final String CONSOLE = "console-service";
    /** The settings of a service's channels that need a grant, and what they need: on what type, which operation. */
    private static final Map<String, List<String>> CHANNELS = Map.of(
            "mp\\.messaging\\.outgoing\\.[^.]+\\.topic|.*\\.dead-letter-queue\\.topic", List.of("topic", "Write"),
            "mp\\.messaging\\.incoming\\.[^.]+\\.topic", List.of("topic", "Read"),
            "mp\\.messaging\\.incoming\\.[^.]+\\.group\\.id", List.of("group", "Read"));

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

    /**
     * The grants of acls.tsv, one per operation, as written; {@code #} comments and blank lines are skipped. A type or
     * an operation misspelt is a grant that no service needs and no KafkaUser has, which the checks refuse.
     */
    static List<Grant> read(Path file) {
        List<Grant> grants = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] cells = line.split("\t", -1);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                } else if (cells.length != 4) {
                    throw new IllegalArgumentException(file.getFileName() + ": '" + line + "' is not four tab-separated"
                            + " cells: principal, topic or group, name, operations.");
                }
                String name = cells[2].replaceFirst("\\*$", "");
                for (String op : cells[3].split(",")) {
                    grants.add(new Grant(cells[0], cells[1], name, !name.equals(cells[2]), op.trim()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return grants;
    }

    /** The KafkaUsers' grants, which must be acls.tsv's; an ACL of another kind than acls.tsv's is a problem. */
    static Set<Grant> users(Problems p, List<ObjectNode> docs) {
        Set<Grant> users = new LinkedHashSet<>();
        for (ObjectNode user : K8s.ofKind(docs, "KafkaUser")) {
            for (JsonNode acl : user.at("/spec/authorization/acls")) {
                String type = acl.at("/resource/type").asText();
                String name = acl.at("/resource/name").asText();
                boolean prefix = "prefix".equals(acl.at("/resource/patternType").asText());
                if (acl.path("type").asText("allow").equals("allow") && acl.path("host").asText("*").equals("*")) {
                    K8sSecurity.texts(acl.path("operations")).forEach(op -> users.add(new Grant(K8s.name(user), type,
                            name, prefix, op)));
                } else {
                    p.add("KafkaUser " + K8s.name(user) + ": the ACL on " + type + " " + name + " is not an allow rule"
                            + " for any host, as every grant of acls.tsv is");
                }
            }
        }
        return users;
    }

    /**
     * What the contract and the services' configuration need, no more: each service writes the topics it publishes
     * and the dead-letter topic of each it consumes, reads the topics it consumes and the groups its channels name;
     * distill-observer reads every topic of the contract, in groups of its own; console-service reads progress and
     * dead letters and describes the rest.
     */
    static Set<Grant> needed() {
        Set<Grant> needed = new LinkedHashSet<>();
        for (Contract.Service s : Contract.SERVICES) {
            s.publishes().forEach(t -> needed.add(new Grant(s.name(), "topic", t, false, "Write")));
            for (String t : s.consumes()) {
                needed.add(new Grant(s.name(), "topic", t, false, "Read"));
                needed.add(new Grant(s.name(), "topic", t + ".dlq", false, "Write"));
            }
            Properties p = Contract.properties(s);
            p.stringPropertyNames().forEach(key -> CHANNELS.forEach((pattern, need) -> {
                if (key.matches(pattern)) {
                    needed.add(new Grant(s.name(), need.get(0), p.getProperty(key).trim(), false, need.get(1)));
                }
            }));
        }
        Contract.topics().forEach(t -> needed.add(new Grant(OBSERVER, "topic", t, false, "Read")));
        needed.add(new Grant(OBSERVER, "group", OBSERVER + "-", true, "Read"));
        // The console: distill-progress (in a group per replica) and the dead letters to read; the other topics
        // and the services' groups to describe, for rates and lag.
        needed.add(new Grant(CONSOLE, "group", CONSOLE + "-", true, "Read"));
        for (String t : Contract.topics()) {
            needed.add(new Grant(CONSOLE, "topic", t, false,
                    t.endsWith(".dlq") || t.equals("distill-progress") ? "Read" : "Describe"));
        }
        Contract.SERVICES.forEach(s -> needed.add(new Grant(CONSOLE, "group", s.name(), false, "Describe")));
        return needed;
    }

    /** The grants of {@code one} and {@code other} are the same. */
    static void same(Problems p, String one, Collection<Grant> ones, String other, Collection<Grant> others) {
        ones.stream().filter(g -> !others.contains(g)).forEach(g -> p.add(one + ": " + g + ", not in " + other));
        others.stream().filter(g -> !ones.contains(g)).forEach(g -> p.add(other + ": " + g + ", not in " + one));
    }
}
