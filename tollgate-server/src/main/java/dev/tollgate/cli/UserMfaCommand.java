package dev.tollgate.cli;

import dev.tollgate.admin.Admin;
import dev.tollgate.mfa.MultiFactor;
import dev.tollgate.store.Authenticator;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "mfa", mixinStandardHelpOptions = true,
        description = "Manage a database user's second factors: TOTP authenticators and the recovery code.",
        subcommands = {UserMfaCommand.Enroll.class, UserMfaCommand.ListAuthenticators.class,
                UserMfaCommand.Reset.class})
final class UserMfaCommand {

    @Command(name = "enroll", mixinStandardHelpOptions = true,
            description = "Give a user a TOTP authenticator, active at once: prints the secret, the otpauth:// URI, "
                    + "a QR code for an authenticator app and the recovery code. They are shown only this once. "
                    + "Refused while the user has an active authenticator (reset it first).")
    static final class Enroll extends AdminCommand {
        @Parameters(paramLabel = "USERNAME")
        String username;

        @Override
        void run(Admin admin) {
            MultiFactor.Enrolment enrolment = admin.mfa().enroll(username);
            System.out.println("authenticator " + enrolment.id() + " enrolled for '" + username + "'");
            System.out.println("secret: " + enrolment.secret());
            System.out.println("uri: " + enrolment.uri());
            System.out.println();
            System.out.print(TerminalQr.draw(enrolment.uri()));
            System.out.println();
            System.out.println("recovery code: " + enrolment.recoveryCode());
            System.out.println("(shown once: give them to the user; Tollgate keeps the secret sealed and the code "
                    + "only as a hash)");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List a user's authenticators: id, type, active or pending, and when enrolled.")
    static final class ListAuthenticators extends AdminCommand {
        @Parameters(paramLabel = "USERNAME")
        String username;

        @Override
        void run(Admin admin) {
            List<Authenticator> authenticators = admin.mfa().list(username);
            if (authenticators.isEmpty()) {
                System.out.println("'" + username + "' has no authenticator");
            }
            for (Authenticator a : authenticators) {
                System.out.printf("%s\totp\t%s\tcreated=%s%n", a.id(), a.active() ? "active" : "pending",
                        Instant.ofEpochSecond(a.createdAt()));
            }
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = "Remove all of a user's authenticators and the recovery code (a lost phone). Under "
                    + "[mfa] policy = \"required\" the user enrols again at the next login.")
    static final class Reset extends AdminCommand {
        @Parameters(paramLabel = "USERNAME")
        String username;

        @Override
        void run(Admin admin) {
            int removed = admin.mfa().reset(username);
            System.out.println("second factors of '" + username + "' reset (" + removed + " authenticator"
                    + (removed == 1 ? "" : "s") + " removed)");
        }
    }
}
