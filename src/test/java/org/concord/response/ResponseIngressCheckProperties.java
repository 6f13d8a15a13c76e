package org.concord.response;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.concord.response.Requests.Kind;
import org.concord.response.Requests.Party;
import org.concord.response.Requests.State;
import org.concord.response.Requests.Transition;
import org.concord.stix.StixObject;
import org.concord.store.CollectionInfo;
import org.concord.store.Database;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;

/**
 * {@link ResponseIngressCheck} over generated transitions: a request version is accepted iff the
 * design's table ({@link RequestTable}, written as data) lets a party make its transition from its
 * prior's state, {@code by_ref} is that party, and the node that signed it is that party's; and the
 * cases around it (first versions, priors not held or not matching, clocks, participations).
 */
class ResponseIngressCheckProperties {
    private static final String REQUESTER = "identity--1a1a1a1a-0000-4000-8000-000000000001";
    private static final String RECEIVER = "identity--2b2b2b2b-0000-4000-8000-000000000002";
    private static final String THIRD = "identity--3c3c3c3c-0000-4000-8000-000000000003";
    /** Node name -> member identity, as node.json's response.members maps them. */
    private static final Map<String, String> MEMBERS = Map.of("isac-fi", REQUESTER, "bank-lv", RECEIVER, "cert-ee", THIRD);
    private static final Instant T0 = Instant.parse("2026-12-08T10:00:00Z"), T1 = T0.plusSeconds(600);
    private static final InstantSource NOW = InstantSource.fixed(T1.plusSeconds(1));

    private static Path dir;
    private static Database database;
    private static Store store;
    private static String cases;
    private static ResponseIngressCheck check;

    /** Who signed a version: a member's node, a node of no member, or nobody. */
    enum Signer {
        REQUESTER_NODE("isac-fi"), RECEIVER_NODE("bank-lv"), THIRD_NODE("cert-ee"), STRANGER_NODE("cert-xx"), UNSIGNED(null);

        final String node;

        Signer(String node) {
            this.node = node;
        }
    }

    /** Whom a version names as {@code by_ref}. */
    enum By {
        REQUESTER(ResponseIngressCheckProperties.REQUESTER), RECEIVER(ResponseIngressCheckProperties.RECEIVER),
        THIRD(ResponseIngressCheckProperties.THIRD);

        final String ref;

        By(String ref) {
            this.ref = ref;
        }
    }

    @BeforeContainer
    static void open() throws IOException {
        dir = Files.createTempDirectory("concord-ingress-check");
        database = Database.open(new StoreConfig.Embedded(dir.resolve("store.db")));
        store = Stores.open(database, InstantSource.system(), null);
        cases = UUID.randomUUID().toString();
        store.createCollection(new CollectionInfo(cases, "cases", "Cases", ""));
        check = new ResponseIngressCheck(store, node -> Optional.ofNullable(MEMBERS.get(node)), NOW);
    }

    @AfterContainer
    static void close() throws IOException {
        store.close();
        database.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    @Property(tries = 1000)
    void aTransitionIsAcceptedIffTheTableAllowsItAndItsPartysNodeSignedIt(@ForAll Kind kind, @ForAll State from,
                                                                         @ForAll Transition transition, @ForAll Signer signer,
                                                                         @ForAll By by) {
        ObjectNode prior = TransitionSamples.sent(newRequestId(), kind, REQUESTER, RECEIVER, T0).put("state", from.wire());
        store(prior);
        ObjectNode version = TransitionSamples.next(prior, transition.wire(), transition.target(from).wire(), by.ref, T1);

        String problem = check.problem("bank-lv", StixObject.of(version), signer.node);

        boolean allowed = false;
        for (Party p : Party.values()) {
            String partyRef = p == Party.REQUESTER ? REQUESTER : RECEIVER;
            allowed |= RequestTable.allowed(kind, from, p).contains(transition.wire()) && by.ref.equals(partyRef)
                    && signer.node != null && partyRef.equals(MEMBERS.get(signer.node));
        }
        assertThat(problem == null).as("%s %s %s by %s signed by %s: %s", kind, from, transition, by, signer, problem).isEqualTo(allowed);
        if (problem != null) {
            assertThat(problem).contains(version.get("id").asText()).contains(transition.wire())
                    .contains(signer.node == null ? "signed by no one" : "signed by " + signer.node);
        }
        Statistics.collect(allowed ? "accepted" : "refused");
    }

    @Example
    void aForgedAcknowledgementSignedByTheRequestersNodeIsRefusedAndTheReceiversIsAccepted() {
        ObjectNode sent = store(TransitionSamples.sent(newRequestId(), Kind.PRESERVATION, REQUESTER, RECEIVER, T0));
        ObjectNode ack = TransitionSamples.next(sent, "acknowledged", "acknowledged", RECEIVER, T1);

        assertThat(check.problem("isac-fi", StixObject.of(ack), "isac-fi"))
                .contains("acknowledged by " + RECEIVER).contains("signed by isac-fi")
                .contains("signed by the node of " + REQUESTER + ", not by that of " + RECEIVER);
        assertThat(check.problem("bank-lv", StixObject.of(ack), "bank-lv")).isNull();
        // relayed by a third node: what counts is who signed it
        assertThat(check.problem("cert-ee", StixObject.of(ack), "bank-lv")).isNull();
    }

    @Example
    void theFirstVersionIsTheRequestersAndOnlyItsNodeMaySignIt() {
        ObjectNode sent = TransitionSamples.sent(newRequestId(), Kind.INFORMATION, REQUESTER, RECEIVER, T0);
        assertThat(check.problem("isac-fi", StixObject.of(sent), "isac-fi")).isNull();
        assertThat(check.problem("bank-lv", StixObject.of(sent), "bank-lv")).contains("not by that of " + REQUESTER);
        ObjectNode claimed = sent.deepCopy();
        ((ObjectNode) claimed.get("transition")).put("by_ref", RECEIVER);
        assertThat(check.problem("bank-lv", StixObject.of(claimed), "bank-lv")).contains("is not the requester " + REQUESTER);
        ObjectNode unsigned = sent.deepCopy();
        assertThat(check.problem("isac-fi", StixObject.of(unsigned), null)).contains("signed by no one")
                .contains("must carry a valid origin signature");
        assertThat(check.problem("cert-xx", StixObject.of(sent), "cert-xx")).contains("cert-xx is the node of no member known here");
        // a first version written without a transition is its requester's
        ObjectNode bare = sent.deepCopy();
        bare.remove("transition");
        assertThat(check.problem("isac-fi", StixObject.of(bare), "isac-fi")).isNull();
        assertThat(check.problem("bank-lv", StixObject.of(bare), "bank-lv")).isNotNull();
    }

    @Example
    void aTransitionMustFollowItsPriorInTheStateItNamesWithTheSameParties() {
        ObjectNode sent = TransitionSamples.sent(newRequestId(), Kind.DISCLOSURE, REQUESTER, RECEIVER, T0);
        ObjectNode ack = TransitionSamples.next(sent, "acknowledged", "acknowledged", RECEIVER, T1);
        // its prior not held yet (it comes by another partner, or later): signed by its party, it is kept
        assertThat(check.problem("bank-lv", StixObject.of(ack), "bank-lv")).isNull();
        assertThat(check.problem("isac-fi", StixObject.of(ack), "isac-fi")).contains("not by that of");
        store(sent);
        assertThat(check.problem("bank-lv", StixObject.of(ack), "bank-lv")).isNull();

        ObjectNode wrongFrom = ack.deepCopy();
        ((ObjectNode) wrongFrom.get("transition")).put("from", "acknowledged");
        wrongFrom.put("state", "in_progress");
        ((ObjectNode) wrongFrom.get("transition")).put("to", "in_progress");
        assertThat(check.problem("bank-lv", StixObject.of(wrongFrom), "bank-lv"))
                .contains("transition.from is acknowledged, but its prior version is sent");

        ObjectNode swapped = TransitionSamples.next(sent, "acknowledged", "acknowledged", THIRD, T1).put("receiver_ref", THIRD);
        assertThat(check.problem("cert-ee", StixObject.of(swapped), "cert-ee")).contains("receiver_ref " + THIRD + " differs");

        ObjectNode lying = TransitionSamples.next(sent, "acknowledged", "fulfilled", RECEIVER, T1);
        assertThat(check.problem("bank-lv", StixObject.of(lying), "bank-lv")).contains("its state is fulfilled");

        ObjectNode earlier = TransitionSamples.next(sent, "acknowledged", "acknowledged", RECEIVER, T0.minusSeconds(1));
        assertThat(check.problem("bank-lv", StixObject.of(earlier), "bank-lv")).contains("before its prior's");

        // the prior need not be the newest version held
        store(ack);
        ObjectNode withdrawn = TransitionSamples.next(sent, "withdrawn", "withdrawn", REQUESTER, T1);
        assertThat(check.problem("isac-fi", StixObject.of(withdrawn), "isac-fi")).isNull();
    }

    @Example
    void aTransitionStampedTooFarAheadOfThisNodesClockIsRefused() {
        ObjectNode sent = store(TransitionSamples.sent(newRequestId(), Kind.TAKEDOWN, REQUESTER, RECEIVER, T0));
        Instant now = NOW.instant();
        ObjectNode soon = TransitionSamples.next(sent, "acknowledged", "acknowledged", RECEIVER, now.plus(Duration.ofMinutes(5)));
        ObjectNode late = TransitionSamples.next(sent, "acknowledged", "acknowledged", RECEIVER, now.plus(Duration.ofMinutes(5)).plusMillis(1));
        assertThat(check.problem("bank-lv", StixObject.of(soon), "bank-lv")).isNull();
        assertThat(check.problem("bank-lv", StixObject.of(late), "bank-lv")).contains("more than PT5M ahead of this node's clock");
    }

    @Example
    void participationsAreInvitedByAMemberAndAnsweredByTheInviteeAlone() {
        String id = "x-concord-participation--" + UUID.randomUUID();
        ObjectNode invited = TransitionSamples.invited(id, RECEIVER, THIRD, T0);
        assertThat(check.problem("cert-ee", StixObject.of(invited), "cert-ee")).isNull();
        assertThat(check.problem("bank-lv", StixObject.of(TransitionSamples.invited(id, RECEIVER, RECEIVER, T0)), "bank-lv"))
                .contains("may not invite itself");
        store(invited);
        ObjectNode accepted = TransitionSamples.next(invited, "accepted", "accepted", RECEIVER, T1);
        assertThat(check.problem("bank-lv", StixObject.of(accepted), "bank-lv")).isNull();
        assertThat(check.problem("cert-ee", StixObject.of(accepted), "cert-ee")).contains("not by that of " + RECEIVER);
        ObjectNode acceptedByInviter = TransitionSamples.next(invited, "accepted", "accepted", THIRD, T1);
        assertThat(check.problem("cert-ee", StixObject.of(acceptedByInviter), "cert-ee"))
                .contains("is not the invitee " + RECEIVER);
        ObjectNode left = TransitionSamples.next(invited, "left", "left", RECEIVER, T1);
        assertThat(check.problem("bank-lv", StixObject.of(left), "bank-lv")).contains("that is invited may not become left");
        ObjectNode revoked = TransitionSamples.next(invited, "revoked", "revoked", THIRD, T1);
        assertThat(check.problem("cert-ee", StixObject.of(revoked), "cert-ee")).isNull();
    }

    @Example
    void everythingElsePassesUnlookedAt() {
        ObjectNode indicator = TransitionSamples.sent(newRequestId(), Kind.ASSISTANCE, REQUESTER, RECEIVER, T0);
        indicator.put("type", "indicator").put("id", "indicator--" + UUID.randomUUID());
        assertThat(check.problem("cert-xx", StixObject.of(indicator), null)).isNull();
        ObjectNode malformed = TransitionSamples.sent(newRequestId(), Kind.ASSISTANCE, REQUESTER, RECEIVER, T0).put("kind", "coffee");
        ((ObjectNode) malformed.get("transition")).put("to", "acknowledged").put("from", "sent").put("prior", "00");
        assertThat(check.problem("bank-lv", StixObject.of(malformed), "bank-lv")).contains("kind coffee is not one of");
    }

    private static String newRequestId() {
        return "x-concord-request--" + UUID.randomUUID();
    }

    private static ObjectNode store(ObjectNode o) {
        store.write(cases, List.of(StixObject.of(o)));
        return o;
    }
}
