package org.concord.runtime;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The roles a node process runs: {@link #ALL} by default, or a subset ({@code --roles api,fanout}).
 *
 * @param set the roles
 */
public record Roles(Set<Role> set) {
    /** Every role: what {@code concord serve} runs unless told otherwise. */
    public static final Roles ALL = new Roles(EnumSet.allOf(Role.class));

    /** No role: a node opened and running nothing. */
    static final Roles NONE = new Roles(EnumSet.noneOf(Role.class));

    public Roles {
        set = Collections.unmodifiableSet(set.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(set));
    }

    /** These roles. */
    public static Roles of(Role first, Role... more) {
        return new Roles(EnumSet.of(first, more));
    }

    /**
     * Parses a comma-separated list of role names ({@code api,fanout}), or {@code all}.
     *
     * @throws IllegalArgumentException naming the value and the roles there are
     */
    public static Roles parse(String text) {
        EnumSet<Role> out = EnumSet.noneOf(Role.class);
        for (String part : text.split(",", -1)) {
            String name = part.strip();
            if (name.equals("all")) {
                out.addAll(ALL.set);
                continue;
            }
            Role role = Arrays.stream(Role.values()).filter(r -> r.label().equals(name)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("unknown role \"" + name + "\" in \"" + text + "\": roles are "
                            + ALL + " (or all)"));
            out.add(role);
        }
        return new Roles(out);
    }

    public boolean has(Role role) {
        return set.contains(role);
    }

    /** Whether any of {@code roles} is among these. */
    public boolean hasAny(Role... roles) {
        for (Role r : roles) if (set.contains(r)) return true;
        return false;
    }

    /** These roles and {@code other}'s. */
    public Roles and(Roles other) {
        EnumSet<Role> out = EnumSet.noneOf(Role.class);
        out.addAll(set);
        out.addAll(other.set);
        return new Roles(out);
    }

    /** These roles but {@code other}'s. */
    public Roles without(Roles other) {
        EnumSet<Role> out = EnumSet.noneOf(Role.class);
        out.addAll(set);
        out.removeAll(other.set);
        return new Roles(out);
    }

    public boolean isEmpty() {
        return set.isEmpty();
    }

    /** {@code api,sync,warning,fanout,response}: as {@link #parse} reads it. */
    @Override
    public String toString() {
        return set.stream().map(Role::label).collect(Collectors.joining(","));
    }
}
