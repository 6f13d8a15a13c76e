package org.concord.taxii;

import java.util.regex.Pattern;

/**
 * STIX identifiers as they may appear in a TAXII path or filter: {@code type--uuid}, the UUID in
 * lower-case hex as the node accepts it on write (docs/architecture.md, "Identifiers"), nothing else.
 */
final class ObjectIds {
    private static final Pattern ID = Pattern.compile(
            "[a-z0-9][a-z0-9-]{0,248}--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** What {@link #valid} wants, for messages. */
    static final String FORM = "type--uuid, the UUID in lower-case hex";
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private ObjectIds() {}

    static boolean valid(String id) {
        return id != null && id.length() <= 300 && ID.matcher(id).matches();
    }

    static boolean uuid(String s) {
        return s != null && UUID.matcher(s).matches();
    }
}
