package dev.tollgate.server;

import dev.tollgate.config.Config;
import dev.tollgate.identity.HashPool;
import dev.tollgate.identity.LoginQueue;
import dev.tollgate.identity.PasswordHasher;

/** Password hashing: the hasher, the bounded pool it runs on, and the queue that decides who hashes first. */
public record Hashing(PasswordHasher hasher, HashPool pool, LoginQueue queue) {
    static Hashing of(Config.Passwords passwords) {
        PasswordHasher hasher = new PasswordHasher(passwords.memoryKib(), passwords.iterations(),
                passwords.parallelism(), passwords.nativeArgon2());
        HashPool pool = new HashPool(passwords.hashThreads(), passwords.hashQueue());
        return new Hashing(hasher, pool, new LoginQueue(pool.threads(), passwords.hashQueue()));
    }
}
