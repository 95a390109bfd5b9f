package dev.tollgate.cli;

/** A command could not do what was asked (for example: no such user); exit code 1. */
final class CommandFailed extends RuntimeException {
    CommandFailed(String message) {
        super(message);
    }
}
