package org.concord.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Consumer;
import java.util.function.Function;
import org.concord.ConcordException;
import org.concord.ErrorCode;

/**
 * A configuration file ({@code node.json}) read once: its JSON tree, which no one else sees, and
 * the file's stamp (modification time, size, identity) when it was read. {@link #parse} hands a
 * parser the {@link Section} of the whole file and reports every problem the parser found at once,
 * each with the file and a JSON pointer (RFC 6901):
 *
 * <pre>
 * /srv/concord/node.json /sync/poll_seconds: must be a whole number, at least 1: -1; /warning: unknown field "rules" (known: …)
 * </pre>
 *
 * <p>A member name may appear once per object: a file with a repeated name is refused as not valid
 * JSON, so that no setting silently overrides another. {@link #edit} changes a file and keeps
 * everything the change does not touch.
 */
public final class ConfigFile {
    private static final JsonMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path file;
    private final JsonNode root;
    private final String stamp;

    private ConfigFile(Path file, JsonNode root, String stamp) {
        this.file = file;
        this.root = root;
        this.stamp = stamp;
    }

    /**
     * Reads {@code file}.
     *
     * @throws ConcordException INVALID_CONFIGURATION when it cannot be read or is not a JSON object
     *         (saying where the JSON breaks); FORBIDDEN when this user may not read it
     */
    public static ConfigFile read(Path file) {
        String stamp = stampOf(file); // before the bytes: a change while reading is seen at the next look
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConcordException(e instanceof AccessDeniedException ? ErrorCode.FORBIDDEN : ErrorCode.INVALID_CONFIGURATION,
                    "cannot read " + file + ": " + reason(e));
        }
        return new ConfigFile(file, tree(file, bytes), stamp);
    }

    /**
     * A file's content given as text (tests, tools), named {@code file} in messages; relative paths
     * in it resolve against {@code file}'s folder.
     *
     * @throws ConcordException INVALID_CONFIGURATION when {@code json} is not a JSON object
     */
    public static ConfigFile of(Path file, String json) {
        return new ConfigFile(file, tree(file, json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), null);
    }

    private static JsonNode tree(Path file, byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, file + " is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, "cannot read " + file + ": " + reason(e));
        }
        if (root == null || !root.isObject()) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, file + " must hold a JSON object (the node's settings)");
        }
        return root;
    }

    /** The file, as messages name it. */
    public Path file() {
        return file;
    }

    /**
     * Parses the file: {@code parser} reads the {@link Section} of the whole file, recording
     * problems as it goes rather than stopping at the first.
     *
     * @return what {@code parser} returned, when no problem was recorded
     * @throws ConcordException INVALID_CONFIGURATION naming the file and, for every problem, its
     *         JSON pointer and what to fix, on one line
     */
    public <T> T parse(Function<Section, T> parser) {
        Problems problems = new Problems();
        Path folder = file.toAbsolutePath().getParent();
        T value = null;
        try {
            value = parser.apply(new Section(root, "", null, folder, problems));
        } catch (IllegalArgumentException e) { // a check no parser foresaw: still a problem of the file, said as such
            problems.add("", null, e.getMessage());
        }
        if (!problems.isEmpty()) throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, problems.render(file));
        return value;
    }

    /**
     * What the file was when read: its modification time, size and identity (a file replaced by a
     * rename is another file), to compare with {@link #stampOf}; null for a file given as text.
     */
    public String stamp() {
        return stamp;
    }

    /** What {@code file} is now (as {@link #stamp}), or null when it cannot be looked at. Reads its attributes only. */
    public static String stampOf(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + ":" + a.size() + ":" + a.fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Changes the JSON object in {@code file} and writes it back, keeping every member {@code change}
     * does not touch, in its order. The new content replaces the old at once (written beside it,
     * then renamed over it, with the old file's permissions), so a process that reads the file
     * meanwhile sees the old content or the new, never half of it.
     *
     * @throws ConcordException as {@link #read} when the file cannot be read or is not a JSON object
     * @throws IOException      when it cannot be written
     */
    public static void edit(Path file, Consumer<ObjectNode> change) throws IOException {
        ObjectNode root = (ObjectNode) read(file).root.deepCopy();
        change.accept(root);
        Path folder = file.toAbsolutePath().getParent();
        Path next = Files.createTempFile(folder, "." + file.getFileName() + ".", ".tmp");
        try {
            Files.writeString(next, JSON.writeValueAsString(root) + "\n");
            try {
                Files.setPosixFilePermissions(next, Files.getPosixFilePermissions(file));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the new file keeps the folder's defaults
            }
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(next);
        }
    }

    /**
     * Writes {@code root} as a new file; never over an existing one (whose sections the caller may
     * not know).
     *
     * @throws java.nio.file.FileAlreadyExistsException when {@code file} exists
     */
    public static void create(Path file, ObjectNode root) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(root) + "\n", java.nio.file.StandardOpenOption.CREATE_NEW);
    }

    /** An empty JSON object to fill and {@link #create}. */
    public static ObjectNode newObject() {
        return JSON.createObjectNode();
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such file or folder";
        if (e instanceof FileSystemException f) return f.getReason() == null ? "refused" : f.getReason();
        return String.valueOf(e.getMessage());
    }

    @Override
    public String toString() {
        return "ConfigFile[" + file + "]";
    }
}
