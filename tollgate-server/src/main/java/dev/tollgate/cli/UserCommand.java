package dev.tollgate.cli;

import dev.tollgate.admin.Admin;
import dev.tollgate.admin.UserSpec;
import dev.tollgate.admin.Users;
import dev.tollgate.identity.Identity;
import dev.tollgate.store.LoginFailures;
import dev.tollgate.store.Profile;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Manage users of the database directory. Passwords are read from the terminal or "
                + "standard input, never from the command line.",
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Remove.class,
                UserCommand.SetPassword.class, UserCommand.Unlock.class, UserMfaCommand.class})
final class UserCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a user; the password is read from the terminal or the first line of standard input.")
    static final class Add extends AdminCommand {
        @Parameters(paramLabel = "USERNAME")
        String username;

        @Option(names = "--scopes", split = ",", paramLabel = "SCOPE", description = "scopes this user may grant")
        List<String> scopes = List.of();

        @Option(names = "--email")
        String email;

        @Option(names = "--email-verified", description = "mark the email address as verified")
        boolean emailVerified;

        @Option(names = "--name", description = "full name")
        String name;

        @Option(names = "--given-name")
        String givenName;

        @Option(names = "--family-name")
        String familyName;

        @Option(names = "--phone-number")
        String phoneNumber;

        @Option(names = "--phone-number-verified", description = "mark the phone number as verified")
        boolean phoneNumberVerified;

        @Option(names = "--address", description = "full mailing address (lines separated by newlines)")
        String address;

        @Override
        void run(Admin admin) {
            if (username.isBlank()) {
                throw new CommandFailed("username must not be empty");
            }
            Users users = admin.users();
            if (users.find(username).isPresent()) {
                throw new CommandFailed("user '" + username + "' already exists");
            }
            users.add(new UserSpec(username, scopes, new Profile(email, emailVerified, name, givenName, familyName,
                    phoneNumber, phoneNumberVerified, address)), SecretInput.read("Password"));
            System.out.println("user '" + username + "' added");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List users; 'disabled' and 'weak_hash' (an imported fast digest) mark those that need care.")
    static final class ListUsers extends AdminCommand {
        @Override
        void run(Admin admin) {
            Users users = admin.users();
            users.forEachStored(user -> System.out.printf("%s\t%s\tscopes=%s%s%s%s%n", user.username(), user.id(),
                    String.join(",", new TreeSet<>(user.scopes())),
                    user.profile().email() == null ? "" : "\temail=" + user.profile().email(),
                    user.disabled() ? "\tdisabled" : "",
                    // an imported salted digest: the user should log in soon, which replaces it
                    users.isWeakHash(user.passwordHash()) ? "\tweak_hash" : ""));
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a user and their refresh tokens.")
    static final class Remove extends AdminCommand {
        @Parameters(paramLabel = "USERNAME")
        String username;

        @Override
        void run(Admin admin) {
            admin.users().remove(username);
            System.out.println("user '" + username + "' removed");
        }
    }

    @Command(name = "set-password", mixinStandardHelpOptions = true,
            description = "Set a user's password, read from the terminal or the first line of standard input.")
    static final class SetPassword extends AdminCommand {
        @Parameters(paramLabel = "USERNAME")
        String username;

        @Override
        void run(Admin admin) {
            Users users = admin.users();
            Identity user = users.get(username);
            users.setPassword(username, SecretInput.read("Password"));
            System.out.println("password of '" + user.username() + "' changed");
        }
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true,
            description = "Clear a username's failed logins and lockout. Lockouts are kept for any submitted "
                    + "username, so this works whether or not such a user exists. A running server sees it "
                    + "within a second.")
    static final class Unlock extends AdminCommand {
        @Parameters(paramLabel = "USERNAME")
        String username;

        @Override
        void run(Admin admin) {
            long now = Instant.now().getEpochSecond();
            Optional<LoginFailures> was = admin.users().unlock(username);
            if (was.isEmpty()) {
                System.out.println("'" + username + "' has no failed logins and no lockout");
            } else if (was.get().lockedAt(now)) {
                System.out.println("lockout of '" + username + "' cleared");
            } else {
                System.out.println("failed logins of '" + username + "' cleared");
            }
        }
    }
}
