package org.concord.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A statement assembled from optional parts, with its parameters in order. */
final class Query {
    private final Dialect dialect;
    private final StringBuilder sql;
    private final List<Object> params = new ArrayList<>();

    Query(Dialect dialect, String start, Object... params) {
        this.dialect = dialect;
        this.sql = new StringBuilder(start);
        this.params.addAll(List.of(params));
    }

    Query append(String part, Object... params) {
        sql.append(part);
        this.params.addAll(List.of(params));
        return this;
    }

    /** Appends "{@code column} is one of {@code values}" (all strings or all longs) in the dialect's form. */
    Query in(String column, List<?> values) {
        sql.append(dialect.in(column, values.size()));
        params.add(new Values(values));
        return this;
    }

    PreparedStatement prepare(Connection c) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql.toString());
        try {
            int i = 1;
            for (Object p : params) {
                switch (p) {
                    case Long l -> ps.setLong(i++, l);
                    case Integer n -> ps.setInt(i++, n);
                    case String s -> ps.setString(i++, s);
                    case Values v -> i = dialect.bindList(ps, i, v.values());
                    default -> throw new IllegalStateException("no binding for " + p.getClass());
                }
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return sql.toString();
    }

    private record Values(List<?> values) {}
}
