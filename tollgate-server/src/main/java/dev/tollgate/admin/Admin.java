package dev.tollgate.admin;

/** The admin operations, one object per kind of thing managed; the CLI, config sync, demo and admin API call these. */
public record Admin(Clients clients, Users users, Apis apis, Keys keys, Sessions sessions, Lockouts lockouts,
        AuditEvents audit, DirectoryChecks directories, DirectoryUsers directoryUsers, Authenticators mfa) {}
