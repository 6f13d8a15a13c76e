package org.concord.taxii;

import java.util.Objects;

/** Who a request comes from, once authenticated. */
public sealed interface Principal {

    /** The name rights are kept under, with its kind: {@code member:NAME} or {@code partner:NAME}. */
    String key();

    /** The name to show in logs and resources. */
    String name();

    /** A member's program or person, holding API token {@code tokenId}. */
    record Member(String name, String tokenId) implements Principal {
        public Member {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(tokenId, "tokenId");
        }

        @Override
        public String key() {
            return memberKey(name);
        }
    }

    /** A partner node, recognised by the pinned SHA-256 of its certificate's public key. */
    record Partner(String name, String fingerprint) implements Principal {
        public Partner {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(fingerprint, "fingerprint");
        }

        @Override
        public String key() {
            return partnerKey(name);
        }
    }

    static String memberKey(String name) {
        return "member:" + name;
    }

    static String partnerKey(String name) {
        return "partner:" + name;
    }
}
