package dev.tollgate.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reading nullable numeric columns. */
final class Columns {
    private Columns() {}

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
