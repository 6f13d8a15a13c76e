package org.concord.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.stix.Tlp;
import org.concord.store.StoreConfig;

/**
 * A node's configuration, {@code node.json} in the node folder: parsed once, validated with
 * messages that say what to fix.
 *
 * @param name       the node's short name (used in URLs and logs)
 * @param member     the member organisation the node belongs to
 * @param store      where the data lives
 * @param defaultTlp the marking given to objects that arrive with no TLP marking
 * @param server     where the node listens
 */
public record NodeConfig(String name, Member member, StoreSettings store, Tlp defaultTlp, Server server) {

    public static final String FILE = "node.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public NodeConfig {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
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

    /** Reads and validates {@code dir/node.json}. */
    public static NodeConfig load(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION,
                    "no node in " + dir.toAbsolutePath() + " (no " + FILE + "); create one with: concord init --dir " + dir);
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, file + " is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new ConcordException(e instanceof java.nio.file.AccessDeniedException ? ErrorCode.FORBIDDEN
                    : ErrorCode.INVALID_CONFIGURATION, "cannot read " + file + ": " + NodeLock.reason(e));
        }
        if (root == null || !root.isObject()) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, file + " must hold a JSON object (the node's settings)");
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, file + ": " + e.getMessage());
        }
    }

    static NodeConfig parse(JsonNode root) {
        JsonNode m = required(root, "member");
        List<String> sectors = new ArrayList<>();
        for (JsonNode s : m.path("sectors")) sectors.add(s.asText());
        Member member = new Member(text(m, "name", "member.name"), text(m, "country", "member.country"), sectors,
                text(m, "identity_id", "member.identity_id"));
        JsonNode s = required(root, "store");
        StoreSettings store = switch (text(s, "kind", "store.kind")) {
            case "embedded" -> new StoreSettings.Embedded(text(s, "file", "store.file"));
            case "postgresql" -> new StoreSettings.Postgres(text(s, "url", "store.url"),
                    s.path("user").asText(null), s.path("password_file").asText(null));
            default -> throw new IllegalArgumentException("store.kind must be \"embedded\" or \"postgresql\": " + s.get("kind"));
        };
        JsonNode srv = root.path("server");
        Server server = new Server(srv.path("bind").asText("127.0.0.1"), srv.path("port").asInt(8443));
        Tlp tlp = Tlp.parse(root.path("default_tlp").asText("amber"));
        return new NodeConfig(text(root, "name", "name"), member, store, tlp, server);
    }

    /** Writes this configuration to {@code dir/node.json}. */
    public void save(Path dir) throws IOException {
        ObjectNode root = JSON.createObjectNode();
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
        Files.writeString(dir.resolve(FILE), JSON.writeValueAsString(root) + "\n");
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isObject()) throw new IllegalArgumentException("\"" + field + "\" (an object) is required");
        return v;
    }

    private static String text(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            throw new IllegalArgumentException("\"" + path + "\" (a non-empty string) is required");
        }
        return v.textValue();
    }
}
