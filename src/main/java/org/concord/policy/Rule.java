package org.concord.policy;

/**
 * The rules of the egress (and ingress) policy, each with a short stable id that the audit log
 * records. A {@link Decision.Withhold} names the one rule that stopped an object; a
 * {@link Decision.Release} lists the rules that let it go and every transformation applied.
 */
public enum Rule {
    // ---- why an object may go ----
    /** The object is marked TLP:CLEAR and the agreement names clear. */
    TLP_CLEAR("tlp-clear"),
    /** TLP:GREEN, named by the agreement. */
    TLP_GREEN("tlp-green"),
    /** TLP:AMBER, named by the agreement. */
    TLP_AMBER("tlp-amber"),
    /** TLP:AMBER+STRICT, to a partner of the member's own organisation whose agreement names it. */
    TLP_AMBER_STRICT("tlp-amber-strict"),
    /** TLP:RED: never leaves. Only ever a reason to withhold. */
    TLP_RED("tlp-red"),
    /** The object had no TLP marking and no handling level: the node's default level was applied (nothing is written into it). */
    TLP_DEFAULT("tlp-default"),
    /** The object had no TLP marking: the handling level recorded beside it was applied (it travels beside the object). */
    TLP_HANDLING("tlp-handling"),
    /** One of the standard TLP marking-definition objects (1.0 or 2.0), public by nature. */
    TLP_DEFINITION("tlp-definition"),
    /** A marking definition the agreement lists in {@code markings}. */
    MARKING_ALLOWED("marking-allowed"),

    // ---- transformations applied on release ----
    /** Properties whose granular marking may not go to the partner were removed. */
    GRANULAR_REMOVED("granular-removed"),
    /** Sighting sent with where_sighted_refs replaced by the reporter's country. */
    SIGHTING_COUNTRY("sighting-country"),
    /** Sighting reduced to what it sighted, how often and when. */
    SIGHTING_COUNTS("sighting-counts"),
    /** PII values replaced by keyed pseudonyms. */
    PII_PSEUDONYMISED("pii-pseudonymised"),
    /** PII properties removed. */
    PII_STRIPPED("pii-stripped"),
    /** Ids of observable types carrying PII replaced by pseudonymous ids (and every reference to them). */
    ID_PSEUDONYMISED("id-pseudonymised"),
    /** References to objects this node holds and withholds from the partner were removed. */
    REFERENCE_REMOVED("reference-removed"),

    // ---- why an object is withheld ----
    /** No outbound agreement with the partner. */
    NO_AGREEMENT("no-agreement"),
    /** A marking that is neither TLP nor listed in the agreement's {@code markings}. */
    UNKNOWN_MARKING("unknown-marking"),
    /** The partner is already on the path the object travelled (loop cut). */
    LOOP("loop"),
    /** The object came from another node whose agreement does not let it be passed on. */
    RESHARE("reshare"),
    /** The object's type is not in the agreement's {@code types}. */
    OBJECT_TYPE("object-type"),
    /** The object's collection is not in the agreement's {@code collections}. */
    COLLECTION("collection"),
    /** The object names sectors, none of which the agreement lists. */
    SECTOR("sector"),
    /** A granular marking that may not go covers a property the object cannot do without. */
    GRANULAR_REQUIRED("granular-required"),
    /** A sighting to disclose by country whose reporter's country is unknown. */
    SIGHTING_COUNTRY_UNKNOWN("sighting-country-unknown"),
    /** The object's markings are malformed (so what they protect cannot be told). */
    INVALID_INPUT("invalid-input"),
    /** What would be released is not valid STIX 2.1 (a transformation removed something required). */
    INVALID_RESULT("invalid-result"),
    /** The object is not valid STIX 2.1 without a reference to an object withheld from the partner. */
    REFERENCE_WITHHELD("reference-withheld"),
    /** A newer version of the object is withheld from the partner, which withdraws this one. */
    NEWER_VERSION_WITHHELD("newer-version-withheld"),
    /**
     * An object of the {@code cases} collection whose case (or request) the partner's member takes
     * no part in ({@link org.concord.partner.Audiences}; docs/response-design.md §5).
     */
    NOT_IN_CASE("not-in-case"),

    // ---- how a decision came about ----
    /**
     * Not a rule of the policy but a mark on a decision, after its rules: the version had been
     * withheld from the partner on a push, and was decided again because the terms it was decided
     * under changed (the outbound agreement, or the node's default TLP; docs/federation.md).
     */
    AGREEMENT_CHANGED("agreement-changed");

    private final String id;

    Rule(String id) {
        this.id = id;
    }

    /** The stable short name written to the audit log ("tlp-red"). */
    public String id() {
        return id;
    }

    /** Whether applying this rule changes the object sent (its bytes differ from the stored version). */
    public boolean transforms() {
        return switch (this) {
            case GRANULAR_REMOVED, SIGHTING_COUNTRY, SIGHTING_COUNTS, PII_PSEUDONYMISED, PII_STRIPPED,
                 ID_PSEUDONYMISED, REFERENCE_REMOVED -> true;
            default -> false;
        };
    }

    /**
     * Whether a version this rule withheld stays withheld whatever the agreement and the node's
     * default TLP become: its provenance (a loop, no leave to pass it on) or its own bytes decide.
     * These rules come after every rule an agreement can change, so a version one of them withheld
     * is never released by an edited agreement.
     */
    public boolean lasting() {
        return switch (this) {
            case LOOP, RESHARE, INVALID_INPUT -> true;
            default -> false;
        };
    }

    /** The rule whose id is {@code id}. */
    public static Rule ofId(String id) {
        for (Rule r : values()) if (r.id.equals(id)) return r;
        throw new IllegalArgumentException("not a policy rule: " + id);
    }

    /** The rule that lets {@code level} go (or, for RED, that stops it). */
    static Rule of(org.concord.stix.Tlp level) {
        return switch (level) {
            case CLEAR -> TLP_CLEAR;
            case GREEN -> TLP_GREEN;
            case AMBER -> TLP_AMBER;
            case AMBER_STRICT -> TLP_AMBER_STRICT;
            case RED -> TLP_RED;
        };
    }
}
