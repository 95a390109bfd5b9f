package dev.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import dev.tollgate.http.admin.AdminApiRoutes;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin API's OpenAPI document, as served: a valid OpenAPI 3.1 document (by swagger-parser),
 * naming exactly the routes the server has, and describing what the server really answers (real
 * responses checked against the document's statuses, headers and JSON schemas).
 */
class OpenApiTest {
    /** Where the schemas' references are resolved from: only a name, nothing is fetched. */
    private static final String DOCUMENT_IRI = "https://tollgate.example/admin/api/v1/openapi.json";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    static TestServer server;
    static AdminApi admin;
    static String text;
    static JsonNode document;
    static SchemaRegistry schemas;

    @BeforeAll
    static void start() {
        server = TestServer.start(AdminApi.CLIENT + TestServer.APP_AND_ALICE + """

                [brute_force]
                ip_requests_per_minute = 60000
                """);
        admin = AdminApi.writer(server);
        TestServer.Response served = new AdminApi(server, null).get("/openapi.json");
        assertThat(served.status()).as(served.body()).isEqualTo(200);
        assertThat(served.header("Content-Type")).startsWith("application/json");
        text = served.body();
        document = served.json();
        schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), registry -> registry
                .schemas(Map.of(DOCUMENT_IRI, text))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theServedDocumentIsTheOneInTheSources() throws IOException {
        try (InputStream in = AdminApiRoutes.class.getResourceAsStream("openapi.json")) {
            assertThat(text).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aRealOpenApiParserReadsItAsOpenApi31WithoutComplaint() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(text, null, options);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(result.getOpenAPI().getPaths()).isNotEmpty();
        result.getOpenAPI().getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
            assertThat(operation.getOperationId()).as(path).matches("[a-z][A-Za-z]+");
            assertThat(operation.getTags()).as(path).hasSize(1);
            assertThat(operation.getSummary()).as(path).isNotBlank();
        }));
    }

    @Test
    void theDocumentNamesEveryRouteOfTheServerAndNoOther() {
        // the same routes as the running server's: the route list is built from its admin operations
        AdminApiRoutes routes = new AdminApiRoutes(server.services().admin(), null, null, null);
        Set<String> inCode = new TreeSet<>(routes.operations());
        Set<String> inDocument = new TreeSet<>();
        document.get("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(key -> {
            if (METHODS.contains(key)) {
                inDocument.add(key.toUpperCase() + " " + path.getKey());
            }
        }));
        assertThat(inCode).hasSizeGreaterThan(20);
        assertThat(inDocument).as("routes missing from the document").containsAll(inCode);
        assertThat(inCode).as("operations in the document that the server does not have").containsAll(inDocument);
    }

    @Test
    void readsAcceptEitherAdminScopeAndChangesNeedTheWriteScope() {
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
            JsonNode security = entry.getValue().get("security");
            String operation = entry.getKey() + " " + path.getKey();
            assertThat(security).as(operation).isNotNull();
            if (path.getKey().equals("/openapi.json")) {
                assertThat(security).as(operation).isEmpty();
            } else if (entry.getKey().equals("get")) {
                assertThat(security.toString()).as(operation).contains("\"tollgate:admin:read\"", "\"tollgate:admin\"");
            } else {
                assertThat(security.toString()).as(operation).contains("\"tollgate:admin\"")
                        .doesNotContain("tollgate:admin:read");
            }
        }));
    }

    @Test
    void clientsAnswerAsDocumented() {
        TestServer.Response created = check("post", "/clients", admin.post("/clients",
                "{\"id\": \"doc-shop\", \"grant_types\": [\"client_credentials\"], \"scopes\": [\"read\"], "
                        + "\"access_token_ttl\": 600}"));
        assertThat(created.status()).isEqualTo(201);
        admin.post("/clients", "{\"id\": \"doc-shop-2\", \"grant_types\": [\"client_credentials\"]}");
        TestServer.Response read = check("get", "/clients/{id}", admin.get("/clients/doc-shop"));
        assertThat(read.status()).isEqualTo(200);
        TestServer.Response page = check("get", "/clients", admin.get("/clients?limit=1"));
        assertThat(page.json().get("next").asText()).contains("cursor=");
        check("get", "/clients", admin.get(page.json().get("next").asText().substring(AdminApi.BASE.length())));
        check("patch", "/clients/{id}", admin.patch("/clients/doc-shop", "{\"access_token_ttl\": null}",
                "If-Match", read.header("ETag")));
        check("post", "/clients/{id}/secret", admin.post("/clients/doc-shop/secret", "{\"keep_old_for_seconds\": 60}"));
        check("get", "/clients/{id}", admin.get("/clients/doc-shop"));
        check("delete", "/clients/{id}", admin.delete("/clients/doc-shop-2"));
    }

    @Test
    void usersAndTheirSessionsAnswerAsDocumented() {
        String id = check("post", "/users", admin.post("/users", "{\"username\": \"doc-bob\", \"password\": "
                + "\"bob-password-1\", \"email\": \"bob@example.com\", \"email_verified\": true, \"name\": \"Bob\"}"))
                .json().get("id").asText();
        TestServer.Response list = check("get", "/users", admin.get("/users?q=doc-&limit=10"));
        assertThat(list.json().get("items")).hasSize(1);
        TestServer.Response read = check("get", "/users/{id}", admin.get("/users/" + id));
        check("patch", "/users/{id}", admin.patch("/users/" + id, "{\"name\": \"Robert\"}", "If-Match",
                read.header("ETag")));
        server.login("doc-bob", "bob-password-1", "");
        TestServer.Response sessions = check("get", "/users/{id}/sessions", admin.get("/users/" + id + "/sessions"));
        assertThat(sessions.json().get("items")).hasSize(1);
        check("delete", "/users/{id}/sessions/{family}", admin.delete("/users/" + id + "/sessions/"
                + sessions.json().get("items").get(0).get("id").asText()));
        check("delete", "/users/{id}/sessions", admin.delete("/users/" + id + "/sessions"));
        check("post", "/users/{id}/unlock", admin.post("/users/" + id + "/unlock", null));
        check("put", "/users/{id}/password", admin.put("/users/" + id + "/password", "{\"password\": \"bob-2\"}"));
        check("delete", "/users/{id}", admin.delete("/users/" + id));
    }

    @Test
    void apisKeysLockoutsAndDirectoriesAnswerAsDocumented() {
        check("post", "/apis", admin.post("/apis", "{\"identifier\": \"https://doc.example/api\", \"scopes\": "
                + "[\"doc:read\"], \"token_format\": \"opaque\"}"));
        TestServer.Response apis = check("get", "/apis", admin.get("/apis"));
        assertThat(apis.body()).contains("tollgate-admin");
        String apiId = check("get", "/apis/{id}", admin.get("/apis/https%3A%2F%2Fdoc.example%2Fapi")).json()
                .get("id").asText();
        check("patch", "/apis/{id}", admin.patch("/apis/" + apiId, "{\"access_token_ttl\": 300}"));
        check("delete", "/apis/{id}", admin.delete("/apis/" + apiId));
        check("get", "/keys", admin.get("/keys"));
        check("post", "/keys/rotate", admin.post("/keys/rotate", "{\"activate_in\": 3600}"));
        check("get", "/lockouts", admin.get("/lockouts"));
        check("get", "/directories", admin.get("/directories"));
        check("get", "/openapi.json", new AdminApi(server, null).get("/openapi.json"));
    }

    @Test
    void refusalsAreTheDocumentedProblems() {
        check("get", "/clients", new AdminApi(server, null).get("/clients"));
        check("post", "/clients", AdminApi.reader(server).post("/clients", "{\"id\": \"by-reader\"}"));
        TestServer.Response invalid = check("post", "/clients", admin.post("/clients", "{\"id\": \"x\", \"colour\": 1}"));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.json().get("errors").get(0).get("field").asText()).isEqualTo("colour");
        check("post", "/clients", admin.post("/clients", "{\"id\": \"app\"}"));
        check("post", "/clients", admin.post("/clients", "{\"id\": "));
        check("post", "/clients", admin.send("POST", "/clients", "text/plain", "id=x"));
        check("get", "/clients/{id}", admin.get("/clients/nobody"));
        check("delete", "/clients/{id}", admin.delete("/clients/app", "If-Match", "\"stale\""));
        check("get", "/users", admin.get("/users?limit=201"));
        assertThat(admin.get("/clients/app").status()).isEqualTo(200);
    }

    @Test
    void theCheckRefusesWhatTheDocumentDoesNotDescribe() {
        TestServer.Response real = admin.get("/clients/app");
        assertThat(errors("Client", real.body())).isEmpty();
        assertThat(errors("Client", real.body().replaceFirst("\\{", "{\"colour\": \"red\","))).isNotEmpty();
        assertThat(errors("Client", real.body().replace("\"id\"", "\"client\""))).isNotEmpty();
        assertThat(errors("Problem", "{\"type\": \"urn:tollgate:problem:x\", \"title\": \"X\", \"status\": \"400\"}"))
                .isNotEmpty();
        assertThat(errors("ClientPage", "{\"items\": [{}]}")).isNotEmpty();
    }

    /**
     * Asserts that the operation documents the response's status, and that the response has the
     * documented media type, required headers and a body valid by the documented schema.
     */
    private static TestServer.Response check(String method, String path, TestServer.Response response) {
        JsonNode operation = document.path("paths").path(path).path(method);
        assertThat(operation.isObject()).as(method + " " + path + " in the document").isTrue();
        JsonNode documented = resolve(operation.path("responses").path(String.valueOf(response.status())));
        assertThat(documented.isObject()).as(method + " " + path + " documents " + response.status() + ": "
                + response.body()).isTrue();
        documented.path("headers").properties().forEach(header -> {
            if (resolve(header.getValue()).path("required").asBoolean()) {
                assertThat(response.header(header.getKey())).as(header.getKey()).isNotNull();
            }
        });
        JsonNode content = documented.path("content");
        if (content.isMissingNode()) {
            assertThat(response.body()).as(method + " " + path).isEmpty();
            return response;
        }
        String type = response.header("Content-Type").split(";", 2)[0].trim();
        assertThat(content.has(type)).as(method + " " + path + " answers " + type).isTrue();
        JsonNode schema = content.get(type).path("schema");
        List<String> errors = schema.has("$ref") ? errors(schema.get("$ref").asText().substring(
                "#/components/schemas/".length()), response.body()) : List.of();
        assertThat(errors).as(method + " " + path + " " + response.status() + ": " + response.body()).isEmpty();
        return response;
    }

    private static List<String> errors(String schemaName, String json) {
        Schema schema = schemas.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#/components/schemas/" + schemaName));
        return schema.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    private static JsonNode resolve(JsonNode node) {
        if (node.has("$ref")) {
            return document.at(node.get("$ref").asText().substring(1));
        }
        return node;
    }
}
