package org.concord.fanout;

import org.concord.store.StoredVersion;

/**
 * Which versions of a {@link Feed} are events for people and programs, and of what kind: the
 * alert feed's says {@code alert} for a version that changes its alert's meaning; the cases feed's
 * names {@code escalation}, {@code case} and {@code request} by type ({@link ResponseEvents}).
 */
@FunctionalInterface
public interface EventFunction {
    /**
     * The event {@code v} is (a short name: the SSE {@code event:} field and the webhook's
     * {@code X-Concord-Event} header), or null when it is none. May read the store; never writes.
     */
    String event(StoredVersion v);
}
