package org.concord.fanout;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.concord.Time;
import org.concord.store.ObjectFilter;
import org.concord.store.Page;
import org.concord.store.Store;
import org.concord.store.StoredVersion;
import org.concord.store.VersionMatch;
import org.concord.warning.AlertMeaning;

/**
 * The node's alerts collection as a {@link Feed}: every version of an {@code x-concord-alert}
 * added to it. Its event function: a version is an {@code alert} event when it changes the meaning
 * of its alert ({@link #changesMeaning}). A version that says no more than what the node held of
 * the alert before it (a partner's view, stored and served all the same) is no event for webhooks,
 * members' streams or {@code concord alerts --follow}.
 */
public final class AlertFeed extends Feed {
    /** The STIX type of an alert (docs/warning.md). */
    public static final String ALERT_TYPE = "x-concord-alert";
    /** The event an alert version is. */
    public static final String EVENT = "alert";

    private final Store store;

    /**
     * @param collectionId the id of the node's alerts collection
     * @param pollEvery    how often to look for writes by other processes
     * @param time         what the poll waits on
     */
    public AlertFeed(Store store, String collectionId, Duration pollEvery, Time time) {
        super(store, collectionId, List.of(ALERT_TYPE), v -> changesMeaning(store, collectionId, v) ? EVENT : null, "alerts",
                pollEvery, time);
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public AlertFeed start() {
        super.start();
        return this;
    }

    /**
     * Whether {@code v} (a version read from this feed) changes the meaning of its alert
     * ({@link AlertMeaning}): it covers the join of every version of the alert added to the collection
     * before it, and says more. One read of the alert's versions.
     */
    public boolean changesMeaning(StoredVersion v) {
        return changesMeaning(store, collectionId(), v);
    }

    private static boolean changesMeaning(Store store, String collectionId, StoredVersion v) {
        String id = v.object().id();
        AlertMeaning before = AlertMeaning.NONE;
        ObjectFilter filter = new ObjectFilter(null, List.of(id), List.of(ALERT_TYPE), VersionMatch.ALL, List.of(), ObjectFilter.MAX_LIMIT);
        while (true) {
            Page page = store.objects(collectionId, filter);
            for (StoredVersion o : page.items()) {
                if (o.dateAdded().isBefore(v.dateAdded())) before = before.join(AlertMeaning.of(o.object()));
            }
            if (!page.more() || page.items().isEmpty()) break;
            filter = filter.after(page.items().getLast().dateAdded());
        }
        return AlertMeaning.of(v.object()).changes(before);
    }
}
