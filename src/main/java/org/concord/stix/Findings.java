package org.concord.stix;

import java.util.ArrayList;
import java.util.List;

/** The violations found in one object, collected while the validator walks it. */
final class Findings {
    final String objectId;
    private List<StixValidator.Violation> list;

    Findings(String objectId) {
        this.objectId = objectId;
    }

    void add(String pointer, String rule, String message) {
        if (list == null) list = new ArrayList<>(4);
        list.add(new StixValidator.Violation(objectId, pointer.isEmpty() ? "" : pointer, rule, message));
    }

    List<StixValidator.Violation> result() {
        return list == null ? List.of() : List.copyOf(list);
    }
}
