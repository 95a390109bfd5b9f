package dev.tollgate.cli;

import dev.tollgate.Unavailable;
import dev.tollgate.admin.Admin;
import dev.tollgate.admin.DirectoryChecks;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "directory", mixinStandardHelpOptions = true,
        description = "Check the user directories ([[directories]] in the configuration, and the built-in one).",
        subcommands = {DirectoryCommand.ListDirectories.class, DirectoryCommand.Test.class})
final class DirectoryCommand {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the user directories, their servers, and whether each can serve now "
                    + "(connects and binds as the service account).")
    static final class ListDirectories extends AdminCommand {
        @Override
        void run(Admin admin) {
            for (DirectoryChecks.Listed listed : admin.directories().list()) {
                System.out.printf("%s\t%s\t%s\t%s%s%s%n", listed.name(), listed.type(),
                        listed.urls().isEmpty() ? "-" : String.join(",", listed.urls()), listed.state(),
                        listed.isDefault() ? "\tdefault" : "",
                        listed.problem() == null ? "" : "\t" + listed.problem());
            }
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Bind as the directory's service account and run its user search for USERNAME: prints "
                    + "the entries found with their id, groups, scopes and claims. Binds as no user and asks for "
                    + "no password.")
    static final class Test extends AdminCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "the directory's name")
        String name;

        @Parameters(index = "1", paramLabel = "USERNAME", description = "the username to search for")
        String username;

        @Override
        void run(Admin admin) {
            DirectoryChecks.Lookup lookup;
            try {
                lookup = admin.directories().test(name, username);
            } catch (Unavailable e) {
                throw new CommandFailed("directory '" + name + "' unavailable: "
                        + (e.getCause() == null ? e.description() : e.getCause().getMessage()));
            }
            if (lookup.entries().isEmpty()) {
                throw new CommandFailed("no entry in '" + name + "' matches '" + username + "'");
            }
            for (DirectoryChecks.Entry entry : lookup.entries()) {
                System.out.println("dn: " + entry.dn());
                System.out.println("id: " + (entry.id() == null ? "(none: see id_attribute)" : entry.id()));
                if (entry.disabled()) {
                    System.out.println("disabled: true");
                }
                for (String group : entry.groups()) {
                    System.out.println("group: " + group);
                }
                System.out.println("scopes: " + String.join(" ", new TreeSet<>(entry.scopes())));
                for (Map.Entry<String, Object> claim : entry.claims().entrySet()) {
                    System.out.println(claim.getKey() + ": " + claim.getValue());
                }
            }
            if (!lookup.found()) {
                throw new CommandFailed("'" + username + "' matches several entries in '" + name
                        + "': logins with it fail until user_filter finds one");
            }
        }
    }
}
