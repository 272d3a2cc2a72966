import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Applies deploy/kafka/acls.tsv to a running broker, as its admin user: one SCRAM-SHA-512 user per
 * principal (password from SECRETS_DIR/<principal>.password), every topic the file names (with the
 * broker's defaults), and every grant as an ALLOW ACL on a literal resource, or a prefixed one when
 * the name ends with {@code *}. Each step may be
 * repeated: users are upserted, existing topics and ACLs stay.
 *
 *   java -cp "KAFKA_LIBS/*" KafkaAccess.java ACLS_TSV SECRETS_DIR ADMIN_CLIENT_PROPERTIES
 *
 * A source-file program (JEP 330) so that deploy/local/kafka.sh needs only Kafka's own jars.
 */
public class KafkaAccess {

    record Grant(String principal, ResourceType type, String name, List<AclOperation> operations) {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: KafkaAccess ACLS_TSV SECRETS_DIR ADMIN_CLIENT_PROPERTIES");
            System.exit(2);
        }
        List<Grant> grants = read(Path.of(args[0]));
        Path secrets = Path.of(args[1]);
        Properties admin = new Properties();
        try (var in = Files.newBufferedReader(Path.of(args[2]))) {
            admin.load(in);
        }
        try (Admin client = Admin.create(admin)) {
            users(client, grants, secrets);
            topics(client, grants);
            acls(client, grants);
        }
    }

    static List<Grant> read(Path file) throws Exception {
        List<Grant> grants = new ArrayList<>();
        int line = 0;
        for (String text : Files.readAllLines(file)) {
            line++;
            if (text.isBlank() || text.startsWith("#")) {
                continue;
            }
            String[] cells = text.split("\t");
            if (cells.length != 4) {
                throw new IllegalArgumentException(file + ":" + line + ": expected 4 tab-separated cells, found "
                        + cells.length);
            }
            ResourceType type = switch (cells[1]) {
                case "topic" -> ResourceType.TOPIC;
                case "group" -> ResourceType.GROUP;
                default -> throw new IllegalArgumentException(file + ":" + line + ": resource type must be topic or"
                        + " group, not " + cells[1]);
            };
            List<AclOperation> operations = Arrays.stream(cells[3].split(","))
                    .map(op -> AclOperation.fromString(op.trim().toUpperCase(Locale.ROOT)))
                    .toList();
            if (operations.contains(AclOperation.UNKNOWN)) {
                throw new IllegalArgumentException(file + ":" + line + ": unknown operation in " + cells[3]);
            }
            grants.add(new Grant(cells[0], type, cells[2], operations));
        }
        return grants;
    }

    private static void users(Admin client, List<Grant> grants, Path secrets) throws Exception {
        Set<String> principals = new LinkedHashSet<>();
        grants.forEach(g -> principals.add(g.principal()));
        List<UserScramCredentialAlteration> upserts = new ArrayList<>();
        for (String principal : principals) {
            Path file = secrets.resolve(principal + ".password");
            String password = Files.readString(file).trim();
            upserts.add(new UserScramCredentialUpsertion(principal,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password));
        }
        client.alterUserScramCredentials(upserts).all().get(60, TimeUnit.SECONDS);
        System.err.println("KafkaAccess: SCRAM-SHA-512 users " + principals);
    }

    private static void topics(Admin client, List<Grant> grants) throws Exception {
        Set<String> names = new LinkedHashSet<>();
        grants.stream().filter(g -> g.type() == ResourceType.TOPIC && !g.name().endsWith("*")).forEach(g -> names.add(g.name()));
        Set<String> existing = client.listTopics().names().get(60, TimeUnit.SECONDS);
        List<NewTopic> missing = names.stream().filter(n -> !existing.contains(n))
                .map(n -> new NewTopic(n, java.util.Optional.empty(), java.util.Optional.empty())).toList();
        try {
            client.createTopics(missing).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        System.err.println("KafkaAccess: topics " + names);
    }

    private static void acls(Admin client, List<Grant> grants) throws Exception {
        List<AclBinding> bindings = new ArrayList<>();
        for (Grant grant : grants) {
            boolean prefix = grant.name().endsWith("*");
            ResourcePattern resource = new ResourcePattern(grant.type(),
                    prefix ? grant.name().substring(0, grant.name().length() - 1) : grant.name(),
                    prefix ? PatternType.PREFIXED : PatternType.LITERAL);
            for (AclOperation operation : grant.operations()) {
                bindings.add(new AclBinding(resource,
                        new AccessControlEntry("User:" + grant.principal(), "*", operation, AclPermissionType.ALLOW)));
            }
        }
        client.createAcls(bindings).all().get(60, TimeUnit.SECONDS);
        System.err.println("KafkaAccess: " + bindings.size() + " ACLs");
    }
}
