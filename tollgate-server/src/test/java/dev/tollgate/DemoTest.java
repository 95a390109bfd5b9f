package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code tollgate serve --demo} with the default storage under ./data prints a curl command that works as printed. */
class DemoTest {
    @Test
    void demoPrintsWorkingCurlLine() throws Exception {
        Path dir = Files.createTempDirectory("tollgate-demo");
        Process process = CliProcess.builder(dir, List.of("serve", "--demo", "--port", "0",
                        "--set", "metrics.port=0", "--set", "passwords.memory_kib=64", "--set", "passwords.iterations=1"))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String curl = null;
            String adminCurl = null;
            for (String line = out.readLine(); line != null && adminCurl == null; line = out.readLine()) {
                if (line.trim().startsWith("curl ")) {
                    if (curl == null) {
                        curl = line.trim();
                    } else {
                        adminCurl = line.trim();
                    }
                }
            }
            assertThat(curl).as("the demo prints a curl line").isNotNull();
            var json = SeedRequestTest.curl(curl);
            assertThat(json.get("access_token").asText()).isNotBlank();
            assertThat(json.get("scope").asText()).isEqualTo("read write");
            assertThat(json.has("id_token")).isFalse();
            var openid = SeedRequestTest.curl(curl + " -d 'scope=openid profile email'");
            assertThat(openid.get("scope").asText()).isEqualTo("email openid profile");
            assertThat(openid.get("id_token").asText()).isNotBlank();
            assertThat(Files.isDirectory(dir.resolve("data"))).as("H2 database under ./data").isTrue();
            assertThat(adminCurl).as("the demo prints how to get an admin token").contains("scope=tollgate:admin");
            var admin = SeedRequestTest.curl(adminCurl);
            assertThat(AccessTokenTest.claims(admin).getAudience()).containsExactly("tollgate-admin");
        } finally {
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            TestServer.delete(dir);
        }
    }
}
