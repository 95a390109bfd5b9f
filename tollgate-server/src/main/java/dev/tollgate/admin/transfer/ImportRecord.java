package dev.tollgate.admin.transfer;

import dev.tollgate.admin.ClientSpec;
import dev.tollgate.admin.Users;

/** One record of an import file, numbered from 1 in the order of the file. */
public sealed interface ImportRecord {
    long number();

    record User(long number, Users.UserImport user) implements ImportRecord {}

    /** A client with its secret in {@code spec}, or with a ready {@code secretHash}, or neither (public). */
    record Client(long number, ClientSpec spec, String secretHash) implements ImportRecord {}

    /** A record left out on purpose, such as one of Keycloak's built-in clients. */
    record Skipped(long number, String what) implements ImportRecord {}
}
