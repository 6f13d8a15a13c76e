package org.concord.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.concord.ConcordException;
import org.concord.partner.Partners;
import org.concord.store.Database;
import org.concord.store.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One contract for the TAXII state, run on SQLite and on PostgreSQL. */
abstract class TaxiiStateContract {
    Database database;
    TaxiiDatabase db;

    abstract StoreConfig config();

    @BeforeEach
    void open() {
        database = Database.open(config());
        db = new TaxiiDatabase(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aTokenVerifiesUntilRevokedAndIsStoredOnlyHashed() {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        Tokens.IssuedToken t = db.tokens().issue("alice", now);
        assertThat(t.secret()).startsWith("ct1." + t.info().id() + ".");
        String secretPart = t.secret().substring(t.secret().lastIndexOf('.') + 1);
        assertThat(java.util.Base64.getUrlDecoder().decode(secretPart)).hasSize(32); // 256 bits
        assertThat(t.toString()).doesNotContain(secretPart);
        assertThat(db.tokens().verify(t.secret())).get().extracting(Tokens.TokenInfo::member).isEqualTo("alice");
        assertThat(db.tokens().verify(t.secret() + "x")).isEmpty();
        assertThat(db.tokens().verify(t.secret().replace("ct1." + t.info().id(), "ct1.0000000000000000"))).isEmpty();
        assertThat(db.tokens().verify("garbage")).isEmpty();
        assertThat(db.tokens().knows("alice")).isTrue();
        assertThat(db.tokens().knows("bob")).isFalse();
        assertThat(db.tokens().list()).singleElement().satisfies(i -> {
            assertThat(i.live()).isTrue();
            assertThat(i.created()).isEqualTo(now);
            assertThat(i.toString()).doesNotContain(secretPart);
        });
        assertThat(db.tokens().revoke(t.info().id(), now.plusSeconds(5))).isTrue();
        assertThat(db.tokens().revoke(t.info().id(), now.plusSeconds(6))).isFalse();
        assertThat(db.tokens().verify(t.secret())).isEmpty();
        assertThat(db.tokens().list().getFirst().revoked()).isEqualTo(now.plusSeconds(5));
    }

    @Test
    void rightsAreReplacedWhole() {
        assertThat(db.rights().of("member:alice")).isEqualTo(Permissions.NONE);
        db.rights().set("member:alice", new Permissions(Set.of("c1", "c2"), Set.of("c1", "c3")));
        Permissions p = db.rights().of("member:alice");
        assertThat(p.read()).containsExactlyInAnyOrder("c1", "c2");
        assertThat(p.write()).containsExactlyInAnyOrder("c1", "c3");
        assertThat(p.sees("c3")).isTrue();
        assertThat(p.sees("c4")).isFalse();
        db.rights().set("member:alice", new Permissions(Set.of("c2"), Set.of()));
        assertThat(db.rights().of("member:alice")).isEqualTo(new Permissions(Set.of("c2"), Set.of()));
        assertThat(db.rights().of("partner:alice")).isEqualTo(Permissions.NONE);
    }

    @Test
    void partnersArePinnedByFingerprintOnce() {
        String fp = "ab".repeat(32);
        db.partners().add(new Partners.Partner("cert-fi", fp.toUpperCase(), Instant.parse("2025-01-01T00:00:00Z")));
        assertThat(db.partners().byFingerprint(fp)).get().extracting(Partners.Partner::name).isEqualTo("cert-fi");
        assertThat(db.partners().byFingerprint("cd".repeat(32))).isEmpty();
        assertThatThrownBy(() -> db.partners().add(new Partners.Partner("other", fp, Instant.now())))
                .isInstanceOf(ConcordException.class);
        assertThatThrownBy(() -> db.partners().add(new Partners.Partner("cert-fi", "cd".repeat(32), Instant.now())))
                .isInstanceOf(ConcordException.class);
        assertThat(db.partners().pinned()).extracting(Partners.Partner::name).containsExactly("cert-fi");
        assertThat(db.partners().remove("cert-fi")).isTrue();
        assertThat(db.partners().byFingerprint(fp)).isEmpty();
    }

    @Test
    void aPeerKeepsItsUrlAndTheLastLogAuditUntilRemoved() {
        String fp = "ef".repeat(32);
        db.partners().add(new Partners.Partner("cert-lv", fp, Instant.parse("2025-01-01T00:00:00Z"), "https://taxii.cert.lv/cert-lv/"));
        assertThat(db.partners().byName("cert-lv")).get().extracting(Partners.Partner::url).isEqualTo("https://taxii.cert.lv/cert-lv/");
        assertThat(db.partners().byName("nosuch")).isEmpty();
        assertThat(db.partners().audit("cert-lv")).isEmpty();
        Partners.LogAudit first = new Partners.LogAudit("a2V5", "{\"tree_size\":3}", Instant.parse("2025-02-01T00:00:00Z"));
        db.partners().recordAudit("cert-lv", first);
        Partners.LogAudit second = new Partners.LogAudit("a2V5", "{\"tree_size\":7}", Instant.parse("2025-03-01T00:00:00Z"));
        db.partners().recordAudit("cert-lv", second);
        assertThat(db.partners().audit("cert-lv")).contains(second);
        assertThatThrownBy(() -> db.partners().recordAudit("nosuch", first)).isInstanceOf(org.concord.ConcordException.class);
        assertThat(db.partners().remove("cert-lv")).isTrue();
        assertThat(db.partners().audit("cert-lv")).isEmpty();
    }

    @Test
    void statusesRoundTripInOrderAndArePruned() {
        Instant t = Instant.parse("2025-03-04T05:06:07.123456Z");
        Statuses.Status s = new Statuses.Status("2d086da7-4bdc-4f91-900e-d77486753710", "c1", "member:alice", t, true,
                List.of(new Statuses.Detail("indicator--1", "2025-01-01T00:00:00.000Z", null),
                        new Statuses.Detail("indicator--2", "2025-01-01T00:00:00.000Z", "already in the collection")),
                List.of(new Statuses.Detail("malware--3", "", "/name: is required [required]")), List.of());
        db.statuses().save(s);
        assertThat(db.statuses().find(s.id())).contains(s);
        assertThat(db.statuses().find("00000000-0000-4000-8000-000000000000")).isEmpty();
        assertThat(db.statuses().prune(t)).isZero();
        assertThat(db.statuses().prune(t.plusSeconds(1))).isEqualTo(1);
        assertThat(db.statuses().find(s.id())).isEmpty();
    }

    @Test
    void reopeningKeepsEverything() {
        Tokens.IssuedToken t = db.tokens().issue("alice", Instant.now());
        database.close();
        database = Database.open(config());
        db = new TaxiiDatabase(database);
        assertThat(db.tokens().verify(t.secret())).isPresent();
    }
}
