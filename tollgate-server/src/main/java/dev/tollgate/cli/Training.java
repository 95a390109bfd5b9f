package dev.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.admin.Admin;
import dev.tollgate.admin.ClientSpec;
import dev.tollgate.admin.UserSpec;
import dev.tollgate.store.Profile;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The launcher's training run ({@code -Dtollgate.training=true} on a throw-away database): after
 * the start, a few thousand requests of every grant and of introspection, so that what the JVM
 * records (the classes loaded; on JDK 25, also the methods' profiles) covers serving requests,
 * not only starting up. A production start then loads the request path ready-parsed and can
 * compile its hot methods without first profiling them under load.
 */
final class Training {
    private static final String CLIENT_ID = "training";
    private static final String SECRET = "training-secret";
    private static final String USERNAME = "training";
    private static final String PASSWORD = "training-password";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Passwords are hashed at full cost, so fewer of them. */
    private static final int PASSWORD_GRANTS = 40;
    private static final int FAST_REQUESTS = 1500;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String tokenUrl;
    private final String introspectUrl;
    private final String basic = "Basic " + Base64.getEncoder()
            .encodeToString((CLIENT_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));

    private Training(String baseUrl) {
        this.tokenUrl = baseUrl + "/oauth/token";
        this.introspectUrl = baseUrl + "/oauth/introspect";
    }

    static void prepare(Admin admin) {
        admin.clients().put(new ClientSpec(CLIENT_ID, SECRET, false,
                List.of("password", "refresh_token", "client_credentials"), List.of("read", "openid"),
                null, null, null, null, null, false, true, null, null));
        admin.users().put(new UserSpec(USERNAME, List.of("read"),
                new Profile("training@example.com", true, "Training", null, null, null)), PASSWORD, null);
    }

    static void exercise(String baseUrl) throws IOException, InterruptedException {
        new Training(baseUrl).run();
    }

    private void run() throws IOException, InterruptedException {
        String refreshToken = null;
        String accessToken = null;
        for (int i = 0; i < PASSWORD_GRANTS; i++) {
            JsonNode tokens = post(tokenUrl, Map.of("grant_type", "password", "username", USERNAME,
                    "password", PASSWORD, "scope", i % 2 == 0 ? "read" : "read openid"));
            refreshToken = tokens.path("refresh_token").asText();
            accessToken = tokens.path("access_token").asText();
        }
        for (int i = 0; i < FAST_REQUESTS; i++) {
            refreshToken = post(tokenUrl, Map.of("grant_type", "refresh_token", "refresh_token", refreshToken))
                    .path("refresh_token").asText();
            post(tokenUrl, Map.of("grant_type", "client_credentials"));
            post(introspectUrl, Map.of("token", accessToken));
        }
    }

    private JsonNode post(String url, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("training request to " + url + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }
}
