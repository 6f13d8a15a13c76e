package org.concord.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The problems one parse of a file found, in the order found; each once. */
final class Problems {
    /** One problem: where (a JSON pointer, and the label of what is there, or null) and what to fix. */
    record Problem(String pointer, String label, String message) {
        String where() {
            return pointer + (label == null ? "" : " (" + label + ")");
        }
    }

    private final List<Problem> list = new ArrayList<>();

    void add(String pointer, String label, String message) {
        Problem p = new Problem(pointer, label, message == null ? "invalid" : message);
        if (!list.contains(p)) list.add(p);
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    /** Whether a problem was found at {@code pointer} or inside the value it points at. */
    boolean anyAt(String pointer) {
        for (Problem p : list) {
            if (pointer.isEmpty() || p.pointer().equals(pointer) || p.pointer().startsWith(pointer + "/")) return true;
        }
        return false;
    }

    /** One line: {@code FILE POINTER: MESSAGE; POINTER: MESSAGE; …} (no pointer for the file as a whole). */
    String render(Path file) {
        StringBuilder sb = new StringBuilder(file.toString());
        for (int i = 0; i < list.size(); i++) {
            Problem p = list.get(i);
            String where = p.where();
            if (i > 0) sb.append(";");
            if (!where.isEmpty()) sb.append(' ').append(where);
            sb.append(i == 0 || !where.isEmpty() ? ": " : " ").append(p.message().strip().replace('\n', ' '));
        }
        return sb.toString();
    }
}
