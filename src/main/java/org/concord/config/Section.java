package org.concord.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.concord.ConcordException;
import org.concord.ErrorCode;

/**
 * One value of a configuration file being parsed, and where it is (its JSON pointer): the file
 * itself, a capability's section ({@code /sync}), one of its members, an element of an array
 * ({@code /webhooks/0}). A parser reads members with defaults and bounds; a value that is missing
 * or JSON {@code null} is absent and takes its default. A wrong value is <em>recorded</em> as a
 * problem where it is, and its default read instead, so that the parser goes on and the file's
 * every problem is reported at once ({@link ConfigFile#parse}). Problems read:
 *
 * <ul>
 *   <li>about one value, at its pointer: {@code /sync/poll_seconds: must be a whole number, at least 1: -1};</li>
 *   <li>about an object's members (one missing, one unknown, two that do not go together), at the
 *       object's pointer, naming them: {@code /store: "kind" (a non-empty string) is required}.</li>
 * </ul>
 *
 * <p>A parser builds its record with {@link #build}, which does not build on wrong values and turns
 * what the record's constructor refuses into a problem.
 */
public final class Section {
    private static final int SHOW = 120;

    private final JsonNode value; // null: absent
    private final String pointer;
    private final String label;
    private final Path folder;
    private final Problems problems;

    Section(JsonNode value, String pointer, String label, Path folder, Problems problems) {
        this.value = value == null || value.isMissingNode() || value.isNull() ? null : value;
        this.pointer = pointer;
        this.label = label;
        this.folder = folder;
        this.problems = problems;
    }

    // ---- where

    /** The RFC 6901 JSON pointer of this value ("" for the whole file). */
    public String pointer() {
        return pointer;
    }

    /** Whether the file holds this value (not missing, not {@code null}). */
    public boolean present() {
        return value != null;
    }

    /**
     * This value, with problems inside it said with {@code label} after their pointer
     * ({@code /webhooks/1 (soc): …}), for arrays whose elements people know by name.
     */
    public Section labelled(String label) {
        return new Section(value, pointer, label, folder, problems);
    }

    // ---- structure

    /**
     * The member {@code field} of this object, of any kind (absent when this is absent, or not an
     * object: a problem then).
     */
    public Section get(String field) {
        JsonNode v = object() ? value.get(field) : null;
        return new Section(v, child(field), label, folder, problems);
    }

    /** The elements of this array (none when absent; a problem when it is not an array). */
    public List<Section> elements() {
        if (value == null) return List.of();
        if (!value.isArray()) {
            problem("must be an array: " + show(value));
            return List.of();
        }
        List<Section> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) out.add(new Section(value.get(i), pointer + "/" + i, label, folder, problems));
        return out;
    }

    /** The names of this object's members, in the file's order (none when absent or not an object). */
    public List<String> fields() {
        if (!object()) return List.of();
        List<String> out = new ArrayList<>();
        value.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /**
     * Refuses every member not in {@code known}, so that a misspelt setting is not silently
     * ignored: {@code unknown field "x" (known: a, b)}, at this object.
     */
    public void known(Collection<String> known) {
        if (!object()) return;
        for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) problem("unknown field \"" + f + "\" (known: " + String.join(", ", new TreeSet<>(known)) + ")");
        }
    }

    /**
     * Whether member {@code field} is present; when it is not, records
     * {@code "field" (what) is required} at this object.
     */
    public boolean require(String field, String what) {
        if (!object()) return false;
        if (get(field).present()) return true;
        problem("\"" + field + "\" (" + what + ") is required");
        return false;
    }

    // ---- values of members

    /**
     * The member's string, or null when absent or not a string, recording nothing: to label a value
     * by its name ({@link #labelled}) before it is read.
     */
    public String peek(String field) {
        JsonNode v = value != null && value.isObject() ? value.get(field) : null;
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    /** A non-empty string, or {@code dflt} when absent. */
    public String text(String field, String dflt) {
        Section s = get(field);
        if (s.value == null) return dflt;
        if (!s.value.isTextual() || s.value.textValue().isBlank()) {
            s.problem("must be a non-empty string: " + show(s.value));
            return dflt;
        }
        return s.value.textValue();
    }

    /**
     * A non-empty string read by {@code parse} (whose {@link IllegalArgumentException} is the
     * problem, at the member), or {@code dflt} when absent or wrong.
     */
    public <T> T text(String field, T dflt, Function<String, T> parse) {
        Section s = get(field);
        String text = text(field, null);
        if (text == null) return dflt;
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            s.problem(e.getMessage());
            return dflt;
        }
    }

    /**
     * A non-empty string or a number, as text, read by {@code parse} (as {@link #text(String, Object, Function)}),
     * for values that may be either (a level or a score).
     */
    public <T> T scalar(String field, T dflt, Function<String, T> parse) {
        Section s = get(field);
        if (s.value != null && s.value.isNumber()) {
            try {
                return parse.apply(s.value.asText());
            } catch (IllegalArgumentException e) {
                s.problem(e.getMessage());
                return dflt;
            }
        }
        return text(field, dflt, parse);
    }

    /** A whole number in {@code min..max}, or {@code dflt} when absent or wrong. */
    public int integer(String field, int dflt, int min, int max) {
        return (int) whole(field, dflt, min, max);
    }

    /** A whole number in {@code min..max} (64 bits), or {@code dflt} when absent or wrong. */
    public long whole(String field, long dflt, long min, long max) {
        Section s = get(field);
        if (s.value == null) return dflt;
        JsonNode v = s.value;
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            s.problem("must be a whole number" + (max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? ", at least " + min
                    : " " + min + ".." + max) + ": " + show(v));
            return dflt;
        }
        return v.longValue();
    }

    /** A whole number of seconds in {@code min..max}, or {@code dflt} when absent or wrong. */
    public Duration seconds(String field, Duration dflt, int min, int max) {
        Section s = get(field);
        if (s.value == null) return dflt;
        return Duration.ofSeconds(whole(field, dflt.toSeconds(), min, max));
    }

    /** A number greater than zero, or {@code dflt} when absent or wrong. */
    public double positive(String field, double dflt) {
        Section s = get(field);
        if (s.value == null) return dflt;
        if (!s.value.isNumber() || !(s.value.doubleValue() > 0) || Double.isInfinite(s.value.doubleValue())) {
            s.problem("must be a number above 0: " + show(s.value));
            return dflt;
        }
        return s.value.doubleValue();
    }

    /** {@code true} or {@code false}, or {@code dflt} when absent or wrong. */
    public boolean bool(String field, boolean dflt) {
        Section s = get(field);
        if (s.value == null) return dflt;
        if (!s.value.isBoolean()) {
            s.problem("must be true or false: " + show(s.value));
            return dflt;
        }
        return s.value.booleanValue();
    }

    /** A list of strings, or null when absent (an empty list when wrong). */
    public List<String> strings(String field) {
        Section s = get(field);
        if (s.value == null) return null;
        if (!s.value.isArray()) {
            s.problem("must be a list of strings: " + show(s.value));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Section e : s.elements()) {
            if (e.value == null || !e.value.isTextual()) e.problem("must be a string: " + show(e.value));
            else out.add(e.value.textValue());
        }
        return out;
    }

    /** An ISO-8601 duration ({@code PT24H}, {@code P7D}), or {@code dflt} when absent or wrong. */
    public Duration duration(String field, Duration dflt) {
        return text(field, dflt, t -> {
            try {
                return Duration.parse(t);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("must be an ISO-8601 duration such as PT24H or P7D: " + t);
            }
        });
    }

    /** A file or folder, relative to the configuration file's folder (or absolute), or null when absent. */
    public Path path(String field) {
        String text = text(field, null);
        return text == null ? null : folder.resolve(text);
    }

    /** A list of files or folders, each as {@link #path}; none when absent. */
    public List<Path> paths(String field) {
        List<String> names = strings(field);
        return names == null ? List.of() : names.stream().map(folder::resolve).toList();
    }

    // ---- problems and records

    /** Records a problem with this value (or this object). */
    public void problem(String message) {
        problems.add(pointer, label, message);
    }

    /** Whether no problem was recorded at this value or inside it. */
    public boolean ok() {
        return !problems.anyAt(pointer);
    }

    /**
     * Builds the record parsed from this value: null, and {@code make} not called, when a problem
     * was recorded here or inside; what {@code make} refuses (an {@link IllegalArgumentException}
     * or a bad-input {@link ConcordException}) is recorded at this value.
     */
    public <T> T build(Supplier<T> make) {
        if (!ok()) return null;
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            problem(e.getMessage());
        } catch (ConcordException e) {
            if (e.code().category() != ErrorCode.Category.BAD_INPUT) throw e;
            problem(e.getMessage());
        }
        return null;
    }

    private boolean object() {
        if (value == null) return false;
        if (!value.isObject()) {
            problem("must be an object: " + show(value));
            return false;
        }
        return true;
    }

    private String child(String field) {
        return pointer + "/" + field.replace("~", "~0").replace("/", "~1");
    }

    /** A value as JSON, cut short when long. */
    static String show(JsonNode v) {
        String s = v == null ? "null" : v.toString();
        return s.length() <= SHOW ? s : s.substring(0, SHOW) + "…";
    }

    @Override
    public String toString() {
        return "Section[" + (pointer.isEmpty() ? "/" : pointer) + "]";
    }
}
