package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An unknown username and a wrong password in an LDAP directory take the same time to reject:
 * Welch's t-test on 500 interleaved requests of each finds no difference (p > 0.01). The unknown
 * user's login binds as a DN that does not exist, then waits until it took as long as checks of
 * existing users do (finding an entry costs a directory more than finding none).
 */
class DirectoryTimingTest {
    static final int SAMPLES = 500;
    static TestLdap ldap;
    static TestServer server;

    @BeforeAll
    static void start() {
        ldap = TestLdap.openLdap();
        ldap.user("alice");
        server = TestServer.start(Toml.config()
                .client("app", "directories", Toml.list("corp"))
                .section("brute_force", "max_failures", 0, "ip_requests_per_minute", 0)
                .directory("corp", ldap.settings())
                .toString());
    }

    @AfterAll
    static void stop() {
        server.close();
        ldap.close();
    }

    static long rejection(String username) {
        long started = System.nanoTime();
        TestServer.Response response = server.form("/oauth/token",
                "grant_type=password&username=" + username + "&password=wrong-password",
                "Authorization", TestServer.basic("app", "app-secret"));
        long took = System.nanoTime() - started;
        assertThat(response.error()).isEqualTo("invalid_grant");
        return took;
    }

    @Test
    void anUnknownUserAndAWrongPasswordCannotBeToldApartByTime() {
        for (int i = 0; i < 100; i++) {
            rejection("alice");
            rejection("nobody" + i);
        }
        double[] wrongPassword = new double[SAMPLES];
        double[] unknownUser = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            // interleaved, so that whatever else the machine does falls on both alike
            if (i % 2 == 0) {
                wrongPassword[i] = rejection("alice");
                unknownUser[i] = rejection("unknown" + i);
            } else {
                unknownUser[i] = rejection("unknown" + i);
                wrongPassword[i] = rejection("alice");
            }
        }
        double p = new TTest().tTest(wrongPassword, unknownUser);
        assertThat(p).as("Welch's t-test p-value, wrong password vs unknown user (mean %.0f µs vs %.0f µs)",
                mean(wrongPassword) / 1000, mean(unknownUser) / 1000).isGreaterThan(0.01);
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }
}
