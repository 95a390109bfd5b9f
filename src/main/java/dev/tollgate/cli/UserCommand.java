package dev.tollgate.cli;

import dev.tollgate.server.Services;
import dev.tollgate.store.LoginFailures;
import dev.tollgate.store.User;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Manage users of the database directory. Passwords are read from the terminal or "
                + "standard input, never from the command line.",
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Remove.class,
                UserCommand.SetPassword.class, UserCommand.Unlock.class})
final class UserCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a user; the password is read from the terminal or the first line of standard input.")
    static final class Add implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

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
        public Integer call() {
            if (username.isBlank()) {
                throw new CommandFailed("username must not be empty");
            }
            try (Services services = options.open()) {
                if (services.users.findByUsername(username).isPresent()) {
                    throw new CommandFailed("user '" + username + "' already exists");
                }
                String password = SecretInput.read("Password");
                services.users.save(new User(UUID.randomUUID().toString(), username, services.hasher.hash(password),
                        new LinkedHashSet<>(scopes),
                        new User.Profile(email, emailVerified, name, givenName, familyName, phoneNumber,
                                phoneNumberVerified, address), 0));
                System.out.println("user '" + username + "' added");
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() {
            try (Services services = options.open()) {
                for (User user : services.users.list()) {
                    System.out.printf("%s\t%s\tscopes=%s%s%n", user.username(), user.id(),
                            String.join(",", new TreeSet<>(user.scopes())),
                            user.profile().email() == null ? "" : "\temail=" + user.profile().email());
                }
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a user and their refresh tokens.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "USERNAME")
        String username;

        @Override
        public Integer call() {
            try (Services services = options.open()) {
                if (!services.users.removeByUsername(username)) {
                    throw new CommandFailed("no user '" + username + "'");
                }
                System.out.println("user '" + username + "' removed");
            }
            return 0;
        }
    }

    @Command(name = "set-password", mixinStandardHelpOptions = true,
            description = "Set a user's password, read from the terminal or the first line of standard input.")
    static final class SetPassword implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "USERNAME")
        String username;

        @Override
        public Integer call() {
            try (Services services = options.open()) {
                User user = services.users.findByUsername(username)
                        .orElseThrow(() -> new CommandFailed("no user '" + username + "'"));
                String password = SecretInput.read("Password");
                services.users.updatePasswordHash(user.id(), services.hasher.hash(password));
                System.out.println("password of '" + user.username() + "' changed");
            }
            return 0;
        }
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true,
            description = "Clear a username's failed logins and lockout. Lockouts are kept for any submitted "
                    + "username, so this works whether or not such a user exists. A running server sees it "
                    + "within a second.")
    static final class Unlock implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "USERNAME")
        String username;

        @Override
        public Integer call() {
            try (Services services = options.open()) {
                long now = services.clock.instant().getEpochSecond();
                Optional<LoginFailures> was = services.bruteForceGuard().unlock(username);
                if (was.isEmpty()) {
                    System.out.println("'" + username + "' has no failed logins and no lockout");
                } else if (was.get().lockedAt(now)) {
                    System.out.println("lockout of '" + username + "' cleared");
                } else {
                    System.out.println("failed logins of '" + username + "' cleared");
                }
            }
            return 0;
        }
    }
}
