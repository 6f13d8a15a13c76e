package org.concord.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.config.ConfigFile;
import org.concord.config.Section;
import org.concord.stix.Tlp;
import org.concord.store.StoreConfig;

/**
 * A node's own settings: the members of {@code node.json} (in the node folder) that say what the
 * node is, where its data lives and where it listens. Parsed once ({@link #parse}), with messages
 * that say what to fix and where; the file's other sections belong to the capabilities that read
 * them (docs/architecture.md, "Configuration").
 *
 * @param name       the node's short name (used in URLs and logs)
 * @param member     the member organisation the node belongs to
 * @param store      where the data lives
 * @param defaultTlp the marking given to objects that arrive with no TLP marking
 * @param server     where the node listens
 */
public record NodeConfig(String name, Member member, StoreSettings store, Tlp defaultTlp, Server server) {

    public static final String FILE = "node.json";
    /** The members of node.json this record reads; the file's other members are capabilities' sections. */
    public static final Set<String> FIELDS = Set.of("name", "member", "store", "default_tlp", "server");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public NodeConfig {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("node name must be 1-63 lower-case letters, digits, '.', '_' or '-': " + name);
        }
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(defaultTlp, "defaultTlp");
        Objects.requireNonNull(server, "server");
    }

    /** Where the data lives: the embedded file (relative to the node folder) or PostgreSQL. */
    public sealed interface StoreSettings {
        record Embedded(String file) implements StoreSettings {}

        /** The password is read from {@code passwordFile} (relative to the node folder), never kept in node.json. */
        record Postgres(String url, String user, String passwordFile) implements StoreSettings {}
    }

    /** The HTTPS listener. */
    public record Server(String bind, int port) {
        public Server {
            Objects.requireNonNull(bind, "bind");
            if (port < 0 || port > 65535) throw new IllegalArgumentException("server.port must be 0..65535: " + port);
        }
    }

    /** The store configuration with paths resolved against the node folder and secrets read. */
    public StoreConfig storeConfig(Path dir) {
        return switch (store) {
            case StoreSettings.Embedded e -> new StoreConfig.Embedded(dir.resolve(e.file()));
            case StoreSettings.Postgres p -> {
                String password = null;
                if (p.passwordFile() != null) {
                    try {
                        password = Files.readString(dir.resolve(p.passwordFile())).strip();
                    } catch (IOException ex) {
                        throw new ConcordException(ErrorCode.INVALID_CONFIGURATION,
                                "store.password_file cannot be read: " + dir.resolve(p.passwordFile()));
                    }
                }
                yield new StoreConfig.Postgres(p.url(), p.user(), password);
            }
        };
    }

    /**
     * Reads {@code dir/node.json} and parses the node's own settings (the other sections are their
     * capabilities' to parse: {@link #read} and {@link ConfigFile#parse}).
     *
     * @throws ConcordException INVALID_CONFIGURATION when {@code dir} holds no node, or saying every
     *         problem of the file with its JSON pointer
     */
    public static NodeConfig load(Path dir) {
        return read(dir).parse(NodeConfig::parse);
    }

    /**
     * Reads {@code dir/node.json}, once, for its sections to be parsed.
     *
     * @throws ConcordException INVALID_CONFIGURATION when {@code dir} holds no node or the file is not a JSON object
     */
    public static ConfigFile read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION,
                    "no node in " + dir.toAbsolutePath() + " (no " + FILE + "); create one with: concord init --dir " + dir);
        }
        return ConfigFile.read(file);
    }

    /**
     * The node's own settings from the whole file's section: {@code name}, {@code member},
     * {@code store}, {@code default_tlp}, {@code server}. Other members of the file are left to
     * their capabilities (the composition root refuses those nobody knows).
     */
    public static NodeConfig parse(Section root) {
        String name = root.require("name", "a non-empty string") ? root.text("name", null) : null;
        if (name != null && !NAME.matcher(name).matches()) {
            root.get("name").problem("node name must be 1-63 lower-case letters, digits, '.', '_' or '-': " + name);
        }
        Member member = member(root);
        StoreSettings store = store(root);
        Tlp tlp = root.text("default_tlp", Tlp.AMBER, Tlp::parse);
        Section srv = root.get("server");
        srv.known(Set.of("bind", "port", "comment"));
        Server server = new Server(srv.text("bind", "127.0.0.1"), srv.integer("port", 8443, 0, 65535));
        return root.build(() -> new NodeConfig(name, member, store, tlp, server));
    }

    private static Member member(Section root) {
        if (!root.require("member", "an object")) return null;
        Section m = root.get("member");
        m.known(Set.of("name", "country", "sectors", "identity_id", "comment"));
        m.require("name", "a non-empty string");
        m.require("country", "a non-empty string");
        m.require("identity_id", "a non-empty string");
        String name = m.text("name", null), country = m.text("country", null), identity = m.text("identity_id", null);
        List<String> sectors = m.strings("sectors");
        return m.build(() -> new Member(name, country, sectors == null ? List.of() : sectors, identity));
    }

    private static StoreSettings store(Section root) {
        if (!root.require("store", "an object")) return null;
        Section s = root.get("store");
        if (!s.require("kind", "a non-empty string")) return null;
        return switch (s.text("kind", "")) {
            case "embedded" -> {
                s.known(Set.of("kind", "file", "comment"));
                s.require("file", "a non-empty string");
                String file = s.text("file", null);
                yield s.build(() -> new StoreSettings.Embedded(file));
            }
            case "postgresql" -> {
                s.known(Set.of("kind", "url", "user", "password_file", "comment"));
                s.require("url", "a non-empty string");
                String url = s.text("url", null), user = s.text("user", null), passwordFile = s.text("password_file", null);
                yield s.build(() -> new StoreSettings.Postgres(url, user, passwordFile));
            }
            case "" -> null;
            default -> {
                s.get("kind").problem("must be \"embedded\" or \"postgresql\": \"" + s.text("kind", "") + "\"");
                yield null;
            }
        };
    }

    /**
     * Writes this configuration as {@code dir/node.json} of a new node. Never over an existing file:
     * it holds sections this record does not know (agreements, sync, …), which would be lost.
     *
     * @throws java.nio.file.FileAlreadyExistsException when {@code dir} already has a node.json
     */
    public void writeNew(Path dir) throws IOException {
        ObjectNode root = ConfigFile.newObject();
        root.put("name", name);
        ObjectNode m = root.putObject("member");
        m.put("name", member.name()).put("country", member.country()).put("identity_id", member.identityId());
        ArrayNode sectors = m.putArray("sectors");
        member.sectors().forEach(sectors::add);
        ObjectNode s = root.putObject("store");
        switch (store) {
            case StoreSettings.Embedded e -> s.put("kind", "embedded").put("file", e.file());
            case StoreSettings.Postgres p -> {
                s.put("kind", "postgresql").put("url", p.url());
                if (p.user() != null) s.put("user", p.user());
                if (p.passwordFile() != null) s.put("password_file", p.passwordFile());
            }
        }
        root.put("default_tlp", defaultTlp.name().toLowerCase().replace('_', '+'));
        root.putObject("server").put("bind", server.bind()).put("port", server.port());
        ConfigFile.create(dir.resolve(FILE), root);
    }
}
